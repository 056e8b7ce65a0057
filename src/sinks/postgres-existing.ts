import type { ColumnDefinition, TableDefinition } from '../dataset/types.ts';
import type { RowIdRange } from '../generators/types.ts';
import type { PgConnection } from './postgres-connection.ts';
import { qualified, quoteIdent } from './postgres-ddl.ts';

/*
 * What an append reads of the rows a table already holds: where its ids continue, and which of its rows a
 * new row may refer to. Both are read once, before a row is generated, and recorded in the run log, so that
 * the run is a function of what was there (`gen check` plans it again from the log).
 */

/** The most ranges of existing rows kept per table: the largest runs of consecutive keys, in key order. */
export const MOST_RANGES = 1000;

/** The table's key when a sequence makes it (`start + row × step`, step > 0), else null. */
export function sequenceKey(table: TableDefinition): { column: ColumnDefinition; start: number; step: number } | null {
  const column =
    table.primaryKey?.length === 1 ? table.columns.find((c) => c.name === table.primaryKey![0]) : undefined;
  const spec = column?.generator;
  if (column === undefined || spec?.kind !== 'sequence' || (spec.step ?? 1) <= 0) return null;
  return { column, start: spec.start ?? 0, step: spec.step ?? 1 };
}

async function exists(main: PgConnection, schema: string, table: TableDefinition): Promise<boolean> {
  const found = await main.query('SELECT to_regclass($1) IS NOT NULL AS e', `looking up ${table.name}`, [
    qualified(schema, table.name),
  ]);
  return found.rows[0]?.e === true;
}

/** Continues the id space of an appended table: the row after its largest key, or its row count. */
export async function nextRow(main: PgConnection, schema: string, table: TableDefinition): Promise<number> {
  if (!(await exists(main, schema, table))) return 0;
  const name = qualified(schema, table.name);
  const key = sequenceKey(table);
  if (key !== null) {
    const { start, step } = key;
    const max = await main.query(
      `SELECT max(${quoteIdent(key.column.name)})::text AS m FROM ${name}`,
      `reading the last key of ${table.name}`,
    );
    const last = max.rows[0]?.m as string | null;
    return last === null ? 0 : Math.max(0, Math.floor((Number(last) - start) / step) + 1);
  }
  const count = await main.query(`SELECT count(*)::text AS n FROM ${name}`, `counting the rows of ${table.name}`);
  return Number(count.rows[0]?.n ?? 0);
}

/**
 * The row ids of the keys `table` already holds, as runs of consecutive ids `[start, end)` (a serial key
 * with deleted rows has gaps; keys off the sequence's steps are not gen's rows and are left out): at most
 * `MOST_RANGES`, the longest, so that memory does not grow with the table. Empty for a table gen cannot
 * refer into (no sequence key).
 */
export async function existingRanges(
  main: PgConnection,
  schema: string,
  table: TableDefinition,
): Promise<RowIdRange[]> {
  const key = sequenceKey(table);
  if (key === null || !(await exists(main, schema, table))) return [];
  const { start, step } = key;
  const k = `${quoteIdent(key.column.name)}::numeric`;
  // Gaps and islands: consecutive ids share id - row_number().
  const found = await main.query(
    `SELECT min(id)::text AS a, (max(id) + 1)::text AS b FROM (
       SELECT id, id - row_number() OVER (ORDER BY id) AS island FROM (
         SELECT DISTINCT (${k} - $1) / $2 AS id FROM ${qualified(schema, table.name)}
         WHERE ${k} >= $1 AND mod(${k} - $1, $2) = 0) ids) runs
     GROUP BY island ORDER BY count(*) DESC, min(id) LIMIT ${MOST_RANGES}`,
    `reading the keys of ${table.name}`,
    [start, step],
  );
  return (found.rows as { a: string; b: string }[])
    .map((r): RowIdRange => [Number(r.a), Number(r.b)])
    .filter(([a, b]) => Number.isSafeInteger(a) && Number.isSafeInteger(b))
    .sort((x, y) => x[0] - y[0]);
}
