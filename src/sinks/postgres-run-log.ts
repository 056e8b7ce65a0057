import type { PgConnection } from './postgres-connection.ts';
import { quoteIdent } from './postgres-ddl.ts';

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

/**
 * The run log lives in a schema of gen's own, never among the application's tables: `gen init` never
 * lists it, a dump of the application's schema does not carry it, and one log serves every schema loaded.
 */
export const RUN_LOG_SCHEMA = 'shardgen';
export const RUN_LOG_TABLE = 'runs';
/** `"shardgen"."runs"`, for SQL. */
export const RUN_LOG = `${quoteIdent(RUN_LOG_SCHEMA)}.${quoteIdent(RUN_LOG_TABLE)}`;
/** The SQL condition for the runs that loaded into the schema named `$n` as it is now. */
export const ofSchema = (n: number): string =>
  `target_schema = $${n}::text AND schema_oid = (SELECT oid::bigint FROM pg_namespace WHERE nspname = $${n}::text)`;
/** How messages name it. */
export const RUN_LOG_NAME = `${RUN_LOG_SCHEMA}.${RUN_LOG_TABLE}`;

/**
 * `shardgen.runs`: one row per run, like a pipeline's job-state table. `status` is `running` from the start,
 * then `completed` in the same transaction that makes the data visible, or `failed` with the error. A run
 * killed outright (SIGKILL, power loss) stays `running`; its staging tables are dropped by the next run.
 * `existing_rows`: the rows an append found and drew references among (`coordinator/continue-ids.ts`).
 * `schema_oid`: a schema dropped and made again under the same name is another schema, whose tables hold
 * none of the logged runs' rows (`ofSchema`).
 */
const CREATE = [
  `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(RUN_LOG_SCHEMA)}`,
  `CREATE TABLE IF NOT EXISTS ${RUN_LOG} (
    run_id text PRIMARY KEY,
    target_schema text NOT NULL,
    schema_oid bigint NOT NULL,
    dataset text NOT NULL,
    dataset_version integer NOT NULL,
    seed bigint NOT NULL,
    reference_date date NOT NULL,
    options jsonb NOT NULL,
    status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    tables jsonb,
    existing_rows jsonb,
    error text,
    tool text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    wall_ms bigint
  )`,
];

/** What a completed run records: its tables' row ranges, and the rows an append found. */
export interface RunResult {
  readonly tables?: unknown;
  readonly existingRows?: unknown;
}

/** Writes one run's row of `shardgen.runs`. */
export interface RunLog {
  /** Records the run as `running` (committed at once, so others can see it). */
  start(connection: PgConnection): Promise<void>;
  /** Marks it `completed`; call inside the transaction that makes the data visible. */
  complete(connection: PgConnection, result: RunResult): Promise<void>;
  /** Marks it `failed` with `error`; best effort (the server may be gone). */
  fail(connection: PgConnection, error: string): Promise<void>;
}

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

/** Creates the log's schema and table when missing; shards starting together may race (not atomic): retry once. */
async function createLog(connection: PgConnection): Promise<void> {
  const create = async (): Promise<void> => {
    for (const sql of CREATE) await connection.query(sql, `creating ${RUN_LOG_NAME} (or pass --no-run-log)`);
  };
  await create().catch(create);
}

/** The run log of run `run`, a load into `schema`. */
export function createRunLog(schema: string, run: string, record: RunRecord, tool: string): RunLog {
  const started = performance.now();
  const finish = (
    connection: PgConnection,
    status: string,
    result: RunResult,
    error: string | null,
  ): Promise<unknown> =>
    connection.query(
      `UPDATE ${RUN_LOG} SET status = $2, tables = $3, existing_rows = $4, error = $5, finished_at = now(), wall_ms = $6 WHERE run_id = $1`,
      `recording the run in ${RUN_LOG_NAME}`,
      [run, status, json(result.tables), json(result.existingRows), error, Math.round(performance.now() - started)],
    );
  return {
    async start(connection) {
      await createLog(connection);
      await connection.query(
        `INSERT INTO ${RUN_LOG} (run_id, target_schema, schema_oid, dataset, dataset_version, seed, reference_date, options, status, tool)
         SELECT $1, $2::text, oid::bigint, $3, $4, $5, $6, $7, 'running', $8 FROM pg_namespace WHERE nspname = $2::text`,
        `recording the run in ${RUN_LOG_NAME}`,
        [
          run,
          schema,
          record.dataset,
          record.datasetVersion,
          record.seed,
          record.date,
          JSON.stringify(record.options),
          tool,
        ],
      );
    },
    async complete(connection, result) {
      await finish(connection, 'completed', result, null);
    },
    async fail(connection, error) {
      await finish(connection, 'failed', {}, error).catch(() => undefined);
    },
  };
}
