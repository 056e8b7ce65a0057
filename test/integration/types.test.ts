import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/coordinator/generate.ts';
import type { GenerateOptions } from '../../src/coordinator/options.ts';
import { defineDataset } from '../../src/dataset/define.ts';
import type { ColumnDefinition, DatasetDefinition } from '../../src/dataset/types.ts';
import { DATE } from '../helpers/fixed.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/run.ts';

/*
 * The column types of database schemas (date, time, uuid, and text that Postgres casts: inet, varchar(n),
 * an enum…) hold the same values in every format: NDJSON, CSV, Parquet (read by hyparquet), Postgres
 * loaded by binary COPY, and Postgres loaded by CSV COPY (a table with a database-chosen type).
 */

const db = usePostgres();
const dir = tempDir('shardgen-types-');
const ROWS = 3000;

const COLUMNS: ColumnDefinition[] = [
  { name: 'id', type: { kind: 'uuid' }, generator: { kind: 'uuid' } },
  { name: 'joined', type: { kind: 'date' }, generator: { kind: 'timestamp', from: '1999-12-30', to: '2030-01-02' } },
  { name: 'opens', type: { kind: 'time' }, generator: { kind: 'timeOfDay' }, nullRate: 0.1 },
  { name: 'nick', type: { kind: 'utf8' }, generator: { kind: 'words', min: 2, max: 6 }, length: 12 },
];

function dataset(name: string, extra: ColumnDefinition[] = []): DatasetDefinition {
  // Values are a function of (seed, table, column, row): the same table name, the same values.
  return defineDataset({
    name,
    version: 1,
    description: '',
    tables: [{ name, defaultRows: ROWS, primaryKey: ['id'], columns: [...COLUMNS, ...extra] }],
  });
}

const run = (options: GenerateOptions) =>
  generate({
    seed: 9,
    date: DATE,
    workers: 2,
    ...(options.format === 'parquet' ? {} : { chunkRows: 700 }),
    ...options,
  });

/** The reference: NDJSON rows, with `time` as the text Postgres prints (no trailing zeros of the milliseconds). */
async function ndjsonRows(): Promise<Record<string, unknown>[]> {
  const report = await run({ dataset: dataset('accounts'), format: 'ndjson', out: join(dir, 'n') });
  return readFileSync(report.tables[0]!.path!, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const pgTime = (t: unknown): unknown => (typeof t === 'string' ? t.replace(/\.?0+$/, '') : t);

async function pgRows(table: string): Promise<Record<string, unknown>[]> {
  const { rows } = await db.admin.query(`SELECT id::text, joined::text, opens::text, nick FROM ${table} ORDER BY id`);
  return rows;
}

describe('date, time, uuid and length in every format and sink', () => {
  it('CSV, Parquet and Postgres (binary and CSV COPY) hold the NDJSON values', async () => {
    const expected = await ndjsonRows();
    expect(expected[0]).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      joined: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
    });
    expect(expected.some((r) => r.opens === null)).toBe(true);
    expect(expected.every((r) => [...(r.nick as string)].length <= 12)).toBe(true);

    const csv = await run({ dataset: dataset('accounts'), format: 'csv', out: join(dir, 'c') });
    const lines = readFileSync(csv.tables[0]!.path!, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('id,joined,opens,nick');
    expect(lines.slice(1).map((l) => l.split(','))).toEqual(
      expected.map((r) => [r.id, r.joined, r.opens ?? '', r.nick]),
    );

    const parquet = await run({
      dataset: dataset('accounts'),
      format: 'parquet',
      out: join(dir, 'p'),
      rowGroupRows: 1000,
    });
    const buf = readFileSync(parquet.tables[0]!.path!);
    const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    const types = Object.fromEntries(
      parquetMetadata(file)
        .schema.slice(1)
        .map((s) => [s.name, s.logical_type?.type]),
    );
    expect(types).toEqual({ id: 'STRING', joined: 'DATE', opens: 'TIME', nick: 'STRING' });
    const back = await parquetReadObjects({ file, compressors });
    const dayOf = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);
    const timeOf = (v: unknown) => (v === null ? null : new Date(Number(v)).toISOString().slice(11, 23));
    expect(back.map((r) => ({ ...r, joined: dayOf(r.joined), opens: timeOf(r.opens) }))).toEqual(expected);

    const sorted = [...expected]
      .sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : 1))
      .map((r) => ({ ...r, opens: pgTime(r.opens) }));
    await run({ dataset: dataset('accounts'), url: db.server.url });
    const [binary] = (
      await db.admin.query(
        `SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'opens'`,
      )
    ).rows;
    expect(binary!.t).toBe('time without time zone');
    expect(await pgRows('accounts')).toEqual(sorted);

    // A column of a type the database chose sends the table as CSV; the values are the same.
    await db.admin.query('CREATE SCHEMA csvcopy');
    await run({
      dataset: dataset('accounts', [{ name: 'ip', type: { kind: 'utf8' }, generator: { kind: 'ip' }, sql: 'inet' }]),
      url: db.server.url,
      schema: 'csvcopy',
    });
    expect(await pgRows('csvcopy.accounts')).toEqual(sorted);
    const [ip] = (
      await db.admin.query(`SELECT pg_typeof(ip)::text AS t, count(*)::int AS n FROM csvcopy.accounts GROUP BY 1`)
    ).rows;
    expect(ip).toEqual({ t: 'inet', n: ROWS });
  });
});
