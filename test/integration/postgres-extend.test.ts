import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSchemaFile } from '../../src/schema/schema-file.ts';
import { DATE } from '../helpers/fixed.ts';
import { queryUrl as query, usePostgres } from '../helpers/postgres.ts';
import { runGen, tempDir } from '../helpers/run.ts';

/*
 * A populated database is extended, not duplicated: an append into an application's tables that already
 * hold rows refers to the rows there (customers with gaps in their serial keys, as deletes leave them),
 * leaves its small lookup tables alone, records what it found in gen's own schema, and `gen check` makes
 * the same rows again from that record.
 */

const db = usePostgres();
const dir = tempDir('shardgen-extend-');

const SHOP = `
CREATE TABLE media_type (media_type_id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE customer (customer_id serial PRIMARY KEY, first_name text NOT NULL, last_name text, email text);
CREATE TABLE invoice (
  invoice_id serial PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customer,
  media_type_id int NOT NULL REFERENCES media_type,
  total numeric(10,2) NOT NULL CHECK (total >= 0));
INSERT INTO media_type (name) VALUES ('MPEG audio'), ('Protected AAC'), ('Protected MPEG-4 video'), ('Purchased AAC'), ('AAC audio');
INSERT INTO customer (first_name, email) SELECT 'c' || i, 'c' || i || '@example.com' FROM generate_series(1, 70) i;
-- Deletes leave gaps in the serial keys: 59 customers in 3 runs of keys.
DELETE FROM customer WHERE customer_id BETWEEN 20 AND 25 OR customer_id BETWEEN 41 AND 45;
INSERT INTO invoice (customer_id, media_type_id, total) SELECT 1 + i % 19, 1 + i % 5, i FROM generate_series(1, 40) i;
`;

const count = async (url: string, sql: string): Promise<number> => Number((await query(url, sql))[0]!.n);

describe('--append into a populated database', () => {
  it('refers to the rows there, adds no lookup rows, and logs what it found in shardgen.runs', async () => {
    const url = await db.database('extend_shop', SHOP);
    const file = join(dir, 'shop.yaml');
    const init = await runGen(['init', '--url', url, '--date', DATE, '--out', file]);
    expect(init.code).toBe(0);
    const dataset = readSchemaFile(file);
    expect(dataset.tables.find((t) => t.name === 'media_type')?.lookup).toBe(true);
    expect(dataset.tables.find((t) => t.name === 'customer')?.lookup).toBeUndefined();

    const fill = await runGen(['--config', file, '--url', url, '--append', '--rows', '3000', '--date', DATE]);
    expect(fill.stderr).toBe(fill.code === 0 ? fill.stderr : '');
    expect(fill.code).toBe(0);
    // The lookup keeps its five rows; every new invoice (ids after 40) is of one of them.
    expect(await count(url, 'SELECT count(*) AS n FROM media_type')).toBe(5);
    expect(await count(url, 'SELECT count(DISTINCT media_type_id) AS n FROM invoice WHERE invoice_id > 40')).toBe(5);
    // New invoices belong to the 59 customers already there as well as to new ones; none to a deleted key.
    const old = await count(
      url,
      'SELECT count(DISTINCT customer_id) AS n FROM invoice WHERE invoice_id > 40 AND customer_id <= 70',
    );
    expect(old).toBeGreaterThan(40);
    expect(await count(url, 'SELECT count(*) AS n FROM invoice WHERE customer_id BETWEEN 20 AND 25')).toBe(0);
    expect(await count(url, 'SELECT count(*) AS n FROM invoice WHERE customer_id > 70')).toBeGreaterThan(0);
    // The run log is in gen's own schema, never among the application's tables, with what the append found.
    expect(await query(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).toEqual([
      { tablename: 'customer' },
      { tablename: 'invoice' },
      { tablename: 'media_type' },
    ]);
    const [run] = await query(url, `SELECT target_schema, existing_rows FROM shardgen.runs WHERE status = 'completed'`);
    expect(run).toEqual({
      target_schema: 'public',
      existing_rows: {
        customer: [
          [0, 19],
          [25, 40],
          [45, 70],
        ],
        media_type: [[0, 5]],
      },
    });
    // Without the schema file, gen check says what to give it.
    const bare = await runGen(['check', '--url', url]);
    expect(bare.stderr).toMatch(
      /^gen: schema public holds dataset \S+, which is no built-in one: give its schema file with --config FILE/,
    );
    expect(bare.code).toBe(2);
    // gen check plans the append again from the log: the same rows.
    const check = await runGen(['check', '--url', url, '--config', file]);
    expect(`${check.stdout}${check.stderr}`).toMatch(/3,300 rows, every byte as gen makes it/);
    expect(check.code).toBe(0);
    // The same append into another copy of the application's database: the same rows.
    const copy = await db.database('extend_shop_copy', SHOP);
    expect((await runGen(['--config', file, '--url', copy, '--append', '--rows', '3000', '--date', DATE])).code).toBe(
      0,
    );
    const rows = "SELECT md5(string_agg(i::text, ',' ORDER BY invoice_id)) AS n FROM invoice i";
    expect(await query(copy, rows)).toEqual(await query(url, rows));
    // init of the database now lists the application's tables only.
    const again = await runGen([
      'init',
      '--url',
      url,
      '--date',
      DATE,
      '--out',
      join(dir, 'again.yaml'),
      '--all-schemas',
    ]);
    expect(again.code).toBe(0);
    expect(
      readSchemaFile(join(dir, 'again.yaml'))
        .tables.map((t) => t.name)
        .sort(),
    ).toEqual(['customer', 'invoice', 'media_type']);
  });
});
