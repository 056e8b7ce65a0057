import { SinkError } from '../errors.ts';
import { NO_PASSWORD } from './postgres-password.ts';

/** Where the sink tried to connect; never the password. */
export interface PgTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

/** What to tell a user for each error code (Node's, or SQLSTATE: https://www.postgresql.org/docs/15/errcodes-appendix.html). */
function advice(
  code: string,
  t: PgTarget,
  message: string,
  action: string,
  detail: string | undefined,
): string | undefined {
  const where = `${t.host}:${t.port}`;
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot connect to Postgres at ${where}: connection refused; is the server running? Check --url, DATABASE_URL or PGHOST/PGPORT`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the Postgres host "${t.host}"; check --url, DATABASE_URL or PGHOST`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `the connection to Postgres at ${where} was lost (${code}); nothing was committed, the tables are unchanged`;
    case 'ETIMEDOUT':
      return `connecting to Postgres at ${where} timed out; check the host, the port and the network (connect_timeout in the URL or PGCONNECT_TIMEOUT sets the limit, default 10 s)`;
    case NO_PASSWORD:
      return `the Postgres server at ${where} asks for a password for user "${t.user}" and gen has none: put it in the URL (postgres://${t.user}:PASSWORD@${where}/${t.database}), set PGPASSWORD, or add the line ${t.host}:${t.port}:${t.database}:${t.user}:PASSWORD to ~/.pgpass (mode 0600; PGPASSFILE names another file)`;
    case '28P01':
      return `password authentication failed for user "${t.user}" at ${where}; check the password (in --url, PGPASSWORD or ~/.pgpass)`;
    case '28000':
      return `user "${t.user}" may not connect to database "${t.database}" at ${where} (pg_hba.conf); check the user or ask the administrator`;
    case '3D000':
      return `database "${t.database}" does not exist at ${where}; create it (createdb ${t.database}) or name another in --url`;
    case '3F000':
      return `${message}; create the schema or pick another with --schema`;
    case '23505':
      return `${action}: ${(detail ?? message).replace(/\.$/, '')}; nothing was loaded. Append past the existing keys (--start-id, or leave it out to continue after the last id) or replace the table (--overwrite)`;
    case '2BP01':
      return `${action} failed: ${message}, which is not part of this dataset; load into another --schema, or drop those objects first`;
    case '42501':
      return `permission denied for user "${t.user}": ${message}; grant it CREATE on the schema or use another user`;
    case '55P03':
      return `${action}: ${message}`;
    case '53100':
      return `the Postgres server is out of disk space: ${message}; free space on the server`;
    case '57P01':
    case '57P02':
    case '57P03':
      return `the Postgres server closed the connection (${message}); nothing was committed, the tables are unchanged`;
    default:
      return undefined;
  }
}

/** Longest part of the server's `COPY t, line n, column c: "value"` context kept in a message. */
const PLACE_CHARS = 160;

/**
 * Where in a COPY a value failed (`COPY person, line 3, column maritalstatus: "active"`), so that a value
 * too long for its column or a broken check names the column: the server's own context, one line, cut.
 */
function copyPlace(where: string | undefined): string {
  const line = where?.split('\n').find((l) => l.startsWith('COPY '));
  if (line === undefined) return '';
  return ` (${line.length > PLACE_CHARS ? `${line.slice(0, PLACE_CHARS)}…` : line})`;
}

/** Turns a pg or socket error into a one-line `SinkError` that names the problem and the fix, without secrets. */
export function pgError(action: string, target: PgTarget, cause: unknown): SinkError {
  const error = cause as { code?: string; message?: string; detail?: string; where?: string } | undefined;
  // pg's own connect timeout has no code, only this message.
  const code = error?.code ?? (/connection timeout/i.test(error?.message ?? '') ? 'ETIMEDOUT' : '');
  const message = (error?.message ?? String(cause)).split('\n')[0]! + copyPlace(error?.where);
  const text =
    advice(code, target, message, action, error?.detail) ??
    `${action} failed at ${target.host}:${target.port}: ${message}${code ? ` (${code})` : ''}`;
  return new SinkError(text, { cause });
}
