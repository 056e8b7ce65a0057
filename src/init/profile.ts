import type { ColumnDefinition, GeneratorSpec, TableDefinition } from '../dataset/types.ts';
import { dateOf, dayOf } from '../dates.ts';
import type { ColumnStats } from './catalog.ts';

/** Most common values that cover this share of rows make the column a weighted choice. */
const COVERED = 0.95;

const PROFILED = new Set([
  'choice',
  'words',
  'faker',
  'int',
  'float',
  'lognormal',
  'normal',
  'zipf',
  'timestamp',
  'bool',
]);

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** Columns of at most this many distinct values are categories (a status, a plan), whose values may be copied. */
const MAX_CATEGORIES = 50;
/** Guesses of personal or free text (names, places, contacts, codes): their real values are never copied. */
const PERSONAL = new Set(['faker', 'email', 'template', 'ip', 'uuid']);

/**
 * Whether a column's most common values may go into the file: a category by its statistics (a few
 * distinct values, pg_stats' n_distinct as a count, not a share of the rows) that gen did not guess as
 * personal or free text. Real rows' values (a customer's street) never do.
 */
function categorical(column: ColumnDefinition, stats: ColumnStats): boolean {
  return stats.distinct > 0 && stats.distinct <= MAX_CATEGORIES && !PERSONAL.has(column.generator.kind);
}

/** A generator from the statistics of a column, or null when they say nothing gen can use. */
function fromStats(column: ColumnDefinition, stats: ColumnStats): { generator: GeneratorSpec; note: string } | null {
  const { commonValues: values, commonFrequencies: freqs, histogram } = stats;
  const covered = freqs?.reduce((sum, f) => sum + f, 0) ?? 0;
  const kind = column.type.kind;
  if (kind === 'bool' && values !== null && freqs !== null) {
    const t = values.indexOf('t');
    const probability = t < 0 ? 0 : round(freqs[t]! / Math.max(covered, 1e-9));
    return {
      generator: { kind: 'bool', probability },
      note: `from pg_stats: true in ${Math.round(probability * 100)}%`,
    };
  }
  if (
    values !== null &&
    freqs !== null &&
    categorical(column, stats) &&
    covered >= COVERED * (1 - stats.nullFraction) &&
    (kind === 'utf8' || kind === 'int64')
  ) {
    if (kind === 'int64' && values.some((v) => !Number.isSafeInteger(Number(v)))) return null;
    return {
      generator: { kind: 'choice', values, weights: freqs.map(round) },
      note: `from pg_stats: its ${values.length} most common values, weighted as in the database`,
    };
  }
  if (histogram === null || histogram.length < 2) return null;
  const [low, high] = [histogram[0]!, histogram[histogram.length - 1]!];
  if (kind === 'int64' || kind === 'float64' || kind === 'decimal') {
    const [min, max] = [Number(low), Number(high)];
    if (!Number.isFinite(min) || !Number.isFinite(max)) return null;
    return {
      generator: { kind: kind === 'int64' ? 'int' : 'float', min, max },
      note: `from pg_stats: uniform over the histogram's range ${min}..${max}`,
    };
  }
  if (kind === 'timestamp' || kind === 'date') {
    const [from, to] = [Date.parse(low.replace(' ', 'T')), Date.parse(high.replace(' ', 'T'))];
    if (Number.isNaN(from) || Number.isNaN(to)) return null;
    const range = { from: dateOf(dayOf(from)), to: dateOf(dayOf(to) - 1) };
    if (range.from > range.to) return null;
    return { generator: { kind: 'timestamp', ...range }, note: `from pg_stats: between ${range.from} and ${range.to}` };
  }
  return null;
}

/**
 * Applies pg_stats aggregates to the guessed columns: null fraction, weighted most common values, the
 * histogram's range. Keys, references, unique columns and values gen made from checks stay as guessed.
 */
export function profiled(
  tables: readonly TableDefinition[],
  stats: ReadonlyMap<string, ReadonlyMap<string, ColumnStats>>,
  notes: Map<string, string>,
): TableDefinition[] {
  return tables.map((table) => ({
    ...table,
    columns: table.columns.map((column) => {
      const found = stats.get(table.name)?.get(column.name);
      const keyed = table.primaryKey?.includes(column.name) === true || column.unique === true;
      if (found === undefined || keyed || !PROFILED.has(column.generator.kind)) return column;
      const made = fromStats(column, found);
      const nullRate = (column.nullRate ?? 0) > 0 && column.nullRate! < 1 ? round(found.nullFraction) : column.nullRate;
      const path = `${table.name}.${column.name}`;
      if (made !== null) notes.set(path, made.note);
      const { nullRate: _, ...rest } = column;
      return {
        ...rest,
        ...(made === null ? {} : { generator: made.generator }),
        ...(nullRate === undefined || nullRate === 0 ? {} : { nullRate }),
      };
    }),
  }));
}
