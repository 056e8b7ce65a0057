import { drawU32, type StreamKey, subKey } from './counter-rng.ts';

const TWO_POW_32 = 4294967296;
/** Attempts before giving up on rejection; the acceptance rate is above 90% for every s, so 32 is never reached in practice. */
const MAX_ATTEMPTS = 32;
/**
 * Ranks whose acceptance bound is kept once computed (8 bytes each, at most 2 MiB a sampler): the bound
 * depends on the rank alone, and computing it is four of a draw's six logarithms and exponentials.
 */
const BOUNDS_KEPT = 262_144;

/** Bytes a sampler of `n` ranks keeps at the most (its acceptance bounds): for the planner's memory model. */
export function zipfSamplerBytes(n: number): number {
  return 8 * (Math.min(n, BOUNDS_KEPT) + 1);
}

/** log1p(x)/x, accurate near 0. */
function helper1(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** expm1(x)/x, accurate near 0. */
function helper2(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}

/**
 * Zipf-distributed ranks in `[1, n]` (P(k) ∝ (k + q)^-s, the Zipf–Mandelbrot law; q = 0 is Zipf's) in O(1)
 * per draw, by rejection-inversion (W. Hörmann, G. Derflinger, "Rejection-inversion to generate variates
 * from monotone discrete distributions", 1996; for q = 0 the same construction as Apache Commons RNG's
 * RejectionInversionZipfSampler, whose quick-accept bound holds only there). The method needs only a
 * decreasing h and its integral, so q shifts the lattice: rank k stands at x = k + q. Attempt j of row r
 * draws from its own sub-stream, so a rank stays a pure function of (key, row).
 */
export function zipfSampler(key: StreamKey, n: number, s: number, q = 0): (row: number) => number {
  const h = (x: number): number => Math.exp(-s * Math.log(x));
  const hIntegral = (x: number): number => {
    const logX = Math.log(x);
    return helper2((1 - s) * logX) * logX;
  };
  const hIntegralInverse = (x: number): number => {
    let t = x * (1 - s);
    if (t < -1) t = -1; // numerical safety at the far end
    return Math.exp(helper1(t) * x);
  };
  const hIntegralX1 = hIntegral(1.5 + q) - h(1 + q);
  const hIntegralN = hIntegral(n + 0.5 + q);
  // The quick accept of ranks near k - x holds for the unshifted law only: with q > 0 every draw is tested.
  const sBound = q === 0 ? 2 - hIntegralInverse(hIntegral(2.5) - h(2)) : -1;
  const keys = Array.from({ length: MAX_ATTEMPTS }, (_, j) => subKey(key, 100 + j));
  // Filled on first use (NaN until then), so that a short run computes only the ranks it draws.
  const bounds = new Float64Array(Math.min(n, BOUNDS_KEPT) + 1).fill(Number.NaN);
  const bound = (k: number): number => {
    if (k >= bounds.length) return hIntegral(k + q + 0.5) - h(k + q);
    let b = bounds[k]!;
    if (Number.isNaN(b)) b = bounds[k] = hIntegral(k + q + 0.5) - h(k + q);
    return b;
  };
  return (row) => {
    let k = 1;
    for (let j = 0; j < MAX_ATTEMPTS; j++) {
      const u = hIntegralN + (drawU32(keys[j]!, row) / TWO_POW_32) * (hIntegralX1 - hIntegralN);
      const x = hIntegralInverse(u) - q;
      k = Math.min(Math.max(Math.floor(x + 0.5), 1), n);
      if (k - x <= sBound || u >= bound(k)) return k;
    }
    return k;
  };
}
