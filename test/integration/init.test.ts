import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foreignKeys } from '../../src/dataset/types.ts';
import { planRun } from '../../src/planner/run-plan.ts';
import { readSchemaFile } from '../../src/schema/schema-file.ts';
import { DATE } from '../helpers/fixed.ts';
import { queryUrl as query, usePostgres } from '../helpers/postgres.ts';
import { runGen, tempDir } from '../helpers/run.ts';

/*
 * `gen init` against a real server: an application's schema (test/fixtures/app-schema.sql: every type,
 * key and check form init reads) → a schema file → `--append` loads into the existing tables, whose
 * constraints the server enforces.
 */

const db = usePostgres();
const dir = tempDir('shardgen-init-');
const APP_SQL = readFileSync(new URL('../fixtures/app-schema.sql', import.meta.url), 'utf8');
const TABLES = [
  'categories',
  'teams',
  'employees',
  'events',
  'users',
  'orders',
  'products',
  'order_items',
  'regions',
  'product_tags',
  'shipments',
];

/** A new database holding `sql`, and its URL. */
const database = (name: string, sql = APP_SQL): Promise<string> => db.database(name, sql);

/** Rows and an MD5 of every row of each table (sorted by their text): equal digests, equal tables. */
async function digest(url: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const [row] = await query(
      url,
      `SELECT count(*) || ':' || md5(string_agg(t::text, ',' ORDER BY t::text)) AS d FROM ${table} t`,
    );
    out[table] = row!.d as string;
  }
  return out;
}

async function init(url: string, ...args: string[]): Promise<{ file: string; stderr: string }> {
  const file = join(dir, `${new URL(url).pathname.slice(1)}-${args.join('')}.yaml`);
  const result = await runGen(['init', '--url', url, '--date', DATE, '--out', file, '--force', ...args]);
  expect(result.stderr).toMatch(/wrote a schema of \d+ tables/);
  expect(result.code).toBe(0);
  return { file, stderr: result.stderr };
}

async function load(url: string, file: string, ...args: string[]): Promise<void> {
  const result = await runGen(['--config', file, '--url', url, '--append', '--date', DATE, '-q', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

describe('gen init → gen --append into the tables it read', () => {
  it('writes a schema file gen reads, with a guess and its reason for every column', async () => {
    const url = await database('app_init');
    const { file, stderr } = await init(url);
    const text = readFileSync(file, 'utf8');
    const dataset = readSchemaFile(file);
    expect(dataset.tables.map((t) => t.name).sort()).toEqual([...TABLES].sort());
    // Reference order: a table after the tables it references.
    const order = dataset.tables.map((t) => t.name);
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('orders'));
    expect(order.indexOf('orders')).toBeLessThan(order.indexOf('order_items'));
    const column = (table: string, name: string) =>
      dataset.tables.find((t) => t.name === table)!.columns.find((c) => c.name === name);
    expect(column('users', 'id')?.generator).toEqual({ kind: 'sequence', start: 1 });
    expect(column('orders', 'id')?.generator).toEqual({ kind: 'uuid' });
    expect(column('order_items', 'order_id')).toMatchObject({
      type: { kind: 'uuid' },
      generator: { kind: 'reference', table: 'orders' },
    });
    expect(column('orders', 'status')).toMatchObject({
      sql: 'order_status',
      generator: { kind: 'choice', values: ['placed', 'paid', 'shipped', 'delivered', 'returned'] },
    });
    expect(column('users', 'email')).toMatchObject({
      unique: true,
      generator: { kind: 'email', first: 'first_name', last: 'last_name' },
      length: 120,
    });
    expect(column('products', 'category')?.generator).toMatchObject({
      kind: 'choice',
      values: ['books', 'games', 'garden', 'tools'],
    });
    expect(column('products', 'discount_pct')?.generator).toMatchObject({ min: 0, max: 50 });
    expect(column('products', 'stock')?.generator).toMatchObject({ min: 0 });
    expect(column('products', 'price_with_tax')).toBeUndefined(); // generated: the database computes it
    expect(column('orders', 'shipped_at')?.nullRate).toBeUndefined(); // `status <> 'shipped' OR shipped_at IS NOT NULL`
    expect(column('events', 'happened_at')?.generator).toEqual({
      kind: 'timestamp',
      from: '2026-01-01',
      to: '2026-02-28',
    });
    expect(column('regions', 'country')?.generator).toMatchObject({ values: ['DE', 'FR', 'US'] });
    expect(column('orders', 'delivery_window')).toMatchObject({
      sql: 'tstzrange',
      generator: { kind: 'choice', values: expect.arrayContaining(['[2025-01-01 09:00+00,2025-01-01 17:00+00)']) },
    });
    expect(column('teams', 'lead_id')?.nullRate).toBe(1); // the loop teams ⇄ employees, broken at the nullable side
    // A nullable reference to its own table is a tree: a row's parent is an earlier row.
    expect(column('categories', 'parent_id')?.generator).toEqual({
      kind: 'reference',
      table: 'categories',
      earlier: true,
    });
    // Other references favour some parents (gen's flattened Zipf).
    expect(column('orders', 'user_id')?.generator).toMatchObject({ kind: 'reference', distribution: 'zipf' });
    // Sizes from the reference graph: a lookup small, lines 10 per row of their largest parent.
    expect(text).toMatch(/order_items:\n {4}# rows: 10000, 10 per row of its largest parent \(nothing refers to it\)/);
    expect(text).toMatch(/categories:\n {4}# rows: 50, a lookup others refer to/);
    expect(text).toMatch(/email: .* # an email from first_name and last_name/);
    expect(stderr).toMatch(/warning: teams\.lead_id: always NULL, to break a loop of references/);
    expect(stderr).toMatch(/warning: users: constraint email_address_check is not of a form gen reads/);
    // Keys of several columns are promised: a sequence in events' (id, happened_at), combinations elsewhere.
    expect(stderr).not.toMatch(/spans several columns/);
    expect(dataset.tables.find((t) => t.name === 'shipments')).toMatchObject({ unique: [['order_id', 'seq']] });
  });

  it('fills the tables (the server enforcing every constraint), continues their ids and sequences, and analyses them', async () => {
    const url = await database('app_load');
    const { file } = await init(url);
    await load(url, file, '--rows', '20000');
    const counts = await query(
      url,
      `SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`,
    );
    expect(counts[0]).toMatchObject({ order_items: 20000, orders: 2000, users: 2000, events: 2000, categories: 100 });
    expect(Object.values(counts[0]!).every((n) => (n as number) > 0)).toBe(true);
    // The application inserts right after the load: its sequences are past the loaded keys.
    const [user] = await query(
      url,
      `INSERT INTO users (email, first_name, last_name) VALUES ('new@x.io', 'N', 'U') RETURNING id`,
    );
    expect(user!.id).toBe('2001');
    const [item] = await query(
      url,
      `INSERT INTO order_items (order_id, product_id, quantity, unit_price) SELECT id, 1, 1, 1 FROM orders LIMIT 1 RETURNING id`,
    );
    expect(item!.id).toBe(20001);
    const [analysed] = await query(
      url,
      `SELECT count(*)::int AS n FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL AND relname = 'order_items'`,
    );
    expect(analysed!.n).toBe(1);
    // A second run appends after the rows there (and the one inserted by hand): nothing clashes.
    await load(url, file, '--rows', '20000');
    const [after] = await query(url, `SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM users`);
    expect(after).toEqual({ n: 4001, d: 4001 });
    const [again] = await query(
      url,
      `INSERT INTO users (email, first_name, last_name) VALUES ('new2@x.io', 'N', 'U') RETURNING id`,
    );
    expect(Number(again!.id)).toBeGreaterThan(4001);
  });

  it('makes the same rows from the same seed: every table has the same digest in two databases', async () => {
    const [a, b] = [await database('app_a'), await database('app_b')];
    const { file } = await init(a);
    await load(a, file, '--rows', '5000', '--seed', '7');
    await load(b, file, '--rows', '5000', '--seed', '7', '--workers', '1');
    expect(await digest(b)).toEqual(await digest(a));
  });

  it('with --profile, reads pg_stats into weighted values and null rates', async () => {
    const url = await database('app_profile');
    const { file } = await init(url);
    await load(url, file, '--rows', '20000');
    await query(url, `UPDATE orders SET status = 'delivered' WHERE status <> 'shipped'; ANALYZE`);
    const { file: profiled } = await init(url, '--profile');
    const orders = readSchemaFile(profiled).tables.find((t) => t.name === 'orders')!;
    const status = orders.columns.find((c) => c.name === 'status')!.generator;
    expect(status.kind).toBe('choice');
    expect(new Set(status.kind === 'choice' ? status.values : [])).toEqual(new Set(['delivered', 'shipped']));
    expect(readFileSync(profiled, 'utf8')).toMatch(/only the catalog and pg_stats \(aggregates\) were read/i);
    // A personal column's real values never reach the file, however few and frequent they are.
    await query(
      url,
      `UPDATE users SET last_name = CASE WHEN id % 2 = 0 THEN 'Realname' ELSE 'Othername' END; ANALYZE users`,
    );
    const { file: again } = await init(url, '--profile');
    expect(readFileSync(again, 'utf8')).not.toMatch(/Realname|Othername/);
  });
});

describe('gen init --ddl', () => {
  it('reads the CREATE statements into the same schema file as the database they make', async () => {
    const url = await database('app_ddl');
    const { file: live } = await init(url);
    const fixture = new URL('../fixtures/app-schema.sql', import.meta.url).pathname;
    const file = join(dir, 'from-ddl.yaml');
    const result = await runGen(['init', '--ddl', fixture, '--date', DATE, '--out', file]);
    expect(result.code).toBe(0);
    const [a, b] = [readSchemaFile(live), readSchemaFile(file)];
    expect(b.tables).toEqual(a.tables);
    expect(b.name).toBe('app-schema');
    expect(readFileSync(file, 'utf8')).toMatch(/Only CREATE statements were read/);
  });

  it('a syntax error is one line naming the file and the line', async () => {
    const file = join(dir, 'broken.sql');
    writeFileSync(file, 'CREATE TABLE a (id int);\nCREATE TABLE b (id int,, x text);\n');
    const result = await runGen(['init', '--ddl', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `gen: ${file}: syntax error at or near "," (line 2); init --ddl reads PostgreSQL CREATE statements\n`,
    );
    expect((await runGen(['init', '--ddl', file, '--url', db.server.url])).stderr).toMatch(/give one/);
  });
});

describe('gen init round trip', () => {
  it('init on a database gen loaded from a built-in dataset gives back its tables, columns, types and keys', async () => {
    const url = await database('app_retail', 'SELECT 1');
    const loaded = await runGen(['retail', '--scale', 'small', '--days', '2', '--url', url, '--date', DATE, '-q']);
    expect(loaded.code).toBe(0);
    const { file } = await init(url);
    const back = readSchemaFile(file);
    const original = planRun({ dataset: 'retail', scale: 'small', days: 2, date: DATE }).dataset;
    expect(back.tables.map((t) => t.name).sort()).toEqual(original.tables.map((t) => t.name).sort());
    for (const table of original.tables) {
      const again = back.tables.find((t) => t.name === table.name)!;
      expect(
        again.columns.map((c) => [c.name, c.type]),
        table.name,
      ).toEqual(table.columns.map((c) => [c.name, c.type]));
      expect(again.primaryKey).toEqual(table.primaryKey);
      for (const fk of foreignKeys(table))
        expect(again.columns.find((c) => c.name === fk.column)?.generator).toMatchObject({
          kind: 'reference',
          table: fk.table,
        });
      // Types gen chose itself need no `sql:`; the load then uses binary COPY.
      expect(again.columns.filter((c) => c.sql !== undefined)).toEqual([]);
    }
  });
});

describe('gen init: errors are one line naming what to do', () => {
  it('a schema that does not exist', async () => {
    const result = await runGen(['init', '--url', db.server.url, '--schema', 'nope']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^gen: schema "nope" does not exist in database postgres; name one with --schema/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a NOT NULL column of a type gen cannot make, without a default, in the only table', async () => {
    const url = await database('app_bad', 'CREATE TABLE shapes (id int PRIMARY KEY, area pg_lsn NOT NULL)');
    const result = await runGen(['init', '--url', url]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^gen: every table was left out, so there is nothing to fill: shapes: left out, shapes\.area is NOT NULL and of type pg_lsn, which gen cannot make: give it a DEFAULT/,
    );
  });

  it('a user who may not connect', async () => {
    await db.admin.query(`DROP ROLE IF EXISTS outsider; CREATE ROLE outsider LOGIN PASSWORD 'pw'`);
    const url = await database('app_closed', 'REVOKE CONNECT ON DATABASE app_closed FROM PUBLIC');
    const denied = new URL(url);
    denied.username = 'outsider';
    denied.password = 'pw';
    const result = await runGen(['init', '--url', denied.toString()]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/permission denied for database "app_closed"/);
    expect(result.stderr).not.toContain('pw@');
  });

  it('--out refuses a file that is there, unless --force', async () => {
    const url = await database('app_out', 'CREATE TABLE t (id int PRIMARY KEY)');
    const file = join(dir, 'taken.yaml');
    writeFileSync(file, 'mine');
    const refused = await runGen(['init', '--url', url, '--out', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/taken\.yaml exists; gen replaces no file it did not make: --force replaces it/);
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect((await runGen(['init', '--url', url, '--out', file, '--force'])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# Schema public of database "app_out"/);
  });
});
