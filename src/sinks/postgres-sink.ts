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
import { inPhase, type LoadContext, type Loader, type PostgresSinkConfig } from './postgres-load.ts';
import { explainLockTimeout } from './postgres-locks.ts';
import { overwriteLoader } from './postgres-overwrite.ts';
import { createRunLog, RUN_LOG_NAME, type RunLog, type RunResult } from './postgres-run-log.ts';
import { createEnums, dropEnums, type MissingEnum, planTypes } from './postgres-types.ts';
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

/** The tables of `tables` that do not exist yet (an append creates them). */
async function missingTables(
  main: PgConnection,
  schema: string,
  tables: readonly TableDefinition[],
): Promise<TableDefinition[]> {
  const found = await main.query(
    'SELECT array_agg(to_regclass(n) IS NULL ORDER BY i) AS missing FROM unnest($1::text[]) WITH ORDINALITY u(n, i)',
    'looking up the tables',
    [tables.map((t) => qualified(schema, t.name))],
  );
  const missing = (found.rows[0]?.missing ?? []) as boolean[];
  return tables.filter((_, i) => missing[i] === true);
}

/**
 * Everything a load checks and takes before a row is generated: the schema, a lock per table against
 * other runs, each session's `lock_timeout`, the leftovers of dead runs, what may be done to each table,
 * and the types of the tables it creates (the enums to create with them).
 */
async function prepare(context: Omit<LoadContext, 'enums'>): Promise<MissingEnum[]> {
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
  return planTypes(main, mode === 'overwrite' ? config.tables : await missingTables(main, schema, config.tables));
}

/**
 * An overwrite's enums, committed before its staging tables (which its COPY connections must see); a
 * failed run drops them again (`dropEnums`). An append creates them in its transaction instead.
 */
async function createEnumsFirst(main: PgConnection, enums: readonly MissingEnum[]): Promise<string[]> {
  if (enums.length === 0) return [];
  await main.query('BEGIN', 'creating types');
  try {
    const created = await createEnums(main, enums);
    await main.query('COMMIT', 'creating types');
    return created;
  } catch (error) {
    await main.client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
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

/**
 * After a failed run: drops its staging tables `names`, then the enum `types` it created, and records the
 * failure in the run log. The connections may be the thing that failed: this is done on a fresh one.
 */
async function cleanUp(
  config: PostgresSinkConfig,
  run: string,
  names: readonly string[],
  types: readonly string[],
  failure: { log: RunLog; reason: unknown } | null,
): Promise<void> {
  const cleanup = await connectPg(config.url, `${applicationName(run)}/cleanup`).catch(() => undefined);
  if (cleanup === undefined) return;
  for (const name of names)
    await cleanup.client.query(`DROP TABLE IF EXISTS ${qualified(config.schema, name)}`).catch(() => undefined);
  await dropEnums(cleanup, types);
  const { reason } = failure ?? {};
  await failure?.log.fail(cleanup, reason instanceof Error ? reason.message : String(reason ?? 'failed'));
  await cleanup.close();
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
  let loader: Loader | undefined;
  let types: string[] = [];
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
    const context: LoadContext = { config, run, main, enums: await prepare({ config, run, main }) };
    loader = config.mode === 'append' ? await appendLoader(context) : await overwriteLoader(context);
    if (config.mode === 'overwrite') types = await createEnumsFirst(main, context.enums);
    await log?.start(main);
  } catch (error) {
    await stop();
    if (types.length > 0) await cleanUp(config, run, [], types, null);
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
        if (log !== null) await inPhase(config, 'recording the run', () => log.complete(main, manifest as RunResult));
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
      const failure = log === null ? null : { log, reason };
      await cleanUp(config, run, names, types, failure);
    },
  };
}
