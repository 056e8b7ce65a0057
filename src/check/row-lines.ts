import type { TableDefinition } from '../dataset/types.ts';
import type { RowValues } from './classify.ts';

const NUMERIC = new Set(['int64', 'float64', 'decimal']);

/**
 * One CSV record of one line (RFC 4180: fields in double quotes may hold `,` and `""`): an empty field
 * without quotes is NULL, as gen writes it; numbers as numbers, like NDJSON's.
 */
function csvValues(table: TableDefinition, line: string): RowValues | null {
  const values: unknown[] = [];
  let i = 0;
  while (i <= line.length) {
    let text = '';
    let quoted = false;
    if (line[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        const close = line.indexOf('"', i);
        if (close < 0) return null;
        text += line.slice(i, close);
        i = close + 1;
        if (line[i] !== '"') break;
        text += '"';
        i++;
      }
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      text = line.slice(i, end);
      i = end;
    }
    const type = table.columns[values.length]?.type.kind;
    values.push(
      !quoted && text === '' ? null : !quoted && type !== undefined && NUMERIC.has(type) ? Number(text) : text,
    );
    if (i < line.length && line[i] !== ',') return null;
    i++;
  }
  return values.length === table.columns.length ? values : null;
}

function ndjsonValues(table: TableDefinition, line: string): RowValues | null {
  try {
    const row = JSON.parse(line) as Record<string, unknown> | null;
    if (row === null || typeof row !== 'object' || Array.isArray(row)) return null;
    return table.columns.map((c) => (Object.hasOwn(row, c.name) ? row[c.name] : undefined));
  } catch {
    return null;
  }
}

/** A row's values from one line of a table's file in `format`, or null when the line is not a row. */
export function rowValues(format: string, table: TableDefinition, line: string): RowValues | null {
  return format === 'csv' ? csvValues(table, line) : ndjsonValues(table, line);
}

/** The formats whose files `gen check` reads: a row per line, and Parquet. */
export const CHECKED_FORMATS = ['ndjson', 'csv', 'parquet'];
