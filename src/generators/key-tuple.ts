import type { TableDefinition } from '../dataset/types.ts';
import { DAY_MS, parseDate } from '../dates.ts';
import { streamKey } from '../random/counter-rng.ts';
import { permutation } from '../random/permutation.ts';
import { check } from './check.ts';
import type { GeneratorContext, SpecOf } from './types.ts';

/** The permutation works on up to 52 bits (`random/permutation.ts`). */
const MAX_COMBINATIONS = 2 ** 52;

/** A table's keys of several columns: its primary key (when it has several), then its `unique` sets. */
function keySets(table: TableDefinition): readonly (readonly string[])[] {
  const key = table.primaryKey !== undefined && table.primaryKey.length > 1 ? [table.primaryKey] : [];
  return [...key, ...(table.unique ?? [])];
}

/**
 * How many values a column of a key takes, when it can be one digit of a combination: a (uniform)
 * reference's parent rows (`rowsOf` the parent), a non-unique int's range, a choice's values; else null.
 */
function digitValues(
  table: TableDefinition,
  name: string,
  rowsOf: (table: string) => number | undefined,
): number | null {
  const column = table.columns.find((c) => c.name === name);
  const spec = column?.generator;
  if (spec?.kind === 'int' && column?.unique !== true) return spec.max - spec.min + 1;
  // A choice (an enum's labels, a check's list: a permission per (user, object)) is a digit of its values.
  if (spec?.kind === 'choice') return spec.values.length;
  // An instant in a window: a day of it in a date column (a history's start date), else a millisecond.
  if (spec?.kind === 'timestamp') return timestampValues(spec, column!.type.kind === 'date');
  if (spec?.kind !== 'reference' || (spec.distribution ?? 'uniform') !== 'uniform' || spec.earlier === true)
    return null;
  const rows = rowsOf(spec.table);
  // `distinctFrom` draws among the parent's other rows (`row-map.ts` steps over the one taken): one fewer.
  return rows === undefined ? null : rows - (spec.distinctFrom === undefined ? 0 : 1);
}

/** The values a timestamp generator takes, as digits of a key: days for a date column, else milliseconds. */
function timestampValues(spec: SpecOf<'timestamp'>, date: boolean): number {
  const span =
    'from' in spec ? parseDate(spec.to) - parseDate(spec.from) + DAY_MS : (spec.toDays - spec.fromDays) * DAY_MS;
  return Number.isFinite(span) && span > 0 ? span / (date ? DAY_MS : 1) : 0;
}

/**
 * The combinations of key `set`, or null when a column of it is not a digit. A lookup through a reference
 * of the set (a composite foreign key's other columns) follows that reference's row: one value, no digit.
 */
function combinationsOf(table: TableDefinition, set: readonly string[], rowsOf: (table: string) => number | undefined) {
  const follows = (name: string): boolean => {
    const spec = table.columns.find((c) => c.name === name)?.generator;
    return spec?.kind === 'lookup' && set.includes(spec.via.split('.')[0]!);
  };
  const sizes = set.map((name) => (follows(name) ? 1 : digitValues(table, name, rowsOf)));
  return sizes.some((n) => n === null || n < 1) ? null : (sizes as number[]);
}

/** The fewest combinations of any key of several columns gen promises for `table` (Infinity when none). */
export function fewestCombinations(table: TableDefinition, rowsOf: (table: string) => number | undefined): number {
  let fewest = Number.POSITIVE_INFINITY;
  for (const set of keySets(table)) {
    const sizes = combinationsOf(table, set, rowsOf);
    if (sizes !== null)
      fewest = Math.min(
        fewest,
        sizes.reduce((a, b) => a * b, 1),
      );
  }
  return fewest;
}

/**
 * A key of several columns (the primary key, or a `unique` set) that the column is part of, when every
 * column of it takes a finite set of values (references, ints and choices): the row's value of this column as a
 * digit of one combination. Row r takes combination π(r) of a keyed permutation π of all Π nᵢ
 * combinations, written in mixed radix, one digit per column: no two rows share a combination (a like's
 * (user, post), an order line's (order, line number)), and every column still spreads uniformly. Null
 * when the column is in no such key.
 * @throws {DatasetError} when the table has more rows than the key has combinations.
 */
export function keyDigit(context: GeneratorContext): ((row: number) => number) | null {
  const table = context.dataset?.tables.find((t) => t.name === context.table);
  const set = table === undefined ? undefined : keySets(table).find((s) => s.includes(context.column.name));
  if (table === undefined || set === undefined) return null;
  const rowsOf = (name: string) =>
    context.params.tableRows?.[name] ?? context.dataset?.tables.find((t) => t.name === name)?.defaultRows;
  const sizes = combinationsOf(table, set, rowsOf);
  if (sizes === null) return null;
  const combinations = sizes.reduce((a, b) => a * b, 1);
  if (combinations > MAX_COMBINATIONS) return null;
  const rows = context.params.tableRows?.[context.table] ?? 0;
  // An append whose parents are new rows makes new combinations whatever came before: count from its first
  // row. Otherwise the rows already there took the first combinations of the permutation.
  const starts = context.params.tableStarts ?? {};
  const fresh = set.some((name) => {
    const spec = table.columns.find((c) => c.name === name)?.generator;
    return spec?.kind === 'reference' && (starts[spec.table] ?? 0) > 0;
  });
  const base = fresh ? (starts[context.table] ?? 0) : 0;
  const needed = rows + (starts[context.table] ?? 0) - base;
  check(
    needed <= combinations,
    context,
    `(${set.join(', ')}) must be unique, but only ${combinations} combinations exist for ${needed} rows: make the table smaller than the tables it combines`,
  );
  const index = set.indexOf(context.column.name);
  const below = (sizes as number[]).slice(index + 1).reduce((a, b) => a * b, 1);
  const size = sizes[index]!;
  const permute = permutation(streamKey(context.params.seed, context.table, '#key', ...set), combinations);
  return (row) => Math.floor(permute(row - base) / below) % size;
}
