import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/coordinator/generate.ts';
import type { GenerateOptions } from '../../src/coordinator/options.ts';
import { defineDataset } from '../../src/dataset/define.ts';
import { AbortedError, SinkError } from '../../src/errors.ts';
import { DATE } from '../helpers/fixed.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { runGen, tempDir } from '../helpers/run.ts';

const db = usePostgres();
const dir = tempDir();
const load = (options: GenerateOptions): ReturnType<typeof generate> =>
  generate({ url: db.server.url, date: DATE, workers: 2, ...options });
const { rowsOf, leftovers, fingerprint } = db;

describe('Postgres sink', () => {
  it('creates typed tables with a primary key and loads the same values as NDJSON', async () => {
    await load({ rows: 150_000, seed: 42 });
    const columns = await rowsOf(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'items' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => `${c.column_name}:${c.data_type}:${c.is_nullable}`)).toEqual([
      'id:bigint:NO',
      'name:text:NO',
      'category:text:NO',
      'value:numeric:NO',
      'quantity:bigint:NO',
      'is_active:boolean:NO',
      'created_at:timestamp with time zone:NO',
    ]);
    expect(await rowsOf(`SELECT indexname FROM pg_indexes WHERE tablename = 'items'`)).toEqual([
      { indexname: 'items_pkey' },
    ]);
    const report = await generate({ rows: 3000, seed: 42, date: DATE, out: join(dir, 'nd') });
    const expected = readFileSync(report.tables[0]!.path!, 'utf8').trimEnd().split('\n');
    const loaded = await rowsOf(
      `SELECT json_build_object('id', id, 'name', name, 'category', category, 'value', value, 'quantity', quantity, 'is_active', is_active, 'created_at', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text AS j FROM items ORDER BY id LIMIT 3000`,
    );
    expect(loaded.map((r) => JSON.parse(r.j as string))).toEqual(expected.map((line) => JSON.parse(line)));
    expect(await fingerprint()).toMatchObject({ n: 150_000 });
    expect(await leftovers()).toEqual([]);
  });

  it('replaces the table by default; a second seed gives other rows', async () => {
    await load({ rows: 1000, seed: 1 });
    const first = await fingerprint();
    await load({ rows: 1000, seed: 2 });
    expect(await fingerprint()).not.toEqual(first);
    await load({ rows: 1000, seed: 1 });
    expect(await fingerprint()).toEqual(first);
  });

  it('a connection killed mid-load leaves the old table exactly as it was, and no staging table', async () => {
    await load({ rows: 10_000, seed: 7 });
    const before = await fingerprint();
    let killed = false;
    const run = load({
      rows: 3_000_000,
      seed: 8,
      onEvent: (e) => {
        if (e.type !== 'progress' || killed) return;
        killed = true;
        void db.admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'shardgen/%'`,
        );
      },
    });
    await expect(run).rejects.toThrow(SinkError);
    expect(killed).toBe(true);
    expect(await fingerprint()).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });

  it('an aborted load (Ctrl-C) leaves the old table and no staging table', async () => {
    await load({ rows: 10_000, seed: 9 });
    const before = await fingerprint();
    const controller = new AbortController();
    const run = load({
      rows: 3_000_000,
      seed: 10,
      signal: controller.signal,
      onEvent: (e) => e.type === 'progress' && controller.abort('SIGINT'),
    });
    await expect(run).rejects.toThrow(AbortedError);
    expect(await fingerprint()).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });

  it('quotes identifiers: a table named like an injection is just a name', async () => {
    const evil = 'x"; drop table items; --';
    const dataset = defineDataset({
      name: 'evil',
      version: 1,
      description: 'quoting test',
      tables: [
        {
          name: 'evil_t',
          defaultRows: 10,
          primaryKey: ['id'],
          columns: [{ name: 'id', type: { kind: 'int64' }, generator: { kind: 'sequence' } }],
        },
      ],
    });
    // Valid names in the model are plain identifiers; the schema is a free string, so it carries the payload.
    await db.admin.query(`CREATE SCHEMA "${evil.replace(/"/g, '""')}"`);
    await generate({ dataset, url: db.server.url, schema: evil, date: DATE });
    expect(await rowsOf(`SELECT count(*)::int AS n FROM "${evil.replace(/"/g, '""')}".evil_t`)).toEqual([{ n: 10 }]);
    expect(await rowsOf(`SELECT to_regclass('public.items') IS NOT NULL AS still_there`)).toEqual([
      { still_there: true },
    ]);
  });
});

describe('Postgres errors: one line, exit 1, never the password', () => {
  const secret = 'wr0ng-pa55';
  it.each<[string, () => string, RegExp]>([
    [
      'unreachable',
      () => `postgres://postgres:${secret}@127.0.0.1:1/postgres`,
      /^gen: cannot connect to Postgres at 127\.0\.0\.1:1: connection refused; is the server running\?/,
    ],
    [
      'wrong password',
      () => `postgres://postgres:${secret}@127.0.0.1:${db.server.port}/postgres`,
      /^gen: password authentication failed for user "postgres" at 127\.0\.0\.1:\d+; check the password/,
    ],
    [
      'missing database',
      () => `postgres://postgres:${db.server.password}@127.0.0.1:${db.server.port}/nope`,
      /^gen: database "nope" does not exist at 127\.0\.0\.1:\d+; create it \(createdb nope\)/,
    ],
  ])('%s', async (_, url, message) => {
    const result = await runGen(['--rows', '10', '--url', url(), '-q']);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain(secret);
    expect(result.stderr).not.toContain(db.server.password);
  });

  it('--format pg reads the PG* variables', async () => {
    const url = new URL(db.server.url);
    const result = await runGen(['--rows', '100', '--format', 'pg', '-q'], {
      env: {
        PGHOST: url.hostname,
        PGPORT: url.port,
        PGUSER: 'postgres',
        PGPASSWORD: db.server.password,
        PGDATABASE: 'postgres',
        DATABASE_URL: '',
      },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await fingerprint()).toMatchObject({ n: 100 });
  });
});
