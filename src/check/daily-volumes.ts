/**
 * Accuracy of a table keyed by date (a `daily` shape) in data gen did not make: its rows per day against
 * the table's curve (weekly, yearly and growth factors). The scale is unknown, so the test is of the
 * shape: a chi-square of each day's rows against the curve's shares of the days from the first to the
 * last one seen (a day with no rows counts as 0), at the same p-value as `distributions.ts`.
 */
import { rowsOnDay } from '../dataset/row-space.ts';
import type { DailyShape, TableDefinition } from '../dataset/types.ts';
import { DAY_MS, dateOf } from '../dates.ts';
import { parseInstant } from './classify.ts';
import { chiSquareP, P_THRESHOLD } from './distributions.ts';

/** Rows counted per day of one column, for the verdict. */
export interface DailyTally {
  /** The column whose day a row belongs to. */
  readonly column: number;
  add(value: unknown): void;
  /** A finding's detail when the days' volumes are unlikely under the curve, else null. */
  verdict(): string | null;
}

/**
 * The tally of a daily table's first `dayTime` column, or null for other tables. Days from `until` on are
 * left out: their rows are late, and reported as such.
 */
export function dailyTally(table: TableDefinition, until: number): DailyTally | null {
  const shape = table.shape;
  const column = table.columns.findIndex((c) => c.generator.kind === 'dayTime');
  if (shape?.kind !== 'daily' || column < 0) return null;
  const counts = new Map<number, number>();
  return {
    column,
    add(value) {
      const ms = value === null || value === undefined ? Number.NaN : parseInstant(String(value));
      if (!(ms < until)) return; // NaN (NULL, malformed) too: reported by the row checks
      const day = Math.floor(ms / DAY_MS);
      counts.set(day, (counts.get(day) ?? 0) + 1);
    },
    verdict: () => verdictOf(shape, counts),
  };
}

function verdictOf(shape: DailyShape, counts: ReadonlyMap<number, number>): string | null {
  const seen = [...counts.keys()];
  if (seen.length === 0) return null;
  const [first, last] = [Math.min(...seen), Math.max(...seen)];
  const days = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const weights = days.map((day) => rowsOnDay(shape, 1, day) || 1e-9);
  const observed = days.map((day) => counts.get(day) ?? 0);
  const p = chiSquareP(observed, weights);
  if (p >= P_THRESHOLD) return null;
  const rows = observed.reduce((a, b) => a + b, 0);
  const total = weights.reduce((a, b) => a + b, 0);
  const expected = (i: number): number => (rows * weights[i]!) / total;
  // The day furthest off its expected rows, in standard deviations.
  let worst = 0;
  const off = (i: number): number => Math.abs(observed[i]! - expected(i)) / Math.sqrt(expected(i));
  for (let i = 1; i < days.length; i++) if (off(i) > off(worst)) worst = i;
  const empty = observed.filter((n) => n === 0).length;
  return (
    `the rows per day are off the table's curve (chi-square p = ${p.toExponential(1)} over ${days.length} days): ` +
    `${dateOf(days[worst]!)} has ${observed[worst]}, about ${Math.round(expected(worst))} expected` +
    (empty > 0 ? `; ${empty} day${empty === 1 ? '' : 's'} without rows` : '')
  );
}
