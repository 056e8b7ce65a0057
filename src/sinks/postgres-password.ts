import pgpass from 'pgpass';

/** The error code a connection fails with when the server asks for a password gen does not have. */
export const NO_PASSWORD = 'SHARDGEN_NO_PASSWORD';

/** What pg hands a password function: the connection's parameters. */
interface ConnectionParameters {
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly user?: string;
}

/**
 * The `password` of a connection whose URL has none, when PGPASSWORD is not set either: a function pg calls
 * only if the server asks for a password. It reads PGPASSFILE or ~/.pgpass (libpq's format and rules:
 * https://www.postgresql.org/docs/15/libpq-pgpass.html) with the `pgpass` module, as pg itself does for
 * a missing password until pg 9, which drops that and points to a function like this one (pg 8.23's
 * `lib/client.js`, `pgPassDeprecationNotice`); reading it here also spares users pg's deprecation warning.
 * Without a line for the connection it fails at once with `NO_PASSWORD`: pg's own path went on to a
 * SCRAM exchange it could not finish, and the server kept the socket until its authentication timeout.
 */
export function passwordFromFile(): (connection?: ConnectionParameters) => Promise<string> {
  // pg 8 passes the connection's parameters (`_getPassword` in lib/client.js); @types/pg declares none.
  return (connection = {}) =>
    new Promise((resolve, reject) => {
      pgpass(connection, (password) => {
        if (password !== undefined) resolve(password);
        else
          reject(Object.assign(new Error('the server asks for a password and none was given'), { code: NO_PASSWORD }));
      });
    });
}
