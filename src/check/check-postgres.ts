/**
 * `gen check --url URL --schema S`: the tables gen loaded (its run log, `shardgen.runs`: the last
 * replacing load and the appends after it, such as shards or later days) against what gen makes. Rows come back with `COPY (SELECT … ORDER BY key) TO STDOUT`, each column
 * printed as gen's CSV prints it; gen's own rows are remade chunk by chunk in key order (every table whose
 * keys rise with its row ids), and the two are walked side by side. A key copied from the row before it
 * (a duplicate) shows as two rows with one key and the next key missing: that pair is one finding.
 */
import { to as copyTo } from 'pg-copy-streams';
import type { ColumnDefinition, DatasetDefinition, TableDefinition } from '../dataset/types.ts';
import { UsageError } from '../errors.ts';
import { compileDataset } from '../generators/index.ts';
import type { RowIdRange } from '../generators/types.ts';
import { appendParams } from '../plan/append-params.ts';
import type { RunPlan } from '../planner/run-plan.ts';
import { connectPg, type PgConnection } from '../sinks/postgres-connection.ts';
import { qualified, quoteIdent } from '../sinks/postgres-ddl.ts';
import { sequenceKey } from '../sinks/postgres-existing.ts';
import { ofSchema, RUN_LOG, RUN_LOG_NAME } from '../sinks/postgres-run-log.ts';
import type { SinkPhase } from '../sinks/types.ts';
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
  /** Told when the reading of each table starts and ends (a table of 1e8 rows reads for minutes). */
  readonly onPhase?: (phase: SinkPhase) => void;
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

/** A completed run of the run log: what it recorded, and each table's rows. */
export interface LoggedRun {
  readonly record: Record<string, unknown>;
  readonly tables: readonly { name: string; rowStart: number; rowEnd: number }[];
}

/**
 * The runs whose rows the schema holds: the last completed replacing load (`overwrite`) and every
 * completed append after it (shards, later days, more rows), oldest first.
 */
async function loadedRuns(main: PgConnection, schema: string): Promise<LoggedRun[]> {
  const runs = await main.query(
    `SELECT dataset, dataset_version, seed, to_char(reference_date, 'YYYY-MM-DD') AS date, options, tables, existing_rows FROM ${RUN_LOG} WHERE status = 'completed' AND ${ofSchema(1)} ORDER BY finished_at, run_id`,
    `reading the run log ${RUN_LOG_NAME}`,
    [schema],
  );
  const all = runs.rows as Record<string, unknown>[];
  if (all.length === 0) throw new UsageError(`schema ${schema} has no completed gen load in ${RUN_LOG_NAME}`);
  const mode = (r: Record<string, unknown>): unknown => (r.options as { mode?: unknown }).mode;
  const last = all.findLastIndex((r) => mode(r) !== 'append');
  const since = all.slice(Math.max(0, last));
  const name = (r: Record<string, unknown>): string => `${r.dataset} v${r.dataset_version}`;
  if (since.some((r) => name(r) !== name(since[0]!)))
    throw new UsageError(
      `schema ${schema} holds loads of ${[...new Set(since.map(name))].join(' and ')}: gen check takes one dataset`,
    );
  return since.map((record) => ({ record, tables: (record.tables ?? []) as LoggedRun['tables'] }));
}

/** The load the run log records, planned again (an append that continued ids draws its references as it did). */
function replan(run: LoggedRun, options: PostgresCheckOptions): RunPlan {
  const recorded = run.record.options as Partial<Pick<RecordedRun, 'days' | 'rows' | 'scale'>> & {
    mode?: string;
    startId?: number | null;
  };
  const record: RecordedRun = {
    dataset: { name: String(run.record.dataset), version: Number(run.record.dataset_version) },
    seed: Number(run.record.seed),
    date: String(run.record.date),
    days: recorded.days ?? null,
    rows: recorded.rows ?? null,
    scale: recorded.scale ?? null,
  };
  const { url, schema } = options;
  const target = url === undefined ? { format: 'pg' as const, schema } : { url, schema };
  const plan = planAgain(record, options.dataset, `schema ${schema}`, target);
  // As `continueIds` (coordinator/continue-ids.ts) did: ids after the rows there, references among those and the new.
  const shaped = plan.dataset.tables.some((t) => t.shape !== undefined);
  if (recorded.mode !== 'append' || (recorded.startId ?? null) !== null || shaped) return plan;
  const existing = (run.record.existing_rows ?? {}) as Record<string, RowIdRange[]>;
  const found = run.tables
    .filter((t) => t.rowStart > 0)
    .map((t) => ({
      name: t.name,
      rowStart: t.rowStart,
      rows: t.rowEnd - t.rowStart,
      existing: existing[t.name] ?? [],
    }));
  if (found.length === 0) return plan;
  const params = appendParams(plan.params, found);
  return { ...plan, params, compiled: compileDataset(plan.dataset, params) };
}

/** Rows `[start, end)` of a table, made by `lines` (one run's plan). */
interface Segment {
  readonly start: number;
  readonly end: number;
  readonly lines: (start: number, count: number) => string[];
}

/** `segments` with `next` laid over them: a later load of the same rows (a day loaded again) wins. */
export function overlay(segments: readonly Segment[], next: Segment): Segment[] {
  const kept = segments.flatMap((s) => {
    if (s.end <= next.start || s.start >= next.end) return [s];
    return [
      ...(s.start < next.start ? [{ ...s, end: next.start }] : []),
      ...(s.end > next.end ? [{ ...s, start: next.end }] : []),
    ];
  });
  return [...kept, next].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
}

/**
 * Checks the rows gen loaded into `schema` (its last replacing load and the appends after it); reports
 * each finding as it is found.
 * @throws {UsageError} when the schema holds no completed gen load this gen can check.
 */
export async function checkPostgres(options: PostgresCheckOptions): Promise<CheckSummary> {
  const main = await connectPg(options.url, 'shardgen check');
  try {
    const runs = await loadedRuns(main, options.schema);
    const plans = runs.map((run) => replan(run, options));
    const tally = createTally(options.onFinding);
    const segments = new Map<string, Segment[]>();
    runs.forEach((run, i) => {
      const lines = expectedLines(plans[i]!);
      for (const entry of run.tables) {
        const table = plans[i]!.dataset.tables.find((t) => t.name === entry.name)!;
        const segment = {
          start: entry.rowStart,
          end: entry.rowEnd,
          lines: (s: number, n: number) => lines(table, s, n),
        };
        segments.set(entry.name, overlay(segments.get(entry.name) ?? [], segment));
      }
    });
    const plan = plans.at(-1)!;
    const first = firstRows(runs);
    for (const table of plan.dataset.tables.filter((t) => segments.has(t.name))) {
      const { line, report } = tally.table(table.name);
      const parts = segments.get(table.name)!;
      const rows = parts.reduce((sum, s) => sum + s.end - s.start, 0);
      line.files++;
      line.rows += rows;
      const step = `checking ${qualified(options.schema, table.name)} (${rows} rows)`;
      options.onPhase?.({ step, state: 'start' });
      await checkTable(main, plan, table, parts, rowWalk(plan, table, report), first.get(table.name) ?? 0);
      options.onPhase?.({ step, state: 'end' });
    }
    return tally.summary();
  } finally {
    await main.close();
  }
}

/**
 * Where gen's rows of each table begin when only appends loaded it, into rows already there (a populated
 * database, extended): the rows below the lowest row any of them made are the application's, not gen's,
 * and are not checked. The lowest, not the first run's: shards appending at once finish in any order.
 */
export function firstRows(runs: readonly LoggedRun[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const run of runs) {
    const append = (run.record.options as { mode?: unknown }).mode === 'append';
    for (const t of run.tables)
      first.set(t.name, Math.min(first.get(t.name) ?? Number.POSITIVE_INFINITY, append ? t.rowStart : 0));
  }
  return first;
}

/** Rows of a sequence-keyed table from row id `first` on (`start + id × step`), as SQL; '' for all rows. */
function fromRow(table: TableDefinition, first: number): string {
  const key = sequenceKey(table);
  return first === 0 || key === null
    ? ''
    : ` WHERE t.${quoteIdent(key.column.name)} >= ${key.start + first * key.step}`;
}

async function checkTable(
  main: PgConnection,
  plan: RunPlan,
  table: TableDefinition,
  segments: readonly Segment[],
  walk: Walk,
  first: number,
): Promise<void> {
  const columns = table.columns.map(textOf).join(', ');
  const order = orderBy(table);
  const sql = `COPY (SELECT ${columns} FROM ${qualified(plan.target.kind === 'postgres' ? plan.target.schema : 'public', table.name)} t${fromRow(table, first)}${order === '' ? '' : ` ORDER BY ${order}`}) TO STDOUT (FORMAT csv)`;
  const reader = openReader(main.client.query(copyTo(sql)));
  const actual = async (): Promise<Row | null> => {
    const line = await reader.line();
    return line === null ? null : walk.row(line.toString());
  };
  await walk.run(
    actual,
    (function* rows() {
      for (const { start: from, end, lines } of segments)
        for (let start = from; start < end; start += CHECK_CHUNK_ROWS)
          yield* lines(start, Math.min(CHECK_CHUNK_ROWS, end - start));
    })(),
  );
  await reader.finish();
}
