import { DAY_MS } from '../../dates.ts';
import { drawU32, mix32, type StreamKey, subKey } from '../../random/counter-rng.ts';
import { drawGaussian, gaussianKeys } from '../../random/gaussian.ts';

/*
 * The functions of the expression language, as data: arity, whether they draw at random, and one vector
 * operation each. Values are numbers (booleans 1/0, instants epoch milliseconds); NaN is NULL, and
 * arithmetic carries it along as SQL does. Random functions draw from their call's own stream at the row
 * id, so a value stays a pure function of (seed, table, column, row).
 */

const TWO_POW_32 = 4294967296;
const MINUTE_MS = 60_000;

/** The arguments' values, the row range, and the call's own stream. */
export interface CallFrame {
  readonly args: readonly Float64Array[];
  readonly start: number;
  readonly count: number;
  readonly key: StreamKey;
}

export interface FunctionDef {
  readonly min: number;
  readonly max: number;
  /** What it says in messages. */
  readonly usage: string;
  /** Fills `out[0 .. count)`. */
  readonly run: (out: Float64Array, frame: CallFrame) => void;
}

type Unary = (x: number) => number;
type Binary = (a: number, b: number) => number;

const unary = (usage: string, f: Unary): FunctionDef => ({
  min: 1,
  max: 1,
  usage,
  run: (out, { args: [a], count }) => {
    for (let i = 0; i < count; i++) out[i] = f(a![i]!);
  },
});

const binary = (usage: string, f: Binary, min = 2): FunctionDef => ({
  min,
  max: 2,
  usage,
  run: (out, { args: [a, b], count }) => {
    for (let i = 0; i < count; i++) out[i] = f(a![i]!, b === undefined ? 0 : b[i]!);
  },
});

const fold = (usage: string, f: Binary): FunctionDef => ({
  min: 1,
  max: 64,
  usage,
  run: (out, { args, count }) => {
    for (let i = 0; i < count; i++) {
      let v = args[0]![i]!;
      for (let a = 1; a < args.length; a++) v = f(v, args[a]![i]!);
      out[i] = v;
    }
  },
});

/** A draw per row from `u`, a uniform in [0, 1) at the row, shaped by `f` with the row's arguments. */
const random = (usage: string, arity: number, f: (u: number, a: number, b: number) => number): FunctionDef => ({
  min: arity,
  max: arity,
  usage,
  run: (out, { args: [a, b], start, count, key }) => {
    for (let i = 0; i < count; i++)
      out[i] = f(drawU32(key, start + i) / TWO_POW_32, a === undefined ? 0 : a[i]!, b === undefined ? 0 : b[i]!);
  },
});

const gaussian = (usage: string, f: (z: number, a: number, b: number) => number): FunctionDef => ({
  min: 2,
  max: 2,
  usage,
  run: (out, { args: [a, b], start, count, key }) => {
    const keys = gaussianKeys(key);
    for (let i = 0; i < count; i++) out[i] = f(drawGaussian(keys, start + i), a![i]!, b![i]!);
  },
});

/** Rounds half away from zero to `digits` decimals, as SQL's round does. */
function round(x: number, digits: number): number {
  const unit = 10 ** digits;
  return (Math.sign(x) * Math.round(Math.abs(x) * unit)) / unit;
}

/** A 32-bit hash of a number (integers exactly; others by their bits' two halves). */
function hashNumber(x: number, key: number): number {
  const lo = x >>> 0;
  const hi = Math.floor(x / TWO_POW_32) >>> 0;
  return mix32(mix32(lo ^ key) ^ Math.imul(hi + 1, 0x9e3779b9));
}

const weekday = (t: number): number => ((Math.floor(t / DAY_MS) + 3) % 7) + 1; // 1970-01-01 was a Thursday

export const FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  abs: unary('abs(x)', Math.abs),
  floor: unary('floor(x)', Math.floor),
  ceil: unary('ceil(x)', Math.ceil),
  sqrt: unary('sqrt(x)', (x) => (x < 0 ? Number.NaN : Math.sqrt(x))),
  exp: unary('exp(x)', Math.exp),
  sin: unary('sin(x)', Math.sin),
  cos: unary('cos(x)', Math.cos),
  pi: { min: 0, max: 0, usage: 'pi()', run: (out, { count }) => out.fill(Math.PI, 0, count) },
  ln: unary('ln(x)', (x) => (x <= 0 ? Number.NaN : Math.log(x))),
  round: binary('round(x[, digits])', (x, d) => round(x, d), 1),
  pow: binary('pow(x, y)', (a, b) => a ** b),
  min: fold('min(a, b, …)', Math.min),
  max: fold('max(a, b, …)', Math.max),
  clamp: {
    min: 3,
    max: 3,
    usage: 'clamp(x, low, high)',
    run: (out, { args: [x, lo, hi], count }) => {
      for (let i = 0; i < count; i++) out[i] = Math.min(hi![i]!, Math.max(lo![i]!, x![i]!));
    },
  },
  seconds: unary('seconds(n)', (x) => x * 1000),
  minutes: unary('minutes(n)', (x) => x * MINUTE_MS),
  hours: unary('hours(n)', (x) => x * 60 * MINUTE_MS),
  days: unary('days(n)', (x) => x * DAY_MS),
  date: unary('date(t)', (t) => Math.floor(t / DAY_MS) * DAY_MS),
  epoch_day: unary('epoch_day(t)', (t) => Math.floor(t / DAY_MS)),
  day_of_year: unary('day_of_year(t)', (t) => {
    if (Number.isNaN(t)) return t;
    const d = new Date(t);
    return Math.floor((t - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
  }),
  hour: unary('hour(t)', (t) => Math.floor((((t % DAY_MS) + DAY_MS) % DAY_MS) / (60 * MINUTE_MS))),
  weekday: unary('weekday(t) (1 = Monday … 7 = Sunday)', (t) => (Number.isNaN(t) ? t : weekday(t))),
  uniform: random('uniform(low, high)', 2, (u, a, b) => a + u * (b - a)),
  int: random('int(low, high)', 2, (u, a, b) => Math.floor(a + u * (b - a + 1))),
  bernoulli: random('bernoulli(p)', 1, (u, p) => (Number.isNaN(p) ? p : +(u < p))),
  exponential: random('exponential(mean)', 1, (u, mean) => -mean * Math.log(1 - u)),
  normal: gaussian('normal(mean, sd)', (z, m, sd) => m + sd * z),
  lognormal: gaussian('lognormal(mu, sigma)', (z, mu, sigma) => Math.exp(mu + sigma * z)),
  noise: {
    min: 1,
    max: 8,
    usage: 'noise(x, …): a uniform in [0, 1) that depends only on its arguments',
    run: (out, { args, count, key }) => {
      const seed = subKey(key, args.length);
      for (let i = 0; i < count; i++) {
        let h = seed;
        let isNull = false;
        for (let a = 0; a < args.length; a++) {
          const v = args[a]![i]!;
          if (Number.isNaN(v)) isNull = true;
          h = hashNumber(v, h);
        }
        out[i] = isNull ? Number.NaN : mix32(h) / TWO_POW_32;
      }
    },
  },
};
