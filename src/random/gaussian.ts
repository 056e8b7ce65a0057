import { drawU32, type StreamKey, subKey } from './counter-rng.ts';

const TWO_POW_32 = 4294967296;

/** The two stream keys a standard normal draw uses. */
export function gaussianKeys(key: StreamKey): readonly [StreamKey, StreamKey] {
  return [subKey(key, 11), subKey(key, 12)];
}

/**
 * A standard normal draw at `row` by Box–Muller (one of its two outputs, so it stays a pure function of
 * the row): `sqrt(-2 ln u1) · cos(2π u2)`, with u1 in (0, 1] so the log is finite.
 */
export function drawGaussian(keys: readonly [StreamKey, StreamKey], row: number): number {
  const u1 = (drawU32(keys[0], row) + 1) / TWO_POW_32;
  const u2 = drawU32(keys[1], row) / TWO_POW_32;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
