import pg from 'pg';
import { type PgTarget, pgError } from './postgres-errors.ts';

/** One pg client, with the COPY stream it is feeding (if any), so that a dying connection can fail it. */
export interface PgConnection {
  readonly client: pg.Client;
  readonly target: PgTarget;
  /** Runs `sql`; a failure becomes a one-line `SinkError` saying what was being done. */
  query(sql: string, action: string, values?: readonly unknown[]): Promise<pg.QueryResult>;
  /** The COPY stream in progress on this connection; failed with the connection's error if it dies. */
  copy: (NodeJS.WritableStream & { destroy(error?: Error): void }) | undefined;
  /** Cancels any COPY and closes the connection, ignoring errors (it may be the thing that failed). */
  close(): Promise<void>;
}

/**
 * The `application_name` of a run's connections: `shardgen/<run>`. It marks the run's staging tables as
 * in use: a later run drops staging tables whose run has no connection left (killed, server restarted).
 */
export function applicationName(run: string): string {
  return `shardgen/${run}`;
}

/**
 * Connects to Postgres: `url`, else pg's defaults (the standard PG* variables).
 * @throws {SinkError} when the server cannot be reached or refuses (one line, no password).
 */
export async function connectPg(url: string | undefined, run: string): Promise<PgConnection> {
  const client = new pg.Client({ ...(url === undefined ? {} : { connectionString: url }), application_name: applicationName(run) });
  const target = { host: client.host, port: client.port, user: client.user ?? '', database: client.database ?? '' };
  const connection: PgConnection = {
    client,
    target,
    copy: undefined,
    query: (sql, action, values) => client.query(sql, values as unknown[] | undefined).catch((cause: unknown) => {
      throw pgError(action, target, cause);
    }),
    async close() {
      // A COPY still running would hold the connection open: cancel it (the server discards its rows).
      connection.copy?.destroy();
      connection.copy = undefined;
      await client.end().catch(() => undefined);
    },
  };
  // A connection that dies during COPY reports to the client, not to the COPY stream, whose pending write
  // would then wait forever: fail the stream with the client's error instead. Without an 'error' listener,
  // a connection lost while idle would crash the process.
  const fail = (cause: unknown): void => connection.copy?.destroy(pgError('loading', target, cause));
  client.on('error', fail);
  client.on('end', () => fail(Object.assign(new Error('the connection to the server was closed'), { code: '57P01' })));
  await client.connect().catch((cause: unknown) => {
    throw pgError('connecting', target, cause);
  });
  return connection;
}
