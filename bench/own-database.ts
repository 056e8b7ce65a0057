/**
 * Filling a user's existing, indexed schema (issue "Your own database"): `gen init` reads the schema of
 * test/fixtures/app-schema.sql (plus secondary indexes), then `gen --config … --append` fills it, against
 * the server's own COPY of the same rows (exported from a gen run, untimed) into the same tables, and into
 * copies of the tables without indexes, constraints or triggers: the difference is what the database's
 * own indexes and checks cost. Every run starts from empty tables.
 */
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { measure } from './measure.ts';
import { startPostgres } from './postgres-server.ts';
import { fmt, type Row, runScenarios, type Scenario } from './scenarios.ts';

const DATE = '2026-01-01';
const SECONDARY_INDEXES = [
  'CREATE INDEX ON orders (user_id)',
  'CREATE INDEX ON orders (placed_at)',
  'CREATE INDEX ON order_items (order_id)',
  'CREATE INDEX ON order_items (product_id)',
  'CREATE INDEX ON users (last_name, first_name)',
];

/** `gen --config FILE --url URL --append --rows N`: the fill that is measured (and run once to export). */
function fillArgv(root: string, config: string, url: string, size: number): string[] {
  const gen = join(root, 'dist/src/cli/main.js');
  const flags = ['--url', url, '--append', '--rows', String(size), '--date', DATE, '--workers', '2', '--quiet'];
  return [process.execPath, gen, '--config', config, ...flags];
}

interface Setup {
  readonly url: string;
  readonly tables: string[];
  readonly rows: number;
  readonly config: string;
  readonly files: string;
}

async function prepare(root: string, url: string, work: string, size: number): Promise<Setup> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query(readFileSync(join(root, 'test/fixtures/app-schema.sql'), 'utf8'));
    for (const sql of SECONDARY_INDEXES) await client.query(sql);
    const gen = join(root, 'dist/src/cli/main.js');
    const files = mkdtempSync(join(work, 'own-'));
    chmodSync(files, 0o777); // the server process (user postgres) writes and reads the CSV files here
    const config = join(files, 'app.yaml');
    measure([process.execPath, gen, 'init', '--url', url, '--date', DATE, '--out', config, '--quiet']);
    measure(fillArgv(root, config, url, size));
    // The tables in the order gen loads them (parents first), their rows, and the rows as CSV files.
    const { rows } = await client.query(`SELECT tables FROM shardgen.runs ORDER BY started_at DESC LIMIT 1`);
    const loaded = rows[0].tables as { name: string; rows: number }[];
    await client.query('CREATE SCHEMA bare');
    for (const { name } of loaded) {
      const columns = await client.query(
        `SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS c FROM pg_attribute
         WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''`,
        [name],
      );
      await client.query(
        `COPY (SELECT ${columns.rows[0].c} FROM ${name}) TO '${join(files, `${name}.csv`)}' (FORMAT csv, HEADER true)`,
      );
      await client.query(`CREATE TABLE bare.${name} (LIKE public.${name})`);
    }
    return { url, tables: loaded.map((t) => t.name), rows: loaded.reduce((n, t) => n + t.rows, 0), config, files };
  } finally {
    await client.end();
  }
}

/** gen filling the indexed tables, the server copying the same files into them, and into bare copies. */
export async function ownDatabase(root: string, work: string, short: boolean): Promise<Row[]> {
  const size = short ? 1e5 : 1e6;
  const server = await startPostgres();
  try {
    process.stderr.write(`bench: your own database, ${size} rows in the largest table\n`);
    const admin = new pg.Client(server.url);
    await admin.connect();
    await admin.query('CREATE DATABASE own');
    await admin.end();
    const url = server.url.replace(/\/[^/]*$/, '/own');
    const setup = await prepare(root, url, work, size);
    const copy = join(root, 'dist/bench/baselines/pg-copy-tables.js');
    const node = process.execPath;
    const truncate = (schema: string) => `${node} ${copy} ${url} truncate ${schema} ${setup.tables.join(' ')}`;
    const scenario = (name: string, schema: string, argv: string[]): Scenario => ({
      name,
      format: 'pg',
      rows: setup.rows,
      argv: () => ['sh', '-c', `${truncate(schema)} && exec "$@"`, 'sh', ...argv],
    });
    const group = [
      scenario('gen -w 2 --append → own indexed schema', 'public', fillArgv(root, setup.config, url, size)),
      scenario('server COPY csv → same tables', 'public', [
        node,
        copy,
        url,
        'copy',
        'public',
        setup.files,
        ...setup.tables,
      ]),
      scenario('server COPY csv → same tables, no indexes or constraints', 'bare', [
        node,
        copy,
        url,
        'copy',
        'bare',
        setup.files,
        ...setup.tables,
      ]),
    ];
    return runScenarios(group, short ? 2 : 3, work);
  } finally {
    server.stop();
  }
}

/** gen against the server's COPY, and the share of the server's time its indexes and constraints take. */
export function ownDatabaseRatios(results: readonly Row[]): string[] {
  const at = (name: string) => results.find((r) => r.name === name);
  const [g, s, b] = [
    at('gen -w 2 --append → own indexed schema'),
    at('server COPY csv → same tables'),
    at('server COPY csv → same tables, no indexes or constraints'),
  ];
  if (g === undefined || s === undefined || b === undefined) return [];
  return [
    `- own schema (test/fixtures/app-schema.sql), ${fmt(g.rows)} rows: gen \`--append\` is **${(s.wallSec / g.wallSec).toFixed(2)}x** the server's own COPY of the same rows into the same tables (target ≥ 0.8x); the tables' indexes, constraints and triggers take **${Math.round((1 - b.wallSec / s.wallSec) * 100)}%** of the server's COPY time (${s.wallSec.toFixed(2)} s with them, ${b.wallSec.toFixed(2)} s without).`,
  ];
}
