/**
 * Baselines for loading Postgres, each ending with the same primary key as gen builds:
 * - `binary FILE…` / `csv FILE`: the server ingesting ready files itself, `COPY items FROM '/path'` (no
 *   client in the way: the fastest the server can take these rows); several binary files load at once,
 *   one connection each (one backend is CPU-bound on one core);
 * - `series ROWS`: the server generating the rows itself, `INSERT … SELECT … FROM generate_series`.
 *
 * Usage: node dist/bench/baselines/pg-server.js URL binary|csv|series FILE…|ROWS
 */
import pg from 'pg';
import { items } from '../../src/datasets/items.ts';
import { createTableSql } from '../../src/sinks/postgres-ddl.ts';

const [url, mode, arg, ...more] = process.argv.slice(2) as [string, string, string, ...string[]];
const table = items.tables[0]!;
const client = new pg.Client(url);
await client.connect();
await client.query('DROP TABLE IF EXISTS items_baseline');
await client.query(createTableSql('public', 'items_baseline', table));
const quote = (path: string): string => `'${path.replace(/'/g, "''")}'`;
const quoted = quote(arg);
if (mode === 'binary') {
  await Promise.all(
    [arg, ...more].map(async (file) => {
      const copier = new pg.Client(url);
      await copier.connect();
      await copier.query(`COPY items_baseline FROM ${quote(file)} (FORMAT binary)`);
      await copier.end();
    }),
  );
} else if (mode === 'csv') await client.query(`COPY items_baseline FROM ${quoted} (FORMAT csv, HEADER true)`);
else {
  await client.query(`
    INSERT INTO items_baseline
    SELECT i, 'Item ' || i, substr('ABCD', 1 + floor(random() * 4)::int, 1), ((1000 + floor(random() * 99001)) / 100)::numeric(18, 2),
           1 + floor(random() * 100)::bigint, random() < 0.5,
           timestamptz '2026-01-01 00:00:00+00' - random() * interval '30 days'
    FROM generate_series(0, ${Number(arg) - 1}) AS i`);
}
await client.query('ALTER TABLE items_baseline ADD PRIMARY KEY (id)');
await client.end();
