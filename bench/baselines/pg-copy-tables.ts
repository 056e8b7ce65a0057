/**
 * The server's own ingest of ready CSV files into existing tables, as the baseline for `gen --append`
 * into a user's schema: in one transaction, `COPY <schema>.<table> (columns of the header) FROM '/path'`
 * for each table in the order given (parents first), the server reading the files itself (no client in the
 * way). `truncate` empties the tables instead (each run of either side starts from empty tables).
 *
 * Usage: node dist/bench/baselines/pg-copy-tables.js URL copy SCHEMA DIR TABLE…
 *        node dist/bench/baselines/pg-copy-tables.js URL truncate SCHEMA TABLE…
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const [url, mode, schema, ...rest] = process.argv.slice(2) as [string, string, string, ...string[]];
const client = new pg.Client(url);
await client.connect();
const name = (table: string): string => `"${schema}"."${table}"`;
if (mode === 'truncate') {
  await client.query(`TRUNCATE ${rest.map(name).join(', ')} RESTART IDENTITY CASCADE`);
} else {
  const [dir, ...tables] = rest as [string, ...string[]];
  await client.query('BEGIN');
  for (const table of tables) {
    const path = join(dir, `${table}.csv`);
    const header = readFileSync(path, 'utf8').slice(0, 10_000).split('\n')[0]!;
    await client.query(`COPY ${name(table)} (${header}) FROM '${path}' (FORMAT csv, HEADER true)`);
  }
  await client.query('COMMIT');
}
await client.end();
