import type { BoolVector, DictVector, NumberVector, Utf8Vector } from './types.ts';

/** A number vector for `capacity` rows. */
export function createNumberVector(capacity: number): NumberVector {
  return { kind: 'number', values: new Float64Array(capacity) };
}

/** A boolean vector for `capacity` rows. */
export function createBoolVector(capacity: number): BoolVector {
  return { kind: 'bool', values: new Uint8Array(capacity) };
}

/** A dictionary-coded text vector for `capacity` rows. */
export function createDictVector(capacity: number, dictionary: readonly string[]): DictVector {
  return { kind: 'dict', codes: new Uint32Array(capacity), dictionary };
}

/**
 * A UTF-8 vector for `capacity` rows, starting with `bytesPerRow` bytes of room per row (it grows);
 * `plain` promises that no value needs escaping or quoting (see `isPlainText`).
 */
export function createUtf8Vector(capacity: number, bytesPerRow: number, plain: boolean): Utf8Vector {
  return { kind: 'utf8', bytes: new Uint8Array(capacity * bytesPerRow), offsets: new Int32Array(capacity + 1), plain };
}

/** Makes room for `needed` bytes in `vector.bytes`, keeping the first `used` bytes. */
export function reserveUtf8(vector: Utf8Vector, used: number, needed: number): Uint8Array {
  if (used + needed <= vector.bytes.length) return vector.bytes;
  const grown = new Uint8Array(Math.max(vector.bytes.length * 2, used + needed));
  grown.set(vector.bytes.subarray(0, used));
  vector.bytes = grown;
  return grown;
}
