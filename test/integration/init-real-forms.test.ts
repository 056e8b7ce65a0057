import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ColumnDefinition, DatasetDefinition } from '../../src/dataset/types.ts';
import { readSchemaFile } from '../../src/schema/schema-file.ts';
import { DATE } from '../helpers/fixed.ts';
import { queryUrl as query, usePostgres } from '../helpers/postgres.ts';
import { runGen, tempDir } from '../helpers/run.ts';

/*
 * What real public schemas declare that `gen init` once could not fill (test/fixtures/real-forms.sql: the
 * smallest reproduction of each, as the issue "any real schema, unedited" lists them): init writes a file
 * that loads with no edit, into a database whose constraints the server enforces, the same rows twice,
 * and the same file from a `pg_dump -s` of that database as from the database itself.
 */

const db = usePostgres();
const dir = tempDir('shardgen-real-forms-');
const SQL = readFileSync(new URL('../fixtures/real-forms.sql', import.meta.url), 'utf8');
const FUNCTION_CHECKS = readFileSync(new URL('../fixtures/app-function-checks.sql', import.meta.url), 'utf8');

async function init(...args: string[]): Promise<{ file: string; stderr: string; dataset: DatasetDefinition }> {
  const file = join(dir, `${args.join('').replace(/\W/g, '')}.yaml`);
  const result = await runGen(['init', '--date', DATE, '--out', file, '--force', '--all-schemas', ...args]);
  expect(result.stderr).toMatch(/wrote a schema of \d+ tables/);
  expect(result.code).toBe(0);
  return { file, stderr: result.stderr, dataset: readSchemaFile(file) };
}

function column(dataset: DatasetDefinition, table: string, name: string): ColumnDefinition | undefined {
  return dataset.tables.find((t) => t.name === table)?.columns.find((c) => c.name === name);
}

/** Every table's rows (count and an MD5 of them, sorted by their text), across both schemas. */
async function digest(url: string): Promise<Record<string, string>> {
  const tables = await query(
    url,
    `SELECT schemaname || '.' || relname AS t FROM pg_stat_user_tables WHERE schemaname <> 'shardgen' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const [row] = await query(
      url,
      `SELECT count(*) || ':' || md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS d FROM ${t} x`,
    );
    out[t as string] = row!.d as string;
  }
  return out;
}

describe('gen init on the forms real schemas use', () => {
  it('writes a file whose guesses fit each column, and leaves out (named) what it cannot make', async () => {
    const url = await db.database('forms_read', SQL);
    const { dataset, stderr } = await init('--url', url);
    // Two schemas read: every table is named with its schema, so the fill needs no --schema.
    expect(dataset.schema).toBeUndefined();
    expect(dataset.tables.map((t) => t.name)).toContain('billing.invoice');
    // 1. Values fit their column: a dictionary is cut, a one-letter column gets one-letter values.
    expect(column(dataset, 'public.person', 'country')).toMatchObject({ length: 40 });
    const marital = column(dataset, 'public.person', 'maritalstatus')!;
    expect(marital.generator.kind === 'choice' && marital.generator.values.every((v) => v.length === 1)).toBe(true);
    // 2. Short text keys are codes of their length, and their tables hold no more rows than codes fit.
    expect(column(dataset, 'public.languages', 'code')?.generator).toEqual({ kind: 'template', template: '{id:A2}' });
    expect(dataset.tables.find((t) => t.name === 'public.languages')!.defaultRows).toBeLessThanOrEqual(676);
    expect(column(dataset, 'public.currency', 'iso_code')?.generator).toEqual({
      kind: 'template',
      template: '{id:A3}',
    });
    // 3. A foreign key declared on one partition holds for the parent's rows.
    expect(column(dataset, 'public.payment', 'customer_id')?.generator).toMatchObject({
      kind: 'reference',
      table: 'public.customer',
    });
    // 5. What gen cannot make is left out with its reason, and so is what needs it; a singleton has one row.
    expect(dataset.exclude).toMatchObject({
      'public.shape': expect.stringMatching(/lsn is NOT NULL and of type pg_lsn/),
      'public.shape_note': expect.stringMatching(/NOT NULL column shape_id references public\.shape, left out/),
      'public.post_aggregates': 'filled by trigger post_agg on public.post during the load',
      'public.schema_migrations': 'bookkeeping of a framework or migration tool',
    });
    expect(stderr).toMatch(/warning: public\.shape: left out, public\.shape\.lsn is NOT NULL/);
    expect(dataset.tables.find((t) => t.name === 'public.settings')).toMatchObject({ defaultRows: 1, scaled: false });
    // 6. One-to-one: each row its own parent.
    for (const [table, name] of [
      ['public.profile', 'user_id'],
      ['public.avatar', 'user_id'],
    ] as const)
      expect(column(dataset, table, name)?.generator).toMatchObject({ kind: 'reference', distribution: 'once' });
    // 7. Unique on an expression or with a predicate: the column is unique.
    expect(column(dataset, 'public.users', 'name')).toMatchObject({ unique: true });
    expect(column(dataset, 'public.post', 'slug')).toMatchObject({ unique: true });
    // 8. A text foreign key renders the parent's code; two references that must differ never meet.
    expect(column(dataset, 'public.book', 'lang')?.generator).toMatchObject({
      kind: 'reference',
      table: 'public.languages',
      column: 'code',
    });
    expect(column(dataset, 'public.follow', 'followee_id')?.generator).toMatchObject({ distinctFrom: 'follower_id' });
    // A composite foreign key: a reference to the parent's first key column, the rest looked up through it.
    expect(column(dataset, 'public.node_tag', 'node_id')?.generator).toEqual({
      kind: 'reference',
      table: 'public.node',
      column: 'node_id',
    });
    expect(column(dataset, 'public.node_tag', 'version')?.generator).toEqual({
      kind: 'lookup',
      via: 'node_id',
      column: 'version',
    });
  });

  it('fills every table it keeps with no edit, the same rows in two databases', async () => {
    const [a, b] = [await db.database('forms_a', SQL), await db.database('forms_b', SQL)];
    const { file } = await init('--url', a);
    for (const url of [a, b]) {
      const load = await runGen(['--config', file, '--url', url, '--append', '--rows', '20000', '--date', DATE, '-q']);
      expect(load.stderr).toBe('');
      expect(load.code).toBe(0);
    }
    const [first, second] = [await digest(a), await digest(b)];
    expect(first).toEqual(second);
    expect(first['public.payment_2026_01']).toMatch(/^[1-9]\d*:/);
    expect(first['public.node_tag']).toMatch(/^20000:/);
    const [pairs] = await query(a, 'SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS d FROM profile');
    expect(pairs!.n).toBe(pairs!.d);
    const [aggregates] = await query(
      a,
      'SELECT (SELECT count(*) FROM post_aggregates) = (SELECT count(*) FROM post) AS same',
    );
    expect(aggregates!.same).toBe(true);
  });

  it('reads a pg_dump -s of the database (\\restrict and all) into the same file', async () => {
    const url = await db.database('forms_dump', SQL);
    const dump = join(dir, 'forms.sql');
    writeFileSync(dump, execFileSync('pg_dump', ['--schema-only', url], { encoding: 'utf8' }));
    expect(readFileSync(dump, 'utf8')).toMatch(/^\\restrict /m);
    const [live, file] = [await init('--url', url), await init('--ddl', dump)];
    const body = (path: string) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => !/^#|^name:|^description:/.test(line));
    expect(body(file.file)).toEqual(body(live.file));
  });

  it("asks the database whether gen's rows pass CHECKs that call the application's functions", async () => {
    const url = await db.database('forms_function_checks', FUNCTION_CHECKS);
    const { file, dataset, stderr } = await init('--url', url);
    // gen's codes pass is_valid_sku: the generator is kept, and the file says it was checked.
    expect(column(dataset, 'product', 'sku')?.generator).toMatchObject({ kind: 'template' });
    const checked =
      /product: constraint product_sku_check is not of a form gen reads; checked against the database on (\d+) sample rows, which all pass it/;
    expect(Number(checked.exec(stderr)?.[1])).toBeGreaterThan(0);
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^#  - ${checked.source}`, 'm'));
    // They fail is_hex: that table is left out with the constraint named, and so is what needs it.
    expect(dataset.exclude).toEqual({
      colour: expect.stringMatching(
        /its constraint colour_code_hex is not of a form gen reads, and \d+ of \d+ sample rows fail it/,
      ),
      product_colour: 'its NOT NULL column colour_id references colour, left out',
    });
    const load = await runGen(['--config', file, '--url', url, '--append', '--rows', '5000', '--date', DATE, '-q']);
    expect(load.stderr).toBe('');
    expect(load.code).toBe(0);
    const [rows] = await query(
      url,
      'SELECT count(*)::int AS n, count(*) FILTER (WHERE NOT is_valid_sku(sku))::int AS bad FROM product',
    );
    expect(rows!.n).toBeGreaterThan(0);
    expect(rows!.bad).toBe(0);
    // Without a database (--ddl) nothing is asked: the table is kept, and the CHECK named as not verified.
    const dump = join(dir, 'function-checks.sql');
    writeFileSync(dump, execFileSync('pg_dump', ['--schema-only', url], { encoding: 'utf8' }));
    const offline = await init('--ddl', dump);
    expect(offline.dataset.tables.map((t) => t.name)).toContain('colour');
    expect(offline.stderr).toMatch(
      /colour: constraint colour_code_hex is not of a form gen reads; not checked \(init --ddl reads no database/,
    );
    expect(readFileSync(offline.file, 'utf8')).toMatch(/^# CHECKs gen does not read were not verified/m);
  });

  it('a value too long for its column names the column', async () => {
    const url = await db.database('forms_long', 'CREATE TABLE t (id int PRIMARY KEY, code varchar(3) NOT NULL)');
    const file = join(dir, 'long.yaml');
    writeFileSync(
      file,
      'name: long\ntables:\n  t:\n    rows: 10\n    primaryKey: [id]\n    columns:\n      id: { type: int64, generator: sequence, sql: integer }\n      code: { type: utf8, generator: template, template: "code-{id}", sql: character varying(3) }\n',
    );
    const load = await runGen(['--config', file, '--url', url, '--append', '-q']);
    expect(load.code).toBe(1);
    expect(load.stderr).toMatch(
      /value too long for type character varying\(3\) \(COPY t, line 1, column code: "code-0"\)/,
    );
  });
});
