/**
 * `gen check --config SCHEMA DIR` on data gen did not make (a pipeline's output: `DIR/<table>.ndjson` or
 * `.csv`, no manifest): each value against its column's rules (NULLs, types and formats, generator ranges
 * and values, `length`), primary keys unique, foreign keys pointing at a parent's row. Nothing can be
 * recomputed here, so keys go into a set with a memory budget (`key-set.ts`); tables are read parents first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ColumnDefinition, type DatasetDefinition, isNullable, type TableDefinition } from '../dataset/types.ts';
import { tableOrder } from '../dataset/validate.ts';
import { DAY_MS, parseDate } from '../dates.ts';
import { parentOf, rangeOf, rowKey } from '../dirty/defects.ts';
import { UsageError } from '../errors.ts';
import { malformed, parseInstant } from './classify.ts';
import { dailyTally } from './daily-volumes.ts';
import { tallyOf } from './distributions.ts';
import { openFileReader } from './file-reader.ts';
import { type CheckSummary, createTally, type Finding, type TableFinding } from './findings.ts';
import { createKeySet, type KeySet } from './key-set.ts';
import { rowValues } from './row-lines.ts';

type Report = (finding: TableFinding) => void;

/** The file of `table` in `dir`: NDJSON or CSV, or null. */
function fileOf(dir: string, table: string): { path: string; format: 'ndjson' | 'csv' } | null {
  for (const [extension, format] of [
    ['ndjson', 'ndjson'],
    ['jsonl', 'ndjson'],
    ['csv', 'csv'],
  ] as const) {
    const path = join(dir, `${table}.${extension}`);
    if (existsSync(path)) return { path, format };
  }
  return null;
}

/** What is wrong with one value by its column's own rules, or null. */
function ruleBroken(column: ColumnDefinition, value: unknown): { kind: string; detail: string } | null {
  if (value === null || value === undefined)
    return isNullable(column) ? null : { kind: 'null', detail: 'NULL in a column that allows none' };
  if (malformed(column, value))
    return { kind: 'malformed', detail: `not a ${column.type.kind}: ${JSON.stringify(value)}` };
  const range = rangeOf(column);
  if (range !== null && (Number(value) < range[0] || Number(value) > range[1]))
    return { kind: 'out_of_range', detail: `${value} is outside [${range[0]}, ${range[1]}]` };
  const spec = column.generator;
  if (spec.kind === 'choice' && !spec.values.includes(String(value)))
    return { kind: 'out_of_range', detail: `${JSON.stringify(value)} is not one of the column's values` };
  if (column.length !== undefined && String(value).length > column.length)
    return { kind: 'too_long', detail: `${String(value).length} characters, more than ${column.length}` };
  return null;
}

/**
 * An instant or a day after `until` (epoch ms), in a column the schema ties to the run's date (a row's day,
 * `dayTime`; a `timestamp` of days up to the date), or null: other dates (a promotion's end) may be later.
 */
function lateness(column: ColumnDefinition, value: unknown, until: number): { kind: string; detail: string } | null {
  const spec = column.generator;
  const anchored = spec.kind === 'dayTime' || (spec.kind === 'timestamp' && 'toDays' in spec && spec.toDays <= 0);
  if (!anchored || value === null || value === undefined) return null;
  return parseInstant(String(value)) >= until ? { kind: 'late', detail: `${value} is after --date` } : null;
}

/** Checks every table of `dataset` that has a file in `dir`; reports each finding as it is found. */
export async function checkForeign(
  dir: string,
  dataset: DatasetDefinition,
  onFinding: (finding: Finding) => void,
  date?: string,
): Promise<CheckSummary> {
  const day = date === undefined ? Number.NaN : parseDate(date);
  if (date !== undefined && Number.isNaN(day))
    throw new UsageError(`date must be a day as YYYY-MM-DD (got ${JSON.stringify(date)})`);
  // Nothing after the end of `date`: a timestamp or date column's value past it is late.
  const until = Number.isNaN(day) ? Number.POSITIVE_INFINITY : day + DAY_MS;
  const keys = new Map<string, KeySet>();
  const tally = createTally(onFinding);
  for (const index of tableOrder(dataset)) {
    const table = dataset.tables[index]!;
    const { line, report } = tally.table(table.name);
    const file = fileOf(dir, table.name);
    if (file === null) {
      report({
        column: null,
        kind: 'missing_rows',
        key: null,
        detail: `no ${table.name}.ndjson or ${table.name}.csv in ${dir}`,
      });
      continue;
    }
    line.files = 1;
    line.rows = await checkRows(file, table, keys, report, until);
  }
  return tally.summary();
}

async function checkRows(
  file: { path: string; format: 'ndjson' | 'csv' },
  table: TableDefinition,
  keys: Map<string, KeySet>,
  report: Report,
  until: number,
): Promise<number> {
  const reader = openFileReader(file.path);
  const own = createKeySet();
  keys.set(table.name, own);
  const keyed = (table.primaryKey ?? []).length > 0;
  const parents = table.columns.map((c) => parentOf(table, c));
  let order = table.columns.map((_, i) => i);
  if (file.format === 'csv') order = await csvOrder(await reader.line(), table, report);
  const tallies = table.columns.map(tallyOf);
  const daily = dailyTally(table, until);
  let rows = 0;
  for (let text = await reader.line(); text !== null; text = await reader.line()) {
    if (text.length === 0) continue;
    rows++;
    const parsed = rowValues(file.format, file.format === 'csv' ? reordered(table, order) : table, text.toString());
    if (parsed === null) {
      report({ column: null, kind: 'malformed', key: null, detail: `line ${rows}: not a row` });
      continue;
    }
    const values = file.format === 'csv' ? table.columns.map((_, c) => parsed[order.indexOf(c)]) : parsed;
    const key = rowKey(table, values);
    if (keyed && !own.add(key))
      report({ column: table.primaryKey!.join(', '), kind: 'duplicate_key', key, detail: 'another row has this key' });
    daily?.add(values[daily.column]);
    table.columns.forEach((column, c) => {
      tallies[c]?.add(values[c]);
      const broken = ruleBroken(column, values[c]) ?? lateness(column, values[c], until);
      if (broken !== null) report({ column: column.name, key, kind: broken.kind, detail: broken.detail });
      const parent = parents[c] ?? null;
      if (broken === null && parent !== null && values[c] !== null && keys.get(parent)?.has(values[c]) === false)
        report({
          column: column.name,
          kind: 'orphan',
          key,
          detail: `no ${parent} row has key ${JSON.stringify(values[c])}`,
        });
    });
  }
  await reader.finish();
  tallies.forEach((tally, c) => {
    const detail = tally?.verdict(rows) ?? null;
    if (detail !== null) report({ column: table.columns[c]!.name, kind: 'distribution', key: null, detail });
  });
  const volumes = daily?.verdict() ?? null;
  if (volumes !== null)
    report({ column: table.columns[daily!.column]!.name, kind: 'distribution', key: null, detail: volumes });
  return rows;
}

/** The table's columns in the order the CSV header names them (a header that does not match is a finding). */
async function csvOrder(header: Buffer | null, table: TableDefinition, report: Report): Promise<number[]> {
  const names = header === null ? [] : header.toString().split(',');
  const order = names.map((name) => table.columns.findIndex((c) => c.name === name));
  if (order.length !== table.columns.length || order.some((i) => i < 0))
    report({ column: null, kind: 'header', key: null, detail: `the header names ${names.join(', ')}` });
  return order.length === table.columns.length && order.every((i) => i >= 0) ? order : table.columns.map((_, i) => i);
}

/** `table` with its columns in CSV order, for parsing (numbers as numbers). */
function reordered(table: TableDefinition, order: readonly number[]): TableDefinition {
  return { ...table, columns: order.map((i) => table.columns[i]!) };
}
