import { type ColumnDefinition, isNullable, type TableDefinition } from '../dataset/types.ts';
import { DAY_MS } from '../dates.ts';
import { parentOf, rangeOf, rowKey, sequenceOf, type TableRanges } from '../dirty/defects.ts';
import type { TableFinding } from './findings.ts';

/** A row's values by column, parsed from a line of NDJSON or CSV; null is SQL NULL. */
export type RowValues = readonly unknown[];

/** What a value that differs from gen's is: a defect kind, or a plain `mismatch`. */
export type ValueKind = 'null' | 'out_of_range' | 'malformed' | 'duplicate_key' | 'orphan' | 'late' | 'mismatch';

/**
 * ISO-8601 / RFC 3339 dates and instants, with a space or `T`, any fraction and offset (`Z`, `+00`,
 * `+05:30`): what gen, Postgres's text output and most writers give. Day-first or month-first dates
 * (`05/03/2024`) are refused: `Date.parse` takes some of them, and guesses their order.
 */
const ISO_DATE = /^([+-]?\d{4,6}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** An offset as `Date.parse` takes it: `Z`, or `+HH:MM` from `+HH`, `+HHMM` or `+HH:MM`. */
function zoneOf(zone: string | undefined): string {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 'Z';
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`;
}

/** Epoch milliseconds of an ISO date or instant (`ISO_DATE`; no offset is UTC), or NaN for anything else. */
export function parseInstant(text: string): number {
  const match = ISO_DATE.exec(text);
  if (match === null) return Number.NaN;
  const [, day, time, zone] = match;
  return Date.parse(`${day}T${time ?? '00:00'}${zoneOf(zone)}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether key `key` is one of `table`'s rows in the run: its keys are computed, never collected. */
function hasKey(tables: readonly TableDefinition[], name: string, ranges: TableRanges, key: number): boolean {
  const keys = sequenceOf(tables.find((t) => t.name === name));
  const range = ranges[name];
  if (keys === null || range === undefined || keys.step === 0) return false;
  const row = (key - keys.start) / keys.step;
  return Number.isInteger(row) && row >= range.start && row < range.end;
}

/** Whether `value` cannot be a value of the column's type (or of its generator's format). */
export function malformed(column: ColumnDefinition, value: unknown): boolean {
  const text = String(value);
  switch (column.type.kind) {
    case 'int64':
      return !Number.isInteger(Number(text)) || text.trim() === '';
    case 'float64':
    case 'decimal':
      return !Number.isFinite(Number(text)) || text.trim() === '';
    case 'timestamp':
    case 'date':
      return Number.isNaN(parseInstant(text));
    case 'uuid':
      return !UUID.test(text);
    case 'bool':
      return !['true', 'false', '1', '0', 't', 'f'].includes(text);
    default:
      return column.generator.kind === 'email' && !text.includes('@');
  }
}

/**
 * Classifies a value of `table.column` that differs from the one gen makes there (`expected`), the way
 * `--dirty` names its defects: a NULL where none may be, a key of another row, a reference to no row, a
 * value the type or format refuses, a number out of its generator's range, an instant off its row's day.
 */
export function classify(
  tables: readonly TableDefinition[],
  table: TableDefinition,
  column: ColumnDefinition,
  ranges: TableRanges,
  found: unknown,
  expected: unknown,
): ValueKind {
  if (found === null) return isNullable(column) ? 'mismatch' : 'null';
  if (malformed(column, found)) return 'malformed';
  const number = Number(found);
  if (table.primaryKey?.length === 1 && table.primaryKey[0] === column.name)
    return hasKey(tables, table.name, ranges, number) ? 'duplicate_key' : 'mismatch';
  const parent = parentOf(table, column);
  if (parent !== null && !hasKey(tables, parent, ranges, number)) return 'orphan';
  const range = rangeOf(column);
  if (range !== null && (number < range[0] || number > range[1])) return 'out_of_range';
  if (column.generator.kind === 'dayTime' && column.type.kind === 'timestamp' && expected !== null) {
    const day = (value: unknown): number => Math.floor(parseInstant(String(value)) / DAY_MS);
    if (day(found) !== day(expected)) return 'late';
  }
  return 'mismatch';
}

/**
 * The finding of a row gen made that is not there: for a table keyed by date, naming its day (its first
 * `dayTime` column), so that a day gone missing reads as that day.
 */
export function missingRow(table: TableDefinition, values: RowValues): TableFinding {
  const c = table.shape?.kind === 'daily' ? table.columns.findIndex((col) => col.generator.kind === 'dayTime') : -1;
  const day = c < 0 ? null : String(values[c] ?? '').slice(0, 10);
  return {
    column: null,
    kind: 'missing_rows',
    key: rowKey(table, values),
    detail: `a row gen made is not there${day === null || day === '' ? '' : ` (of ${day})`}`,
  };
}

/**
 * Reports each value of a row that differs from gen's (`expected`), classified, under the row's `key`;
 * returns how many differ.
 */
export function reportDifferences(
  tables: readonly TableDefinition[],
  table: TableDefinition,
  ranges: TableRanges,
  found: RowValues,
  expected: RowValues,
  key: unknown,
  report: (finding: TableFinding) => void,
): number {
  let differ = 0;
  table.columns.forEach((column, c) => {
    if (found[c] === expected[c]) return;
    differ++;
    const value = found[c] ?? null;
    const kind = classify(tables, table, column, ranges, value, expected[c]);
    report({
      column: column.name,
      kind,
      key,
      detail: `expected ${JSON.stringify(expected[c])}, found ${JSON.stringify(value)}`,
    });
  });
  return differ;
}
