import type { DatasetDefinition } from '../dataset/types.ts';
import { UsageError } from '../errors.ts';

/**
 * Checks made before a Postgres load starts, so that a name or URL the server would refuse or change
 * fails at once with a usage error, not after generating millions of rows.
 */

/** NAMEDATALEN - 1: longer identifiers are silently truncated by Postgres (https://www.postgresql.org/docs/15/sql-syntax-lexical.html). */
export const MAX_IDENTIFIER_BYTES = 63;

const SCHEMES = ['postgres:', 'postgresql:', 'socket:'];

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/**
 * A Postgres connection URL: `postgres://` or `postgresql://` (or pg's `socket:`), with a valid port.
 * @throws {UsageError} naming `name` (`--url` or `DATABASE_URL`), never the password.
 */
export function checkPostgresUrl(url: string, name: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(
      `${name} is not a valid URL: ${JSON.stringify(redactUrl(url))}; write it as postgres://user:password@host:5432/database (a port is 1-65535)`,
    );
  }
  if (!SCHEMES.includes(parsed.protocol)) {
    throw new UsageError(
      `${name} must be a postgres:// or postgresql:// URL (got ${parsed.protocol}//…): gen loads Postgres only`,
    );
  }
  if (parsed.port === '0') throw new UsageError(`${name} has port 0; a port is 1-65535`);
}

function checkName(what: string, value: string): void {
  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_IDENTIFIER_BYTES) {
    throw new UsageError(
      `${what} is ${bytes} bytes long; Postgres names are at most ${MAX_IDENTIFIER_BYTES} bytes (it would cut it): shorten it`,
    );
  }
}

/**
 * Every table and column name of `dataset`, and `schema`, fit Postgres's identifiers.
 * @throws {UsageError} naming the first that does not.
 */
export function checkPostgresNames(dataset: DatasetDefinition, schema: string, schemaOption: string): void {
  checkName(`${schemaOption} ${JSON.stringify(schema)}`, schema);
  for (const table of dataset.tables) {
    // `sales.orders` is table orders of schema sales: each part is a name of its own.
    for (const part of table.name.split('.', 2)) checkName(`table name ${JSON.stringify(table.name)}`, part);
    for (const column of table.columns)
      checkName(`column name ${JSON.stringify(`${table.name}.${column.name}`)}`, column.name);
  }
}
