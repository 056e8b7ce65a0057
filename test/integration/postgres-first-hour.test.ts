import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryUrl, usePostgres } from '../helpers/postgres.ts';
import { runGen, tempDir } from '../helpers/run.ts';

// The dead ends a newcomer met loading their own database (issue 32), each against a real server whose
// TCP connections need a password (scram-sha-256: test/helpers/postgres.ts).
const db = usePostgres();
const dir = tempDir();

/** The server's URL without its password. */
const bareUrl = (): string => `postgres://postgres@127.0.0.1:${db.server.port}/postgres`;
/** No password from the environment: no PGPASSWORD, and a home without ~/.pgpass. */
const noPasswordEnv = { PGPASSWORD: undefined, PGPASSFILE: undefined, HOME: join(dir, 'empty-home') };
/**
 * The server keeps a half-done authentication for authentication_timeout (60 s by default): a run
 * still going after this long waited for it.
 */
const UNDER_THE_SERVER_TIMEOUT_MS = 20_000;

describe('a server that asks for a password gen does not have', () => {
  it.each([
    ['a load', ['--rows', '10', '-q']],
    ['gen init', ['init']],
    ['gen check', ['check']],
  ])('%s fails at once, naming the URL, PGPASSWORD and ~/.pgpass', async (_, args) => {
    const result = await runGen([...args, '--url', bareUrl()], {
      env: noPasswordEnv,
      timeout: UNDER_THE_SERVER_TIMEOUT_MS,
    });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `gen: the Postgres server at 127.0.0.1:${db.server.port} asks for a password for user "postgres" and gen has none: put it in the URL (postgres://postgres:PASSWORD@127.0.0.1:${db.server.port}/postgres), set PGPASSWORD, or add the line 127.0.0.1:${db.server.port}:postgres:postgres:PASSWORD to ~/.pgpass (mode 0600; PGPASSFILE names another file)`,
    ]);
  });

  it('is read from ~/.pgpass, without a warning', async () => {
    const home = join(dir, 'home');
    mkdirSync(home);
    const pgpass = join(home, '.pgpass');
    writeFileSync(pgpass, `# a comment\n127.0.0.1:${db.server.port}:*:postgres:${db.server.password}\n`);
    chmodSync(pgpass, 0o600);
    const result = await runGen(['--rows', '10', '-q', '--url', bareUrl()], {
      env: { ...noPasswordEnv, HOME: home },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await db.rowsOf('SELECT count(*)::int AS n FROM items')).toEqual([{ n: 10 }]);
  });

  it('is read from PGPASSWORD', async () => {
    const result = await runGen(['--rows', '20', '-q', '--url', bareUrl()], {
      env: { ...noPasswordEnv, PGPASSWORD: db.server.password },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await db.rowsOf('SELECT count(*)::int AS n FROM items')).toEqual([{ n: 20 }]);
  });
});

describe('filling an empty database from a file gen init wrote', () => {
  const SHOP = `
    CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'it''s lost');
    CREATE SCHEMA sales;
    CREATE TYPE sales.channel AS ENUM ('web', 'store');
    CREATE TABLE customers (id bigserial PRIMARY KEY, name text NOT NULL);
    CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers,
      status order_status NOT NULL, history order_status[], channel sales.channel)`;
  const TYPES = `SELECT format('%s.%s', n.nspname, t.typname) AS type, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)::text AS labels
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY 1 ORDER BY 1`;
  const schemaFile = join(dir, 'shop.yaml');
  /** A new empty database with the schema `sales` (gen creates tables and types, not schemas). */
  const emptyDatabase = (name: string): Promise<string> => db.database(name, 'CREATE SCHEMA sales');

  it('creates the enum types the tables use, with their labels in order', async () => {
    const source = await db.database('shop', SHOP);
    expect((await runGen(['init', '--url', source, '--out', schemaFile])).code).toBe(0);
    const expected = await queryUrl(source, TYPES);
    for (const mode of ['--overwrite', '--append']) {
      const target = await emptyDatabase('staging');
      const result = await runGen(['--config', schemaFile, '--url', target, '--rows', '300', mode, '-q']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(await queryUrl(target, TYPES)).toEqual(expected);
      const statuses = await queryUrl(target, 'SELECT DISTINCT status::text FROM orders ORDER BY 1');
      expect(statuses.length).toBeGreaterThan(1);
    }
  });

  it('uses an enum that is there, and refuses one without the labels the file makes', async () => {
    const target = await emptyDatabase('staging');
    await queryUrl(target, `CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'it''s lost', 'returned')`);
    expect((await runGen(['--config', schemaFile, '--url', target, '--rows', '300', '-q'])).code).toBe(0);
    const other = await emptyDatabase('staging');
    await queryUrl(other, `CREATE TYPE sales.channel AS ENUM ('web')`);
    const result = await runGen(['--config', schemaFile, '--url', other, '--rows', '300', '-q']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `gen: type sales.channel exists with labels web, but orders.channel makes store too; add them (ALTER TYPE sales.channel ADD VALUE 'store') or edit the column's values in the schema file\n`,
    );
    expect(await queryUrl(other, TYPES)).toEqual([{ type: 'sales.channel', labels: '{web}' }]);
  });

  it('leaves no type behind when the load fails', async () => {
    // A value too long for its column fails the COPY, after the types were made.
    const failing = join(dir, 'failing.yaml');
    writeFileSync(
      failing,
      `${readFileSync(schemaFile, 'utf8')}  notes:\n    rows: 100\n    columns:\n      id: { type: int64, generator: sequence }\n      status: { type: utf8, generator: choice, values: [new, old], sql: note_status }\n      body: { type: utf8, generator: words, min: 3, max: 5, sql: "varchar(2)" }\n`,
    );
    for (const mode of ['--overwrite', '--append']) {
      const target = await emptyDatabase('staging');
      const result = await runGen(['--config', failing, '--url', target, '--rows', '300', mode, '-q']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/value too long for type character varying\(2\)/);
      expect(await queryUrl(target, TYPES)).toEqual([]);
    }
  });

  it('names the step for a type it cannot make (a domain)', async () => {
    const source = await db.database(
      'zips',
      `CREATE DOMAIN us_zip AS text CHECK (VALUE ~ '^[0-9]{5}$');
      CREATE TABLE places (id bigint PRIMARY KEY, zip us_zip NOT NULL)`,
    );
    const file = join(dir, 'zips.yaml');
    expect((await runGen(['init', '--url', source, '--out', file])).code).toBe(0);
    const result = await runGen(['--config', file, '--url', await emptyDatabase('staging'), '-q']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'gen: type us_zip of places.zip does not exist in database "staging", and the schema file does not say how to make it; create it first (pg_dump --schema-only of the source database holds its CREATE TYPE or CREATE DOMAIN), or remove the column\'s sql: to load it as gen\'s own type\n',
    );
  });

  it('takes the serial shorthands, which name no type', async () => {
    const file = join(dir, 'serial.yaml');
    writeFileSync(
      file,
      'name: serials\nversion: 1\ntables:\n  t:\n    rows: 10\n    primaryKey: [id]\n    columns:\n      id: { type: int64, generator: sequence, start: 1, sql: bigserial }\n',
    );
    const result = await runGen(['--config', file, '--url', await emptyDatabase('staging'), '-q']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('every step after the last row says what it does, and for how long', () => {
  const SHOP = `name: phases
version: 1
tables:
  customers:
    rows: 200
    primaryKey: [id]
    columns:
      id: { type: int64, generator: sequence }
      email: { type: utf8, generator: template, template: "c{id}@example.com", unique: true }
  orders:
    rows: 1000
    primaryKey: [id]
    columns:
      id: { type: int64, generator: sequence }
      customer_id: { type: int64, generator: reference, table: customers }
`;
  /** The lines of `stderr` that report a step: `gen: STEP…`, `gen: STEP: done in 0.1s`. */
  const steps = (stderr: string): string[] =>
    stderr
      .split('\n')
      .filter((line) => line.endsWith('…') || / done in \d/.test(line))
      .map((line) => line.replace(/ done in \d+(\.\d)?s$/, ' done in Ts'));

  it('a load: keys, foreign keys, the swap and the run log, each started and ended', async () => {
    const file = join(dir, 'phases.yaml');
    writeFileSync(file, SHOP);
    const url = await db.database('phases');
    const result = await runGen(['--config', file, '--url', url, '--progress', 'log']);
    expect(result.code).toBe(0);
    expect(steps(result.stderr)).toEqual([
      'gen: building the keys of customers…',
      'gen: building the keys of customers: done in Ts',
      'gen: building the keys of orders…',
      'gen: building the keys of orders: done in Ts',
      'gen: adding the foreign keys of orders…',
      'gen: adding the foreign keys of orders: done in Ts',
      'gen: swapping the new tables in…',
      'gen: swapping the new tables in: done in Ts',
      'gen: recording the run…',
      'gen: recording the run: done in Ts',
    ]);
    const append = await runGen(['--config', file, '--url', url, '--append', '--progress', 'json']);
    expect(append.code).toBe(0);
    const phases = append.stderr
      .split('\n')
      .filter((line) => line.includes('"event":"phase"'))
      .map((line) => JSON.parse(line) as { step: string; state: string; elapsedSec: number });
    expect(phases.map((p) => `${p.step} ${p.state}`)).toEqual([
      'analysing the tables start',
      'analysing the tables end',
      'recording the run start',
      'recording the run end',
    ]);
    expect(phases.every((p) => p.elapsedSec >= 0)).toBe(true);

    const check = await runGen(['check', '--config', file, '--url', url]);
    expect(check.code).toBe(0);
    expect(steps(check.stderr)).toEqual([
      'gen: checking "public"."customers" (400 rows)…',
      'gen: checking "public"."customers" (400 rows): done in Ts',
      'gen: checking "public"."orders" (2000 rows)…',
      'gen: checking "public"."orders" (2000 rows): done in Ts',
    ]);
  });
});
