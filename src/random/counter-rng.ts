/**
 * Counter-based randomness: every draw is a pure function of (stream key, row id), so row N is computed
 * without computing rows 0..N-1, on any worker, in any chunk, and a column never perturbs another column.
 *
 * The mixer is Chris Wellons' `lowbias32` (https://nullprogram.com/blog/2018/07/31/), one of the
 * lowest-bias 32-bit integer hashes found by his search; two rounds with independent keys decorrelate
 * adjacent row ids (a single round of a good finalizer already passes the avalanche test, two keep
 * structured keys such as consecutive column streams from lining up).
 */

const GOLDEN = 0x9e3779b9;
const TWO_POW_32 = 4294967296;

/** One round of `lowbias32`: a 32-bit integer hash with near-ideal avalanche. Returns an unsigned int. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** FNV-1a's offset basis: the state before any code unit. */
export const FNV_OFFSET = 0x811c9dc5;

/** One FNV-1a step over one UTF-16 code unit. */
export function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}

/** FNV-1a over the UTF-16 code units of `text`, then mixed: a stable 32-bit id for a table or column name. */
export function hashString(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = fnvStep(h, text.charCodeAt(i));
  return mix32(h);
}

/** A stream key: 32 bits that name one independent sequence of draws (seed × table × column × sub-stream). */
export type StreamKey = number;

/**
 * Derives the key of one column's stream from the run seed (any safe integer) and names.
 * @example streamKey(42, 'items', 'category')
 */
export function streamKey(seed: number, ...names: readonly (string | number)[]): StreamKey {
  let k = seedKey(seed);
  for (const name of names) k = foldName(k, typeof name === 'number' ? mix32(name + GOLDEN) : hashString(name));
  return k;
}

/** The key of a seed alone, before any name: both 32-bit halves of the seed count. */
export function seedKey(seed: number): StreamKey {
  return mix32(mix32((seed >>> 0) ^ GOLDEN) ^ Math.floor(seed / TWO_POW_32));
}

/** `key` followed by one more name, given as its hash (`hashString`): how `streamKey` folds its names. */
export function foldName(key: StreamKey, nameHash: number): StreamKey {
  return mix32(key ^ nameHash);
}

/** A second, independent key from `key`: for a column that needs several draws per row. */
export function subKey(key: StreamKey, index: number): StreamKey {
  return mix32(key ^ mix32(Math.imul(index + 1, GOLDEN)));
}

/** The draw of stream `key` at `row` (0 ≤ row < 2^53): a uniform unsigned 32-bit integer. */
export function drawU32(key: StreamKey, row: number): number {
  const hi = row >= TWO_POW_32 ? Math.floor(row / TWO_POW_32) : 0;
  return mix32(mix32((row ^ key) >>> 0) ^ Math.imul(hi + 1, GOLDEN) ^ key);
}

/** The draw of stream `key` at `row` mapped to [0, 1) with 32 bits of resolution. */
export function drawUnit(key: StreamKey, row: number): number {
  return drawU32(key, row) / TWO_POW_32;
}

/**
 * A uniform integer in [0, n) from one 32-bit draw by multiply-shift (Lemire,
 * https://arxiv.org/abs/1805.10941, without the rejection step: the bias is below n / 2^32, e.g. 2.3e-5
 * for n = 99,001, far under what fake data can show, and skipping rejection keeps one draw per value).
 * For n above 2^21 two draws are combined so that every value of a large range stays reachable.
 */
export function drawBelow(key: StreamKey, key2: StreamKey, row: number, n: number): number {
  return n <= ONE_DRAW_MAX ? drawBelowOne(key, row, n) : drawBelowTwo(key, key2, row, n);
}

/** Ranges up to 2^21 take one draw; larger ones two (`drawBelow`). */
const ONE_DRAW_MAX = 2097152;

function drawBelowOne(key: StreamKey, row: number, n: number): number {
  return Math.floor((drawU32(key, row) * n) / TWO_POW_32);
}

function drawBelowTwo(key: StreamKey, key2: StreamKey, row: number, n: number): number {
  const unit = (drawU32(key, row) * ONE_DRAW_MAX + (drawU32(key2, row) >>> 11)) / 9007199254740992; // 53 bits
  return Math.floor(unit * n);
}

/** A loop `values[i] = offset + drawBelow(key, key2, start + i, n)` for `count` rows. */
type BelowLoop = (
  values: Float64Array | Uint32Array,
  start: number,
  count: number,
  key: StreamKey,
  key2: StreamKey,
  n: number,
  offset?: number,
) => void;

const fillBelowOne: BelowLoop = (values, start, count, key, _key2, n, offset = 0) => {
  for (let i = 0; i < count; i++) values[i] = offset + drawBelowOne(key, start + i, n);
};

const fillBelowTwo: BelowLoop = (values, start, count, key, key2, n, offset = 0) => {
  for (let i = 0; i < count; i++) values[i] = offset + drawBelowTwo(key, key2, start + i, n);
};

/**
 * `values[i] = offset + drawBelow(key, key2, start + i, n)` for the `count` rows from `start`, in a loop of
 * its own for each kind of range: one loop over `drawBelow` that met both kinds in a run (a timestamp's
 * range and a quantity's) was compiled with its draws not inlined, ran at half the speed, and allocated a
 * heap number for every value above 2^31 (V8's --trace-turbo-inlining; `bench/micro.ts` times it).
 */
export const fillBelow: BelowLoop = (values, start, count, key, key2, n, offset = 0) =>
  (n <= ONE_DRAW_MAX ? fillBelowOne : fillBelowTwo)(values, start, count, key, key2, n, offset);
