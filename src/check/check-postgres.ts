/**
 * `gen check --url URL --schema S`: the tables of gen's last completed load (its run log, `shardgen_runs`)
 * against what gen makes. Rows come back with `COPY (SELECT … ORDER BY key) TO STDOUT`, each column
 * printed as gen's CSV prints it; gen's own rows are remade chunk by chunk in key order (every table whose
 * keys rise with its row ids), and the two are walked side by side. A key copied from the row before it
 * (a duplicate) shows as two rows with one key and the next key missing: that pair is one finding.
 */
import { to as copyTo } from 'pg-copy-streams';
import type { ColumnDefinition, DatasetDefinition, TableDefinition } from '../dataset/types.ts';
import { UsageError } from '../errors.ts';
import type { RunPlan } from '../planner/run-plan.ts';
import { connectPg, type PgConnection } from '../sinks/postgres-connection.ts';
import { qualified, quoteIdent } from '../sinks/postgres-ddl.ts';
import { CHECK_CHUNK_ROWS, expectedLines } from './expected-rows.ts';
import { openReader } from './file-reader.ts';
import { type CheckSummary, createTally, type Finding } from './findings.ts';
import { planAgain, type RecordedRun } from './output-manifest.ts';
import { type Row, rowWalk, type Walk } from './row-walk.ts';

export interface PostgresCheckOptions {
  readonly url: string | undefined;
  readonly schema: string;
  /** A schema file's dataset (`--config`), when the load was of one. */
  readonly dataset?: DatasetDefinition | undefined;
  readonly onFinding: (finding: Finding) => void;
}

/** A column as gen's CSV writes it, computed by the server. */
function textOf(column: ColumnDefinition): string {
  const c = quoteIdent(column.name);
  if (column.sql !== undefined) return `${c}::text`;
  switch (column.type.kind) {
    case 'timestamp':
      return `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'date':
      return `to_char(${c}, 'YYYY-MM-DD')`;
    case 'time':
      return `to_char(date '2000-01-01' + ${c}, 'HH24:MI:SS.MS')`;
    case 'bool':
      return `CASE WHEN ${c} THEN 'true' WHEN NOT ${c} THEN 'false' END`;
    default:
      return `${c}::text`;
  }
}

/** Key order as the walk compares keys: text byte by byte (COLLATE "C"), numbers as numbers. */
function orderBy(table: TableDefinition): string {
  return (table.primaryKey ?? [])
    .map((name) => {
      const column = table.columns.find((c) => c.name === name)!;
      const text = column.type.kind === 'utf8' || column.type.kind === 'uuid';
      // Qualified: a bare name would sort by the output column, which is text.
      return text ? `t.${quoteIdent(name)}::text COLLATE "C"` : `t.${quoteIdent(name)}`;
    })
    .join(', ');
}

async function lastRun(main: PgConnection, schema: string): Promise<Record<string, unknown>> {
  const runs = await main.query(
    `SELECT dataset, dataset_version, seed, to_char(reference_date, 'YYYY-MM-DD') AS date, options, tables FROM ${qualified(schema, 'shardgen_runs')} WHERE status = 'completed' ORDER BY finished_at DESC LIMIT 1`,
    'reading the run log shardgen_runs',
  );
  const run = runs.rows[0] as Record<string, unknown> | undefined;
  if (run === undefined) throw new UsageError(`schema ${schema} has no completed gen load in shardgen_runs`);
  return run;
}

/** The load the run log records, planned again. */
function replan(run: Record<string, unknown>, options: PostgresCheckOptions): RunPlan {
  const recorded = run.options as Partial<Pick<RecordedRun, 'days' | 'rows' | 'scale'>>;
  const record: RecordedRun = {
    dataset: { name: String(run.dataset), version: Number(run.dataset_version) },
    seed: Number(run.seed),
    date: String(run.date),
    days: recorded.days ?? null,
    rows: recorded.rows ?? null,
    scale: recorded.scale ?? null,
  };
  const { url, schema } = options;
  return planAgain(
    record,
    options.dataset,
    `schema ${schema}`,
    url === undefined ? { format: 'pg', schema } : { url, schema },
  );
}

/**
 * Checks gen's last load in `schema`; reports each finding as it is found.
 * @throws {UsageError} when the schema holds no completed gen load this gen can check.
 */
export async function checkPostgres(options: PostgresCheckOptions): Promise<CheckSummary> {
  const main = await connectPg(options.url, 'shardgen check');
  try {
    const run = await lastRun(main, options.schema);
    const plan = replan(run, options);
    const lines = expectedLines(plan);
    const tally = createTally(options.onFinding);
    for (const entry of run.tables as { name: string; rowStart: number; rowEnd: number }[]) {
      const table = plan.dataset.tables.find((t) => t.name === entry.name)!;
      const { line, report } = tally.table(table.name);
      line.files++;
      line.rows += entry.rowEnd - entry.rowStart;
      const expected = (start: number, count: number): string[] => lines(table, start, count);
      await checkTable(main, plan, table, entry, expected, rowWalk(plan, table, report));
    }
    return tally.summary();
  } finally {
    await main.close();
  }
}

async function checkTable(
  main: PgConnection,
  plan: RunPlan,
  table: TableDefinition,
  entry: { rowStart: number; rowEnd: number },
  expected: (start: number, count: number) => string[],
  walk: Walk,
): Promise<void> {
  const columns = table.columns.map(textOf).join(', ');
  const order = orderBy(table);
  const sql = `COPY (SELECT ${columns} FROM ${qualified(plan.target.kind === 'postgres' ? plan.target.schema : 'public', table.name)} t${order === '' ? '' : ` ORDER BY ${order}`}) TO STDOUT (FORMAT csv)`;
  const reader = openReader(main.client.query(copyTo(sql)));
  const actual = async (): Promise<Row | null> => {
    const line = await reader.line();
    return line === null ? null : walk.row(line.toString());
  };
  await walk.run(
    actual,
    (function* rows() {
      for (let start = entry.rowStart; start < entry.rowEnd; start += CHECK_CHUNK_ROWS)
        yield* expected(start, Math.min(CHECK_CHUNK_ROWS, entry.rowEnd - start));
    })(),
  );
  await reader.finish();
}
