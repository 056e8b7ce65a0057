/**
 * Accuracy of data gen did not make, against its schema: the shares of a weighted `choice` column (a
 * chi-square test) and the NULL share of a column with a `nullRate` (a binomial test). A finding needs a
 * p-value under 1e-6: a column drawn as the schema says trips it about once in a million checks.
 */
import type { ColumnDefinition } from '../dataset/types.ts';

/** The significance below which a distribution is reported. */
export const P_THRESHOLD = 1e-6;

/** ln Γ(x), Lanczos (g = 7, 9 terms; Numerical Recipes, 3rd ed., §6.1). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Q(a, x), the upper regularized incomplete gamma function (series or continued fraction, NR §6.2). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-15; n++) sum += term *= x / (a + n);
    return 1 - sum * front;
  }
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    d = Math.abs(d) < 1e-300 ? 1e-300 : d;
    c = b + an / c;
    c = Math.abs(c) < 1e-300 ? 1e-300 : c;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return front * h;
}

/** The p-value of Pearson's chi-square for `observed` counts against `weights` (any positive numbers). */
export function chiSquareP(observed: readonly number[], weights: readonly number[]): number {
  const n = observed.reduce((a, b) => a + b, 0);
  const total = weights.reduce((a, b) => a + b, 0);
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const expected = (n * weights[i]!) / total;
    statistic += (observed[i]! - expected) ** 2 / expected;
  }
  return n === 0 || observed.length < 2 ? 1 : gammaQ((observed.length - 1) / 2, statistic / 2);
}

/** The two-sided p-value of `k` NULLs in `n` rows at rate `p` (normal approximation with continuity correction). */
export function nullShareP(k: number, n: number, p: number): number {
  const sd = Math.sqrt(n * p * (1 - p));
  if (n === 0 || sd === 0) return 1;
  const z = Math.max(0, Math.abs(k - n * p) - 0.5) / sd;
  // P(|Z| > z) = erfc(z / √2) = Q(1/2, z² / 2).
  return Math.min(1, gammaQ(0.5, (z * z) / 2));
}

/** Counts kept per column while a table is read, for the tests above. */
export interface ColumnTally {
  add(value: unknown): void;
  /** A finding's detail when the column's values are unlikely under the schema, else null. */
  verdict(rows: number): string | null;
}

/** The tally of a column the tests apply to (a weighted choice; a plain `nullRate`), or null. */
export function tallyOf(column: ColumnDefinition): ColumnTally | null {
  const spec = column.generator;
  if (column.nullWhen !== undefined) return null;
  if (spec.kind === 'choice' && spec.weights !== undefined) {
    const counts = new Map(spec.values.map((v) => [v, 0]));
    return {
      add: (value) => {
        const key = value === null || value === undefined ? null : String(value);
        if (key !== null && counts.has(key)) counts.set(key, counts.get(key)! + 1);
      },
      verdict: () => {
        const p = chiSquareP([...counts.values()], spec.weights!);
        return p < P_THRESHOLD
          ? `the shares of ${spec.values.join('/')} are off their weights (chi-square p = ${p.toExponential(1)})`
          : null;
      },
    };
  }
  const rate = column.nullRate ?? 0;
  // Some columns are NULL beyond their rate: a reference to earlier rows has none for its first row.
  const more = column.nullable === true || (spec.kind === 'reference' && spec.earlier === true);
  if (rate <= 0 || more) return null;
  let nulls = 0;
  return {
    add: (value) => {
      if (value === null || value === undefined) nulls++;
    },
    verdict: (rows) => {
      const p = nullShareP(nulls, rows, rate);
      return p < P_THRESHOLD
        ? `${nulls} NULLs in ${rows} rows, against a rate of ${rate} (p = ${p.toExponential(1)})`
        : null;
    },
  };
}
