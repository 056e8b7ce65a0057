import { UsageError } from '../errors.ts';
import { integerIn } from '../option-checks.ts';
import type { PgMode } from './postgres-load.ts';
import { checkPostgresNames, checkPostgresUrl } from './postgres-names.ts';
import type { SinkRecord, TargetContext, TargetOptions } from './types.ts';

/** The Postgres sink's target: where and how a load goes. */
export interface PostgresTarget {
  readonly kind: 'postgres';
  readonly url: string | undefined;
  readonly schema: string;
  readonly mode: PgMode;
  readonly connections: number;
  readonly runLog: boolean;
}

/** Largest `connections`: each is a server backend; far above what helps on any machine we measured. */
const MAX_CONNECTIONS = 64;
/** Default COPY connections; see bench/README.md for the measurement behind it. */
export const DEFAULT_CONNECTIONS = 2;

const PG_MODES: readonly PgMode[] = ['overwrite', 'append'];

/** `connections`: one for an append (a single transaction), else 1..MAX_CONNECTIONS. */
function connectionsOf(options: TargetOptions, mode: PgMode, { name }: TargetContext): number {
  const given = options.connections;
  if (mode === 'append') {
    if (given !== undefined && given !== 1) {
      throw new UsageError(
        `${name('connections')} applies to overwrite loads; an append loads in one transaction on one connection`,
      );
    }
    return 1;
  }
  const hint = `a whole number from 1 to ${MAX_CONNECTIONS}`;
  return integerIn(given ?? DEFAULT_CONNECTIONS, 1, MAX_CONNECTIONS, name('connections'), hint);
}

/**
 * Checks a load's options. Tables without rows are a way to create empty tables with their keys; it must
 * never empty loaded ones unless asked (`--overwrite`): so by default it appends nothing, creating only the
 * missing tables.
 */
function planLoad(options: TargetOptions, context: TargetContext): PostgresTarget {
  const { name, format, shard } = context;
  if (options.url !== undefined && format !== 'pg')
    throw new UsageError(
      `${name('url')} loads Postgres: drop ${name('format')} ${format}, or use ${name('format')} pg`,
    );
  if (options.url !== undefined && options.out !== undefined)
    throw new UsageError(`${name('url')} loads Postgres and ${name('out')} writes files: give one of them`);
  const mode = options.mode ?? (options.rows === 0 ? 'append' : 'overwrite');
  if (!PG_MODES.includes(mode))
    throw new UsageError(`${name('mode')} must be one of ${PG_MODES.join(', ')} (got ${JSON.stringify(mode)})`);
  if (shard !== null && (mode !== 'append' || options.startId === undefined)) {
    throw new UsageError(
      `${name('shard')} with Postgres needs append mode and an explicit ${name('startId')} (e.g. 0), so that every shard adds its own rows to the same tables`,
    );
  }
  const connections = connectionsOf(options, mode, context);
  const schema = options.schema ?? context.dataset.schema ?? 'public';
  if (schema === '') throw new UsageError(`${name('schema')} must not be empty`);
  const url = options.url ?? (process.env.DATABASE_URL || undefined);
  if (url !== undefined) checkPostgresUrl(url, options.url === undefined ? 'DATABASE_URL' : name('url'));
  checkPostgresNames(context.dataset, schema, name('schema'));
  return { kind: 'postgres', url, schema, mode, connections, runLog: options.runLog ?? true };
}

/** A Postgres load (`--url`, or `--format pg` without `--out`); pg is imported only when a load opens. */
export const postgresSink: SinkRecord<PostgresTarget> = {
  kind: 'postgres',
  options: ['schema', 'mode', 'connections', 'runLog'],
  asking: (name) => `Postgres (${name('url')} or ${name('format')} pg)`,
  claims: (options, format) => options.url !== undefined || (format === 'pg' && options.out === undefined),
  plan: planLoad,
  describe: (target) => `Postgres schema ${target.schema}`,
  files: false,
  tables: 'all',
  framesItself: true,
  async open(target, run) {
    const [{ createPostgresSink }, { looseConstraints }, { STRICT }] = await Promise.all([
      import('./postgres-sink.ts'),
      import('../dirty/defects.ts'),
      import('./postgres-ddl.ts'),
    ]);
    const record = {
      dataset: run.dataset.name,
      datasetVersion: run.dataset.version,
      seed: run.seed,
      date: run.date,
      options: {
        ...run.options,
        mode: target.mode,
        connections: target.connections,
        ...(run.dirty === null ? {} : { dirty: run.dirty.rate ?? run.dirty.rates }),
      },
    };
    return createPostgresSink({
      url: target.url,
      schema: target.schema,
      tables: run.dataset.tables,
      loose: run.dirty === null ? STRICT : looseConstraints(run.dataset.tables, run.seed, run.dirty),
      mode: target.mode,
      connections: target.connections,
      run: target.runLog ? record : null,
      dataset: run.dataset.name,
      force: run.force,
      lock: run.lock,
      signal: run.signal,
      days: run.days,
      ranges: run.outputs,
      ...(run.onPhase === undefined ? {} : { onPhase: run.onPhase }),
    });
  },
};
