import { tmpdir } from 'node:os';
import { expectedLines } from '../check/expected-rows.ts';
import { rowValues } from '../check/row-lines.ts';
import type { DatasetDefinition, TableDefinition } from '../dataset/types.ts';
import { pgTypeOf } from '../encoders/pg-binary.ts';
import { planRun } from '../planner/run-plan.ts';
import type { PgConnection } from '../sinks/postgres-connection.ts';

/*
 * CHECKs gen does not read (`is_valid_sku(sku)`, a function of the application's), asked of the database
 * itself: a sample of the rows gen would write, as the text COPY sends, cast to each column's type and
 * tested with the CHECK's own expression, in a READ ONLY transaction under a statement timeout (a CHECK's
 * function may read tables; it can change nothing). The values travel as parameters, never in the SQL.
 */

/** Rows of each table tried: its first rows at the file's sizes, as `gen --config FILE` makes them. */
export const SAMPLE_ROWS = 256;

/** How long one table's query may run (a CHECK's function may be slow, or wait on a lock). */
const TIMEOUT_MS = 10_000;

/** What the database said of a CHECK on gen's sample rows. */
export type CheckVerdict =
  | { readonly kind: 'passed'; readonly rows: number }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * A table's CHECKs to try: by name, with the expression as the server prints it (`CHECK ((…))`), or null
 * for a domain's CHECK, which casting the sample to the column's type tries.
 */
export interface UnreadChecks {
  readonly table: string;
  readonly checks: readonly { readonly name: string; readonly definition: string | null }[];
}

/** `CHECK ((a > 0)) NOT VALID` → `(a > 0)`. */
function expressionOf(definition: string): string {
  return definition.replace(/^\s*CHECK\s*/i, '').replace(/\s+NOT VALID\s*$/i, '');
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * One query for a table's CHECKs: how many sample rows each one refuses (NULL passes a CHECK, so only
 * false counts), over the rows cast to the columns' types (which tries their domains' CHECKs).
 */
function checkQuery(table: TableDefinition, checks: UnreadChecks['checks']): string {
  const columns = table.columns.map((c, i) => `v.c${i}::${pgTypeOf(c)} AS ${quoted(c.name)}`).join(', ');
  const arrays = table.columns.map((_, i) => `unnest($${i + 1}::text[])`).join(', ');
  const names = table.columns.map((_, i) => `c${i}`).join(', ');
  const counts = checks.map((c, i) =>
    c.definition === null ? `0 AS k${i}` : `count(*) FILTER (WHERE NOT ${expressionOf(c.definition)})::int AS k${i}`,
  );
  return `SELECT count(*)::int AS n, ${counts.join(', ')} FROM (SELECT ${columns} FROM ROWS FROM (${arrays}) AS v(${names})) AS t`;
}

/** The sample's values by column (text as COPY reads it, null for NULL): each table's first rows. */
function sampler(dataset: DatasetDefinition, date: string): (table: TableDefinition) => (string | null)[][] {
  // Planned as files to a directory (never written: the rows are made on this thread, as `gen check` does).
  const plan = planRun({ dataset, format: 'csv', out: tmpdir(), workers: 0, date });
  const lines = expectedLines(plan);
  return (table) => {
    const rows = Math.min(SAMPLE_ROWS, plan.params.tableRows?.[table.name] ?? 0);
    // Read as text whatever the column's type: the query casts them as COPY would.
    const asText = { ...table, columns: table.columns.map((c) => ({ ...c, type: { kind: 'utf8' as const } })) };
    const values = lines(table, 0, rows).flatMap((line) => {
      const row = rowValues('csv', asText, line);
      return row === null ? [] : [row as (string | null)[]];
    });
    return table.columns.map((_, c) => values.map((row) => row[c] ?? null));
  };
}

/** A server error that says the query could not be asked (not that gen's values fail): unknown, not failed. */
function unanswered(code: string | undefined): boolean {
  // 42: syntax or a name the query does not have (a column gen leaves to the database); 57014: timeout;
  // 25006: the CHECK's function writes; 0A000: not supported (https://www.postgresql.org/docs/15/errcodes-appendix.html).
  return code === undefined || code.startsWith('42') || ['57014', '25006', '0A000'].includes(code);
}

async function tryTable(
  main: PgConnection,
  table: TableDefinition,
  checks: UnreadChecks['checks'],
  columns: (string | null)[][],
): Promise<Map<string, CheckVerdict>> {
  const verdicts = new Map<string, CheckVerdict>();
  await main.query('SAVEPOINT shardgen_check', 'checking a CHECK');
  try {
    const [row] = (await main.client.query(checkQuery(table, checks), columns)).rows as Record<string, number>[];
    const n = row!.n!;
    checks.forEach((check, i) => {
      const failing = row![`k${i}`]!;
      verdicts.set(
        check.name,
        failing === 0
          ? { kind: 'passed', rows: n }
          : { kind: 'failed', reason: `${failing} of ${n} sample rows fail it (checked against the database)` },
      );
    });
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    const reason = `the database answered: ${String(message).split('\n')[0]}`;
    for (const check of checks)
      verdicts.set(check.name, unanswered(code) ? { kind: 'unknown', reason } : { kind: 'failed', reason });
  }
  await main.query('ROLLBACK TO SAVEPOINT shardgen_check', 'checking a CHECK');
  return verdicts;
}

/**
 * Asks the database whether each CHECK gen does not read holds on a sample of gen's rows of its table
 * (`dataset` as the file holds it). By table, then by constraint name.
 */
export async function sampleChecks(
  main: PgConnection,
  dataset: DatasetDefinition,
  unread: readonly UnreadChecks[],
  date: string,
): Promise<Map<string, Map<string, CheckVerdict>>> {
  const out = new Map<string, Map<string, CheckVerdict>>();
  let sample: ReturnType<typeof sampler>;
  try {
    sample = sampler(dataset, date);
  } catch (error) {
    const reason = `gen could not make a sample: ${(error as Error).message}`;
    for (const { table, checks } of unread)
      out.set(table, new Map(checks.map((c) => [c.name, { kind: 'unknown', reason }])));
    return out;
  }
  await main.query('BEGIN READ ONLY', 'checking the CHECKs gen does not read');
  try {
    await main.query(`SET LOCAL statement_timeout = ${TIMEOUT_MS}`, 'checking the CHECKs gen does not read');
    for (const { table, checks } of unread) {
      const definition = dataset.tables.find((t) => t.name === table);
      if (definition !== undefined) out.set(table, await tryTable(main, definition, checks, sample(definition)));
    }
  } finally {
    await main.query('ROLLBACK', 'checking the CHECKs gen does not read');
  }
  return out;
}
