import { randomBytes } from 'node:crypto';
import type { TableDefinition } from '../dataset/types.ts';
import { SinkError } from '../errors.ts';
import { TOOL } from '../version.ts';
import { appendLoader } from './postgres-append.ts';
import { applicationName, connectPg, type PgConnection } from './postgres-connection.ts';
import { startCopy } from './postgres-copy.ts';
import { qualified, quoteIdent, STAGING_NAME, schemasOf, stagingName } from './postgres-ddl.ts';
import { existingRanges, nextRow } from './postgres-existing.ts';
import { checkAppend, checkOverwrite, lockTables } from './postgres-guard.ts';
import type { LoadContext, Loader, PostgresSinkConfig } from './postgres-load.ts';
import { explainLockTimeout } from './postgres-locks.ts';
import { overwriteLoader } from './postgres-overwrite.ts';
import { createRunLog, RUN_LOG_NAME, type RunResult } from './postgres-run-log.ts';
import type { Sink, TableOutput } from './types.ts';

/**
 * Drops staging tables of earlier runs that no longer have a connection (a SIGKILL, a server restart in
 * the middle of a load). Best effort: a table we may not drop belongs to someone else.
 */
async function sweepStaging(main: PgConnection, schemas: readonly string[]): Promise<void> {
  const tables = await main.client
    .query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY($1::text[]) AND c.relkind = 'r' AND c.relname LIKE '\\_shardgen\\_%'`,
      [schemas],
    )
    .catch(() => ({ rows: [] }));
  if (tables.rows.length === 0) return;
  const active = await main.client.query<{ name: string }>('SELECT application_name AS name FROM pg_stat_activity');
  const live = new Set(active.rows.map((r) => r.name));
  for (const { schema, name } of tables.rows) {
    const run = STAGING_NAME.exec(name)?.[1];
    if (run !== undefined && !live.has(applicationName(run)))
      await main.client.query(`DROP TABLE IF EXISTS ${qualified(schema, name)}`).catch(() => undefined);
  }
}

/**
 * Everything a load checks and takes before a row is generated: the schema, a lock per table against
 * other runs, each session's `lock_timeout`, the leftovers of dead runs, and what may be done to each table.
 */
async function prepare(context: LoadContext): Promise<void> {
  const { config, main } = context;
  const { schema, mode } = config;
  await main.query(`SET lock_timeout = ${Math.round(config.lock.timeoutMs)}`, 'setting lock_timeout');
  const schemas = schemasOf(schema, config.tables);
  const found = await main.query(
    `SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[])`,
    'looking up the schemas',
    [schemas],
  );
  const missing = schemas.find((s) => !found.rows.some((r) => r.nspname === s));
  if (missing !== undefined)
    throw new SinkError(
      `schema "${missing}" does not exist in database "${main.target.database}"; create it (CREATE SCHEMA)${missing === schema ? ' or pick another with --schema' : ''}`,
    );
  await lockTables(main, schema, config.tables, mode === 'overwrite' ? 'exclusive' : 'shared', config.lock);
  await sweepStaging(main, schemas);
  if (mode === 'overwrite') await checkOverwrite(main, schema, config.tables, config.force);
  else await checkAppend(main, schema, config.tables);
}

/**
 * Cancels what the run's sessions are doing on the server (a key build, a foreign key check, the swap),
 * from a session of its own: closing a socket does not stop a backend busy with DDL. Best effort.
 */
async function cancelRun(config: PostgresSinkConfig, run: string): Promise<void> {
  const other = await connectPg(config.url, `${applicationName(run)}/cancel`).catch(() => undefined);
  await other
    ?.query('SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = $1', 'cancelling', [
      applicationName(run),
    ])
    .catch(() => undefined);
  await other?.close();
}

/** Tables beside the dataset's (`shardgen_defects`), each loaded over a connection of its own. */
interface SideTables {
  open(base: string): Promise<{ output: TableOutput; path: string; file: string }>;
  /** Replaces each `shardgen_<base>` by its staging table; inside the swap's transaction. */
  publish(main: PgConnection): Promise<void>;
  leftovers(): string[];
  close(): Promise<void>;
}

/**
 * A dirty run's ground truth as a table, `shardgen_defects (defect jsonb)`: one row per NDJSON line, loaded
 * with COPY as CSV whose quote and delimiter are control bytes that JSON text never holds raw, so each
 * line is one value. It is staged like the dataset's tables and swapped in with them.
 */
function sideTables(config: PostgresSinkConfig, run: string): SideTables {
  const { schema } = config;
  const tables: { staging: string; final: string; connection: PgConnection }[] = [];
  return {
    async open(base) {
      const connection = await connectPg(config.url, applicationName(run), config.signal);
      const staging = stagingName(run, 10_000 + tables.length);
      const final = `shardgen_${base}`;
      tables.push({ staging, final, connection });
      const name = qualified(schema, staging);
      await connection.query(`CREATE TABLE ${name} (defect jsonb NOT NULL)`, `creating ${final}`);
      const copy = `COPY ${name} (defect) FROM STDIN (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`;
      const output = await startCopy(connection, copy, final, false);
      return { output, path: qualified(schema, final), file: qualified(schema, final) };
    },
    async publish(main) {
      for (const { staging, final } of tables) {
        await main.query(`DROP TABLE IF EXISTS ${qualified(schema, final)}`, `replacing ${final}`);
        await main.query(
          `ALTER TABLE ${qualified(schema, staging)} RENAME TO ${quoteIdent(final)}`,
          `replacing ${final}`,
        );
      }
    },
    leftovers: () => tables.map((t) => t.staging),
    async close() {
      await Promise.all(tables.splice(0).map((t) => t.connection.close()));
    },
  };
}

/**
 * Loads a run into Postgres, all or nothing. `overwrite` (default) loads each table through parallel
 * binary COPY into a staging table, builds its primary key there, and swaps every staging table in for
 * its target in one transaction at commit. `append` loads into the targets inside one transaction, so a
 * key clash or any failure leaves them untouched. The run is recorded in `shardgen.runs` unless `run` is
 * null: `completed` in the same transaction that publishes the data. Before any of it, `prepare` checks
 * that the run may touch every table (gen replaces only tables it made, unless `force`).
 * @throws {SinkError} when Postgres cannot be reached or refuses (one line, no password).
 */
export async function createPostgresSink(config: PostgresSinkConfig): Promise<Sink> {
  const run = randomBytes(4).toString('hex');
  const main = await connectPg(config.url, applicationName(run), config.signal);
  const { schema } = config;
  const context: LoadContext = { config, run, main };
  let loader: Loader | undefined;
  let sides: SideTables | undefined;
  const log = config.run === null ? null : createRunLog(schema, run, config.run, `${TOOL.name} ${TOOL.version}`);
  const cancel = (): void => void cancelRun(config, run);
  config.signal?.addEventListener('abort', cancel, { once: true });
  const stop = async (): Promise<void> => {
    config.signal?.removeEventListener('abort', cancel);
    await sides?.close();
    await loader?.close();
    await main.close();
  };
  try {
    await prepare(context);
    loader = config.mode === 'append' ? await appendLoader(context) : await overwriteLoader(context);
    await log?.start(main);
  } catch (error) {
    await stop();
    throw await explainLockTimeout(error, config, run);
  }
  const ready = loader;
  let index = 0;
  sides = sideTables(config, run);
  const side = sides;
  return {
    openSide: (base) => side.open(base),
    ...(config.mode === 'append'
      ? {
          nextRow: (table: TableDefinition) => nextRow(main, schema, table),
          existingRows: (table: TableDefinition) => existingRanges(main, schema, table),
        }
      : {}),
    async open(table) {
      const path = qualified(schema, table.name);
      return { output: await ready.open(table, index++), path, file: path };
    },
    async commit(manifest) {
      try {
        if (config.mode === 'overwrite') await main.query('BEGIN', 'starting the swap');
        await ready.publish();
        await side.publish(main);
        await log?.complete(main, manifest as RunResult);
        // A COMMIT of a failed transaction does not throw: it answers ROLLBACK (https://www.postgresql.org/docs/15/sql-commit.html).
        const done = await main.query('COMMIT', 'committing the load');
        if (done.command === 'ROLLBACK')
          throw new SinkError('the load was rolled back by the server; the tables are unchanged');
      } catch (error) {
        throw await explainLockTimeout(error, config, run);
      }
      await stop();
      return log === null ? null : `${RUN_LOG_NAME} run ${run}`;
    },
    async abort(reason) {
      const names = [...ready.leftovers(), ...side.leftovers()];
      await stop();
      // The connections may be the thing that failed: clean up on a fresh one.
      const cleanup = await connectPg(config.url, `${applicationName(run)}/cleanup`).catch(() => undefined);
      if (cleanup === undefined) return;
      for (const name of names)
        await cleanup.client.query(`DROP TABLE IF EXISTS ${qualified(schema, name)}`).catch(() => undefined);
      await log?.fail(cleanup, reason instanceof Error ? reason.message : String(reason ?? 'failed'));
      await cleanup.close();
    },
  };
}
