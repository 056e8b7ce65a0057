import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type TestPostgres } from '../../bench/postgres-server.ts';

/** The throwaway Postgres server of the tests is the benchmark's: one piece of code. */
export { startPostgres, TEST_PASSWORD, type TestPostgres } from '../../bench/postgres-server.ts';

/** A test file's server, an admin connection, and the queries its tests check tables with. */
export interface PgFixture {
  readonly server: TestPostgres;
  readonly admin: pg.Client;
  rowsOf(sql: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Staging tables left in any schema. */
  leftovers(): Promise<unknown[]>;
  /** Row count and an MD5 of every row in id order: equal fingerprints, equal tables. */
  fingerprint(table?: string): Promise<{ n: number; h: string | null }>;
  /** Opens a new admin connection (after a server restart cut the old one). */
  reconnect(): Promise<void>;
  /** A new database `name` (dropped first if there), `sql` run in it; its URL. */
  database(name: string, sql?: string): Promise<string>;
}

/** Starts a server before the file's tests and stops it after them; the fields are set once `beforeAll` ran. */
export function usePostgres(): PgFixture {
  const fixture = {
    rowsOf: async (sql: string, values?: unknown[]) =>
      (await fixture.admin.query(sql, values)).rows as Record<string, unknown>[],
    leftovers: async () =>
      fixture.rowsOf(`SELECT schemaname, tablename FROM pg_tables WHERE tablename LIKE '\\_shardgen\\_%'`),
    fingerprint: async (table = 'items') =>
      (
        await fixture.rowsOf(
          `SELECT count(*)::int AS n, md5(string_agg(t::text, ',' ORDER BY id)) AS h FROM ${table} t`,
        )
      )[0] as { n: number; h: string | null },
    async database(name: string, sql?: string) {
      await fixture.admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await fixture.admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(fixture.server.url);
      url.pathname = `/${name}`;
      if (sql !== undefined) {
        const client = new pg.Client(url.toString());
        await client.connect();
        await client.query(sql).finally(() => client.end());
      }
      return url.toString();
    },
    async reconnect() {
      await fixture.admin?.end().catch(() => undefined);
      fixture.admin = new pg.Client(fixture.server.url);
      fixture.admin.on('error', () => {});
      await fixture.admin.connect();
    },
  } as PgFixture & { server: TestPostgres; admin: pg.Client };
  beforeAll(async () => {
    fixture.server = await startPostgres();
    await fixture.reconnect();
  }, 120_000);
  afterAll(async () => {
    await fixture.admin?.end().catch(() => undefined);
    fixture.server?.stop();
  });
  return fixture;
}

/** Runs `sql` on a connection of its own to `url`: its rows. */
export async function queryUrl(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
