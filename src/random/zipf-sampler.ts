import { drawU32, type StreamKey, subKey } from './counter-rng.ts';

const TWO_POW_32 = 4294967296;
/** Attempts before giving up on rejection; the acceptance rate is above 90% for every s, so 32 is never reached in practice. */
const MAX_ATTEMPTS = 32;
/**
 * Ranks whose acceptance bound is kept once computed (8 bytes each, at most 2 MiB a sampler): the bound
 * depends on the rank alone, and computing it is four of a draw's six logarithms and exponentials.
 */
const BOUNDS_KEPT = 262_144;

/** Segments of the interpolated inverse (see `interpolated`): 64 KiB of knots and margins a sampler. */
const SEGMENTS = 4096;
/**
 * How far the computed inverse may stray from the true one, relative to it: the logarithm and exponential
 * are within an ulp (2^-52) each, so the computed value is within ~1e-14 of the true one; this is 10^5 times that.
 */
const SLACK = 1e-9;

/** Bytes a sampler of `n` ranks keeps at the most (its acceptance bounds, its knots and margins): for the planner's memory model. */
export function zipfSamplerBytes(n: number): number {
  return 8 * (Math.min(n, BOUNDS_KEPT) + 1) + 8 * (SEGMENTS + 1) + 8 * SEGMENTS;
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
export function zipfSampler(key: StreamKey, n: number, s: number, q = 0, interpolate = true): (row: number) => number {
  const law = zipfLaw(n, s, q);
  const { h, hIntegral, hIntegralX1, hIntegralN, sBound } = law;
  const keys = Array.from({ length: MAX_ATTEMPTS }, (_, j) => subKey(key, 100 + j));
  // Filled on first use (NaN until then), so that a short run computes only the ranks it draws.
  const bounds = new Float64Array(Math.min(n, BOUNDS_KEPT) + 1).fill(Number.NaN);
  const bound = (k: number): number => {
    if (k >= bounds.length) return hIntegral(k + q + 0.5) - h(k + q);
    let b = bounds[k]!;
    if (Number.isNaN(b)) b = bounds[k] = hIntegral(k + q + 0.5) - h(k + q);
    return b;
  };
  // `interpolate = false`: the exact inverse for every draw, which the tests compare the ranks with.
  const inverse = interpolate ? interpolated(law) : law.hIntegralInverse;
  return (row) => {
    let k = 1;
    for (let j = 0; j < MAX_ATTEMPTS; j++) {
      const u = hIntegralN + (drawU32(keys[j]!, row) / TWO_POW_32) * (hIntegralX1 - hIntegralN);
      const x = inverse(u) - q;
      k = Math.min(Math.max(Math.floor(x + 0.5), 1), n);
      if (k - x <= sBound || u >= bound(k)) return k;
    }
    return k;
  };
}

/** The functions and constants of rejection-inversion for P(k) ∝ (k + q)^-s on `[1, n]`. */
export interface ZipfLaw {
  readonly n: number;
  readonly s: number;
  readonly q: number;
  readonly h: (x: number) => number;
  readonly hIntegral: (x: number) => number;
  /** The inverse of `hIntegral`: the lattice point x + q a draw `u` stands at. */
  readonly hIntegralInverse: (u: number) => number;
  /** The draws `u` run between these two. */
  readonly hIntegralX1: number;
  readonly hIntegralN: number;
  /** The quick accept's bound on k - x (-1: none). */
  readonly sBound: number;
}

export function zipfLaw(n: number, s: number, q: number): ZipfLaw {
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
  return { n, s, q, h, hIntegral, hIntegralInverse, hIntegralX1, hIntegralN, sBound };
}

/**
 * `exact` (the inverse of h's integral: a logarithm and an exponential, most of a draw's time) where a draw's
 * rank depends on its last digits, else a straight line between knots, which gives the same rank and the
 * same quick accept (`node dist/bench/micro-columns.js shiny-rocks.orders.user_id`: 98-100 ns a value
 * before, 54-58 with the line). With X = exact(u), X' = X^s and X'' = s·X^(2s-1), monotone
 * in u: a segment of width Δ strays at most Δ²/8 · max X'' (at one of its ends) from X, plus `SLACK`
 * for rounding. Where x ± that margin lies on both sides of a rank's edge (k ± 0.5, the clamps, the quick
 * accept's bound) the draw takes `exact`, so every rank is the one the exact inverse gives. Made when the
 * sampler is (0.7-1.7 ms for the built-in laws, on every thread that compiles the column): made on first
 * use instead, its check on every draw cost ~5% of shiny-rocks' `orders` a row (`bench/table-interleave.ts`).
 */
export function interpolated(law: ZipfLaw): (u: number) => number {
  const { n, s, q, hIntegralInverse: exact, hIntegralN, hIntegralX1, sBound } = law;
  const low = Math.min(hIntegralN, hIntegralX1);
  const step = Math.abs(hIntegralX1 - hIntegralN) / SEGMENTS;
  const knots = Float64Array.from({ length: SEGMENTS + 1 }, (_, i) => exact(low + i * step));
  const margins = Float64Array.from({ length: SEGMENTS }, (_, i) => {
    const curve = s * Math.max(knots[i]! ** (2 * s - 1), knots[i + 1]! ** (2 * s - 1));
    const margin = ((step * step) / 8) * curve + SLACK * Math.max(knots[i]!, knots[i + 1]!);
    // Where the inverse clamps t = u(1 - s) at -1 the formula for X'' does not hold: those segments stay exact.
    const clamped = Math.min((low + i * step) * (1 - s), (low + (i + 1) * step) * (1 - s)) <= -1 + 1e-9;
    return margin < 0.25 && !clamped ? margin : Number.POSITIVE_INFINITY;
  });
  const perStep = 1 / step;
  return (u) => {
    const at = (u - low) * perStep;
    const i = Math.floor(at);
    if (!(i >= 0 && i < SEGMENTS)) return exact(u);
    const a = knots[i]!;
    const x = a + (knots[i + 1]! - a) * (at - i) - q;
    const m = margins[i]!;
    const k = Math.floor(x + 0.5);
    const edge = x + 0.5 - k;
    const clear = edge > m && edge < 1 - m && x > 0.5 + m && x < n + 0.5 - m && Math.abs(k - x - sBound) > m;
    return clear ? x + q : exact(u);
  };
}
