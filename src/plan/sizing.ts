import { EPOCH_DAY, type RowSpace } from '../dataset/row-space.ts';
import type { DatasetDefinition, TableDefinition } from '../dataset/types.ts';
import { tableOrder } from '../dataset/validate.ts';
import { dateOf, dayOf, parseDate } from '../dates.ts';
import { UsageError } from '../errors.ts';
import { fewestCombinations } from '../generators/key-tuple.ts';
import { onceRows } from '../generators/reference-draw.ts';
import { templateKeyRows } from '../generators/template.ts';
import { layOut, type RowRange } from './layout.ts';

/** The options that size a run (see `SizingOptions`). */
export interface SizingOptions {
  readonly rows?: number;
  readonly scale?: number | string;
  readonly days?: number;
  readonly from?: string;
  readonly to?: string;
  readonly date?: string;
}

/** How errors name an option (`--rows` or `options.rows`). */
export type Namer = (key: string) => string;

/** What a run makes of each table: the id spaces, the ranges of them, the rows of plain tables, the days. */
export interface Sizing {
  readonly tableRows: Record<string, number>;
  readonly spaces: Record<string, RowSpace>;
  readonly ranges: Record<string, RowRange>;
  /** The run's days as `YYYY-MM-DD`, or null when the dataset has no daily table. */
  readonly days: { readonly from: string; readonly to: string } | null;
  /** The same days as epoch days. */
  readonly window: { readonly from: number; readonly to: number } | null;
  /** Tables in reference order. */
  readonly order: readonly number[];
}

const MAX_DAYS = 36_600;

const isDaily = (t: TableDefinition): boolean =>
  t.shape?.kind === 'daily' || (t.shape?.kind === 'cross' && t.shape.daily === true);

/** The factor on each table's rows: a number, or a named scale of the dataset (one factor, or one per table). */
function scaleOf(options: SizingOptions, dataset: DatasetDefinition, name: Namer): (table: TableDefinition) => number {
  const scale = options.scale ?? 1;
  const named =
    typeof scale === 'string'
      ? (dataset.scales?.[scale] ?? (/^\d+(\.\d+)?$/.test(scale) ? Number(scale) : undefined))
      : scale;
  const names = Object.keys(dataset.scales ?? {});
  const valid = typeof named === 'number' ? Number.isFinite(named) && named > 0 : named !== undefined;
  if (!valid)
    throw new UsageError(
      `${name('scale')} must be a positive number${names.length > 0 ? ` or one of ${names.join(', ')}` : ''} (got ${JSON.stringify(scale)})`,
    );
  const factor =
    typeof named === 'number'
      ? () => named
      : (table: TableDefinition) => (named as Record<string, number>)[table.name] ?? 1;
  return (table) => (table.scaled === false ? 1 : factor(table));
}

/**
 * `rows` for the largest plain table and the others in proportion, or every plain table's rows times its
 * scale; then at most one row per combination of a key of several columns (`generators/key-tuple.ts`),
 * whose combinations shrink faster than the table when the run is scaled down, and at most the codes a
 * key template fits in its column's length (`char(2)`: 676).
 */
function plainRows(
  dataset: DatasetDefinition,
  rows: number | null,
  factor: (t: TableDefinition) => number,
): Record<string, number> {
  const sized = proportionalRows(dataset, rows, factor);
  for (const i of tableOrder(dataset)) {
    const table = dataset.tables[i]!;
    if (sized[table.name] === undefined) continue;
    sized[table.name] = Math.min(
      sized[table.name]!,
      fewestCombinations(table, (name) => sized[name]),
      templateKeyRows(table),
      onceRows(table, (name) => sized[name]),
    );
  }
  return sized;
}

function proportionalRows(
  dataset: DatasetDefinition,
  rows: number | null,
  factor: (t: TableDefinition) => number,
): Record<string, number> {
  const plain = dataset.tables.filter((t) => t.shape === undefined);
  const largest = plain.reduce((most, t) => (t.scaled === false ? most : Math.max(most, t.defaultRows)), 0);
  return Object.fromEntries(
    plain.map((t) => {
      if (t.scaled === false) return [t.name, t.defaultRows];
      if (rows === null) return [t.name, Math.round(t.defaultRows * factor(t))];
      // At least one row in every table that has rows at scale 1, so that references always find a parent.
      return [
        t.name,
        t.defaultRows === largest || largest === 0
          ? rows
          : Math.max(rows > 0 && t.defaultRows > 0 ? 1 : 0, Math.round((t.defaultRows * rows) / largest)),
      ];
    }),
  );
}

/**
 * The days a daily dataset covers: `from`..`to`; or `days` days ending at the reference date; or, when only
 * `date` is given, that one day (so a daily scheduler gets each day's rows); else the dataset's default
 * number of days ending at the reference date.
 */
function dayWindow(
  options: SizingOptions,
  dataset: DatasetDefinition,
  referenceDate: number,
  name: Namer,
): { from: number; to: number } | null {
  const daily = dataset.tables.some(isDaily);
  for (const key of ['days', 'from', 'to'] as const) {
    if (options[key] !== undefined && !daily)
      throw new UsageError(`${name(key)} applies to datasets with tables keyed by date; ${dataset.name} has none`);
  }
  if (!daily) return null;
  if (options.days !== undefined && (options.from !== undefined || options.to !== undefined))
    throw new UsageError(`${name('days')} and ${name('from')}/${name('to')} both pick the days: give one`);
  const day = (key: 'from' | 'to'): number | undefined => {
    const text = options[key];
    if (text === undefined) return undefined;
    const ms = parseDate(text);
    if (Number.isNaN(ms))
      throw new UsageError(`${name(key)} must be a calendar date as YYYY-MM-DD (got ${JSON.stringify(text)})`);
    return dayOf(ms);
  };
  const to = day('to') ?? dayOf(referenceDate);
  const count =
    options.days ??
    (options.from !== undefined ? undefined : options.date !== undefined ? 1 : (dataset.defaultDays ?? 1));
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > MAX_DAYS))
    throw new UsageError(`${name('days')} must be a whole number of days from 1 to ${MAX_DAYS} (got ${count})`);
  const from = day('from') ?? to - count! + 1;
  if (from > to)
    throw new UsageError(`${name('from')} (${dateOf(from)}) must not be after ${name('to')} (${dateOf(to)})`);
  if (from < EPOCH_DAY)
    throw new UsageError(`daily data starts on ${dateOf(EPOCH_DAY)}: pick days from then on (got ${dateOf(from)})`);
  return { from, to };
}

/**
 * Works out the rows of every table: plain tables from `rows` or `scale`, daily ones from the day window
 * and their curves, children from their parents, cross tables from their dimensions.
 * @throws {UsageError} naming the bad option.
 */
export function sizeTables(
  options: SizingOptions,
  dataset: DatasetDefinition,
  seed: number,
  referenceDate: number,
  name: Namer,
): Sizing {
  if (options.scale !== undefined && options.rows !== undefined)
    throw new UsageError(`${name('rows')} and ${name('scale')} both size the dataset: give one`);
  if (options.rows !== undefined && dataset.tables.some((t) => t.shape !== undefined)) {
    throw new UsageError(
      `${name('rows')} cannot size ${dataset.name}, whose tables follow days and parents: use ${name('scale')} and the days (${name('days')}, ${name('from')}/${name('to')})`,
    );
  }
  const factor = scaleOf(options, dataset, name);
  const tableRows = plainRows(dataset, options.rows ?? null, factor);
  const window = dayWindow(options, dataset, referenceDate, name);
  const order = tableOrder(dataset);
  const { spaces, ranges } = layOut({
    dataset,
    seed,
    rows: tableRows,
    dailyScale: factor,
    from: window?.from ?? 0,
    to: window?.to ?? -1,
    order,
  });
  return {
    tableRows,
    spaces,
    ranges,
    window,
    order,
    days: window === null ? null : { from: dateOf(window.from), to: dateOf(window.to) },
  };
}
