/**
 * Idempotent days: a scheduler retries, so `--append` of days a completed run already loaded replaces
 * those days' rows instead of failing on their keys. The rows to replace are the run's own: a table keyed
 * by date (or by a parent that is) makes day D's rows at the same row ids every time, so deleting the
 * run's key range and loading it again gives the day as one load of it gives (tested: a day loaded twice
 * equals a day loaded once). A table whose key no sequence makes (a store × product × day snapshot) is
 * loaded into a temp table and upserted by its key instead: a day's keys are the same in every run.
 */
import type { TableDefinition } from '../dataset/types.ts';
import { SinkError } from '../errors.ts';
import type { PgConnection } from './postgres-connection.ts';
import { parallelCopy } from './postgres-copy.ts';
import { qualified, quoteIdent } from './postgres-ddl.ts';
import { sequenceKey } from './postgres-existing.ts';
import { ofSchema, RUN_LOG, RUN_LOG_NAME } from './postgres-run-log.ts';
import type { TableOutput } from './types.ts';

/** The days of a run, `YYYY-MM-DD`, both included. */
export interface DayWindow {
  readonly from: string;
  readonly to: string;
}

/** A table's rows in the run: row ids `[start, end)`. */
export interface RowRange {
  readonly table: string;
  readonly start: number;
  readonly end: number;
}

/** Whether the run log shows a completed run of `dataset` that loaded any of `days`. */
export async function loadedDays(
  main: PgConnection,
  schema: string,
  dataset: string,
  days: DayWindow,
): Promise<boolean> {
  const exists = await main.query('SELECT to_regclass($1) IS NOT NULL AS e', `looking up ${RUN_LOG_NAME}`, [RUN_LOG]);
  if (exists.rows[0]?.e !== true) return false;
  // ISO dates compare as text; a run without days (a plain dataset) has no days to replace.
  const found = await main.query(
    `SELECT 1 FROM ${RUN_LOG} WHERE status = 'completed' AND ${ofSchema(4)} AND dataset = $1
       AND options->'days'->>'from' <= $3 AND options->'days'->>'to' >= $2 LIMIT 1`,
    `reading ${RUN_LOG_NAME}`,
    [dataset, days.from, days.to, schema],
  );
  return (found.rowCount ?? 0) > 0;
}

/** How the run's rows of a table already loaded are replaced. */
export type Replacement =
  /** Its key range is deleted before the load (a sequence key: exact for every shard). */
  | { readonly kind: 'delete'; readonly sql: string; readonly params: readonly unknown[] }
  /** Loaded into a temp table, then upserted by its primary key (the key set of a day is fixed). */
  | { readonly kind: 'upsert'; readonly key: readonly string[] };

/**
 * How the rows `range` of `table` (a table keyed by date or parent) are replaced.
 * @throws {SinkError} for a table without a primary key: its rows cannot be told apart.
 */
function replacementOf(schema: string, table: TableDefinition, range: RowRange): Replacement {
  const key = sequenceKey(table);
  if (key !== null) {
    const column = quoteIdent(key.column.name);
    const sql = `DELETE FROM ${qualified(schema, table.name)} WHERE ${column} >= $1 AND ${column} < $2`;
    return { kind: 'delete', sql, params: [key.start + range.start * key.step, key.start + range.end * key.step] };
  }
  if ((table.primaryKey ?? []).length > 0) return { kind: 'upsert', key: table.primaryKey! };
  throw new SinkError(
    `${qualified(schema, table.name)} holds days this --append loads again, and has no primary key to replace its rows by: delete those days first, or load them without --append`,
  );
}

/** The upsert of a temp table's rows into `table`: every column set from the new row on a key clash. */
function upsertSql(schema: string, table: TableDefinition, temp: string, key: readonly string[]): string {
  const columns = table.columns.map((c) => quoteIdent(c.name));
  const others = table.columns.filter((c) => !key.includes(c.name)).map((c) => quoteIdent(c.name));
  const action =
    others.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${others.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`;
  return `INSERT INTO ${qualified(schema, table.name)} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM ${temp} ON CONFLICT (${key.map(quoteIdent).join(', ')}) ${action}`;
}

/** How an append replaces the run's rows of days already loaded. */
export interface DayReplacer {
  /** Deletes the run's key ranges, children first (their keys point up), before anything is loaded. */
  deleteRanges(): Promise<void>;
  /** For a table replaced by upsert: a COPY into a temp table, upserted at its end; else null. */
  upsert(table: TableDefinition, index: number): Promise<TableOutput | null>;
}

/** The replacer of the run's rows `ranges` of the tables keyed by date or parent among `tables`. */
export function dayReplacer(
  main: PgConnection,
  schema: string,
  tables: readonly TableDefinition[],
  ranges: readonly RowRange[],
  exists: (table: TableDefinition) => Promise<boolean>,
): DayReplacer {
  const shaped = ranges.flatMap((range) => {
    const table = tables.find((t) => t.name === range.table && t.shape !== undefined);
    return table === undefined ? [] : [{ table, replacement: replacementOf(schema, table, range) }];
  });
  return {
    async deleteRanges() {
      for (const { table, replacement } of [...shaped].reverse())
        if (replacement.kind === 'delete' && (await exists(table)))
          await main.query(replacement.sql, `replacing the loaded days of ${table.name}`, [...replacement.params]);
    },
    async upsert(table, index) {
      const replacement = shaped.find((s) => s.table.name === table.name)?.replacement;
      if (replacement?.kind !== 'upsert') return null;
      const temp = `shardgen_upsert_${index}`;
      await main.query(
        `CREATE TEMP TABLE ${quoteIdent(temp)} (LIKE ${qualified(schema, table.name)} INCLUDING DEFAULTS) ON COMMIT DROP`,
        `staging the loaded days of ${table.name}`,
      );
      const copy = await parallelCopy([main], table, temp, 'pg_temp');
      return {
        write: (bytes) => copy.write(bytes),
        async end() {
          await copy.end();
          const sql = upsertSql(schema, table, `pg_temp.${quoteIdent(temp)}`, replacement.key);
          await main.query(sql, `replacing the loaded days of ${table.name}`);
        },
      };
    },
  };
}
