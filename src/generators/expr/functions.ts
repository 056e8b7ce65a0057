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
  /** It draws at random from its call's own stream: two calls with the same arguments differ. */
  readonly random?: true;
  /** Fills `out[0 .. count)`. */
  readonly run: (out: Float64Array, frame: CallFrame) => void;
}

type Unary = (x: number) => number;
type Binary = (a: number, b: number) => number;
type Shaped = (u: number, a: number, b: number) => number;

let loops = 0;

/**
 * A vector operation compiled for one function alone: `body` runs over `out`, `a` and `b` (the first two
 * arguments' values), `args`, `start`, `count` and `key`, with `f` the function's own scalar code and
 * `helpers` bound by name. Alone, because V8 gives the closures of one function literal one set of type
 * feedback: a loop shared by thirty functions called each `f` uninlined and boxed every number it
 * returned, 3.6x the time of a loop of its own (~7 against ~2 ns a value; ~15% of a worker making retail's
 * inventory). Each source is numbered, or V8's cache of compiled sources would hand every function the
 * same one again. Only fixed source goes in, as in the row loops of `encoders/text-rows.ts`.
 */
function ownLoop(body: string, f: unknown, helpers: Readonly<Record<string, unknown>> = {}): FunctionDef['run'] {
  // Compiled on first use: a run uses a few of these functions, and every thread loads the module.
  let loop: FunctionDef['run'] | undefined;
  return (out, frame) => {
    if (loop === undefined) {
      const names = Object.keys(helpers);
      const source = `/* loop ${loops++} */ return (out, { args, start, count, key }) => { const a = args[0], b = args[1]; ${body} };`;
      loop = new Function('f', ...names, source)(f, ...Object.values(helpers)) as FunctionDef['run'];
    }
    loop(out, frame);
  };
}

const unary = (usage: string, f: Unary): FunctionDef => ({
  min: 1,
  max: 1,
  usage,
  run: ownLoop('for (let i = 0; i < count; i++) out[i] = f(a[i]);', f),
});

const binary = (usage: string, f: Binary, min = 2): FunctionDef => ({
  min,
  max: 2,
  usage,
  run: ownLoop('for (let i = 0; i < count; i++) out[i] = f(a[i], b === undefined ? 0 : b[i]);', f),
});

const fold = (usage: string, f: Binary): FunctionDef => ({
  min: 1,
  max: 64,
  usage,
  run: ownLoop(
    `for (let i = 0; i < count; i++) {
      let v = a[i];
      for (let j = 1; j < args.length; j++) v = f(v, args[j][i]);
      out[i] = v;
    }`,
    f,
  ),
});

/** A draw per row from `u`, a uniform in [0, 1) at the row, shaped by `f` with the row's arguments. */
const random = (usage: string, arity: number, f: Shaped): FunctionDef => ({
  min: arity,
  max: arity,
  usage,
  random: true,
  run: ownLoop(
    `for (let i = 0; i < count; i++)
      out[i] = f(drawU32(key, start + i) / ${TWO_POW_32}, a === undefined ? 0 : a[i], b === undefined ? 0 : b[i]);`,
    f,
    { drawU32 },
  ),
});

const gaussian = (usage: string, f: Shaped): FunctionDef => ({
  min: 2,
  max: 2,
  usage,
  random: true,
  run: ownLoop(
    `const keys = gaussianKeys(key);
    for (let i = 0; i < count; i++) out[i] = f(drawGaussian(keys, start + i), a[i], b[i]);`,
    f,
    { gaussianKeys, drawGaussian },
  ),
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

/**
 * noise(x, …): one hash of the arguments per row, taken argument by argument over the whole block (each
 * pass a tight loop; row by row, the loop over the arguments inside ran at 1.7x the time), NULL where any
 * argument is NULL.
 */
function noiseFunction(): FunctionDef {
  let hashes = new Int32Array(0);
  return {
    min: 1,
    max: 8,
    usage: 'noise(x, …): a uniform in [0, 1) that depends only on its arguments',
    run: (out, { args, count, key }) => {
      if (hashes.length < count) hashes = new Int32Array(count);
      const h = hashes.fill(subKey(key, args.length), 0, count);
      let nulls = false;
      for (const x of args)
        for (let i = 0; i < count; i++) {
          const v = x[i]!;
          nulls ||= Number.isNaN(v);
          h[i] = hashNumber(v, h[i]!);
        }
      for (let i = 0; i < count; i++) out[i] = mix32(h[i]!) / TWO_POW_32;
      if (nulls) for (const x of args) for (let i = 0; i < count; i++) if (Number.isNaN(x[i]!)) out[i] = Number.NaN;
    },
  };
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
  noise: noiseFunction(),
};
