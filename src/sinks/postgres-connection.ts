import pg from 'pg';
import { parse, toClientConfig } from 'pg-connection-string';
import { AbortedError } from '../errors.ts';
import { type PgTarget, pgError } from './postgres-errors.ts';
import { passwordFromFile } from './postgres-password.ts';

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

/** Connecting gives up after this long unless the URL (`connect_timeout`) or PGCONNECT_TIMEOUT says otherwise. */
const DEFAULT_CONNECT_TIMEOUT_S = 10;

/**
 * pg's client settings for `url`, read with libpq's meaning of `sslmode` (`require` encrypts without
 * verifying the certificate, as psql does; pg's own reading would print a long warning about it), and a
 * connect timeout, so that a host that accepts and never answers cannot hang a run.
 */
function clientConfig(url: string | undefined, applicationNameValue: string): pg.ClientConfig {
  const parsed = url === undefined ? undefined : parse(url, { useLibpqCompat: !/[?&]uselibpqcompat=/i.test(url) });
  const seconds = Number(
    (parsed as { connect_timeout?: string } | undefined)?.connect_timeout ??
      process.env.PGCONNECT_TIMEOUT ??
      DEFAULT_CONNECT_TIMEOUT_S,
  );
  const timeout = Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_CONNECT_TIMEOUT_S;
  const fromUrl = parsed === undefined ? {} : (toClientConfig(parsed) as pg.ClientConfig);
  // pg reads PGPASSWORD itself when the URL has no password; ~/.pgpass is read by ours.
  const password = fromUrl.password || process.env.PGPASSWORD ? {} : { password: passwordFromFile() };
  return { ...fromUrl, ...password, application_name: applicationNameValue, connectionTimeoutMillis: timeout * 1000 };
}

/**
 * Connects to Postgres: `url`, else pg's defaults (the standard PG* variables). Every query first checks
 * `signal`, and aborting it while connecting gives up at once.
 * @throws {SinkError} when the server cannot be reached or refuses (one line, no password);
 *   {AbortedError} when `signal` aborts first.
 */
export async function connectPg(url: string | undefined, name: string, signal?: AbortSignal): Promise<PgConnection> {
  const client = new pg.Client(clientConfig(url, name));
  const target = { host: client.host, port: client.port, user: client.user ?? '', database: client.database ?? '' };
  const connection: PgConnection = {
    client,
    target,
    copy: undefined,
    query: async (sql, action, values) => {
      if (signal?.aborted) throw new AbortedError(signal.reason);
      return client.query(sql, values as unknown[] | undefined).catch((cause: unknown) => {
        throw pgError(action, target, cause);
      });
    },
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
  await connect(connection, signal);
  return connection;
}

async function connect(connection: PgConnection, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) throw new AbortedError(signal.reason);
  // end() waits for a connection in progress; destroying its socket ends the attempt at once.
  const socket = (connection.client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
  const giveUp = (): void => socket?.destroy();
  signal?.addEventListener('abort', giveUp, { once: true });
  try {
    await connection.client.connect();
  } catch (cause) {
    // A failure during authentication leaves the socket open, and the server waits for the rest of the
    // exchange until its authentication_timeout (a minute by default), keeping the process alive.
    giveUp();
    if (signal?.aborted) throw new AbortedError(signal.reason);
    throw pgError('connecting', connection.target, cause);
  } finally {
    signal?.removeEventListener('abort', giveUp);
  }
}
