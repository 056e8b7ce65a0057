import type { PgConnection } from './postgres-connection.ts';
import { qualified } from './postgres-ddl.ts';

/** What the run log records about a run before it starts. */
export interface RunRecord {
  readonly dataset: string;
  readonly datasetVersion: number;
  readonly seed: number;
  /** The reference date, `YYYY-MM-DD`. */
  readonly date: string;
  /** The options that shape the output (rows, shard, mode…), as JSON. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** The run log's table name, in the target schema. */
export const RUN_LOG_TABLE = 'shardgen_runs';

/**
 * `shardgen_runs`: one row per run, like a pipeline's job-state table. `status` is `running` from the start,
 * then `completed` in the same transaction that makes the data visible, or `failed` with the error. A run
 * killed outright (SIGKILL, power loss) stays `running`; its staging tables are dropped by the next run.
 */
function createSql(schema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${qualified(schema, RUN_LOG_TABLE)} (
    run_id text PRIMARY KEY,
    dataset text NOT NULL,
    dataset_version integer NOT NULL,
    seed bigint NOT NULL,
    reference_date date NOT NULL,
    options jsonb NOT NULL,
    status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    tables jsonb,
    error text,
    tool text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    wall_ms bigint
  )`;
}

/** Writes one run's row of `shardgen_runs`. */
export interface RunLog {
  /** Records the run as `running` (committed at once, so others can see it). */
  start(connection: PgConnection): Promise<void>;
  /** Marks it `completed`; call inside the transaction that makes the data visible. */
  complete(connection: PgConnection, tables: unknown): Promise<void>;
  /** Marks it `failed` with `error`; best effort (the server may be gone). */
  fail(connection: PgConnection, error: string): Promise<void>;
}

/** The run log of run `run` in `schema`. */
export function createRunLog(schema: string, run: string, record: RunRecord, tool: string): RunLog {
  const table = qualified(schema, RUN_LOG_TABLE);
  const started = performance.now();
  const finish = (connection: PgConnection, status: string, tables: unknown, error: string | null): Promise<unknown> =>
    connection.query(
      `UPDATE ${table} SET status = $2, tables = $3, error = $4, finished_at = now(), wall_ms = $5 WHERE run_id = $1`,
      'recording the run in shardgen_runs',
      [run, status, tables === null ? null : JSON.stringify(tables), error, Math.round(performance.now() - started)],
    );
  return {
    async start(connection) {
      // Shards starting together may race to create the table: IF NOT EXISTS is not atomic, so retry once.
      await connection
        .query(createSql(schema), 'creating shardgen_runs (or pass --no-run-log)')
        .catch(() => connection.query(createSql(schema), 'creating shardgen_runs (or pass --no-run-log)'));
      await connection.query(
        `INSERT INTO ${table} (run_id, dataset, dataset_version, seed, reference_date, options, status, tool) VALUES ($1, $2, $3, $4, $5, $6, 'running', $7)`,
        'recording the run in shardgen_runs',
        [run, record.dataset, record.datasetVersion, record.seed, record.date, JSON.stringify(record.options), tool],
      );
    },
    async complete(connection, tables) {
      await finish(connection, 'completed', tables, null);
    },
    async fail(connection, error) {
      await finish(connection, 'failed', null, error).catch(() => undefined);
    },
  };
}
