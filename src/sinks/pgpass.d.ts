/** pgpass 1.0.5 (node-postgres' reader of ~/.pgpass, CommonJS): see postgres-password.ts. */
declare module 'pgpass' {
  /** Calls `done` with the password of the first line of PGPASSFILE or ~/.pgpass that matches, or undefined. */
  function pgpass(
    connection: { host?: string; port?: number; database?: string; user?: string },
    done: (password: string | undefined) => void,
  ): void;
  export default pgpass;
}
