import { SinkError } from '../errors.ts';
import { applicationName, connectPg } from './postgres-connection.ts';
import { placeOf, qualified } from './postgres-ddl.ts';
import type { PostgresSinkConfig } from './postgres-load.ts';

/** SQLSTATE lock_not_available: a statement waited longer than `lock_timeout`. */
const LOCK_TIMEOUT = '55P03';

interface Holder {
  readonly pid: number;
  readonly user: string;
  readonly app: string;
  readonly state: string;
  readonly secs: number | null;
  readonly schema: string;
  readonly target: string;
}

/** Sessions other than the run's own that hold locks on the dataset's tables in the target schema. */
async function lockHolders(config: PostgresSinkConfig, run: string): Promise<Holder[]> {
  const probe = await connectPg(config.url, `${applicationName(run)}/probe`).catch(() => undefined);
  if (probe === undefined) return [];
  const places = config.tables.map((t) => placeOf(config.schema, t.name));
  try {
    const found = await probe.query(
      `SELECT DISTINCT a.pid, n.nspname AS schema, a.usename AS user, a.application_name AS app, a.state, c.relname AS target,
              extract(epoch FROM now() - coalesce(a.xact_start, a.query_start))::int AS secs
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE l.granted AND (n.nspname, c.relname) IN (SELECT * FROM unnest($1::text[], $2::text[]))
          AND a.pid <> pg_backend_pid() AND a.application_name NOT LIKE $3
        ORDER BY secs DESC NULLS LAST LIMIT 3`,
      'looking up who holds the lock',
      [places.map((p) => p.schema), places.map((p) => p.name), `${applicationName(run)}%`],
    );
    return found.rows as Holder[];
  } catch {
    return [];
  } finally {
    await probe.close();
  }
}

function describeHolder(h: Holder): string {
  const app = h.app === '' ? '' : `, ${h.app}`;
  const since = h.secs === null ? '' : ` for ${h.secs} s`;
  return `pid ${h.pid} (user ${h.user}${app}, ${h.state}${since}) on ${qualified(h.schema, h.target)}`;
}

/**
 * A statement that gave up waiting for a lock (`lock_timeout`, set from `--lock-timeout`) becomes a message
 * naming the sessions that hold locks on the tables, and what to do; any other error is returned as is.
 */
export async function explainLockTimeout(error: unknown, config: PostgresSinkConfig, run: string): Promise<unknown> {
  if (!(error instanceof SinkError) || (error.cause as { code?: string } | undefined)?.code !== LOCK_TIMEOUT)
    return error;
  const holders = await lockHolders(config, run);
  const who = holders.length === 0 ? 'another session' : holders.map(describeHolder).join('; ');
  const end = holders[0] === undefined ? '' : ` (SELECT pg_terminate_backend(${holders[0].pid}))`;
  const waited = Math.round(config.lock.timeoutMs / 1000);
  return new SinkError(
    `${error.message.split(':')[0]}: waited ${waited} s for a lock held by ${who}; nothing was changed. End that session${end}, or raise --lock-timeout`,
    { cause: error },
  );
}
