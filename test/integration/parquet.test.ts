import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/coordinator/generate.ts';
import type { GenerateOptions } from '../../src/coordinator/options.ts';
import { readStruct, writeStruct } from '../../src/encoders/thrift-compact.ts';
import { DATE } from '../helpers/fixed.ts';
import { CPUS, runGen, sha256File, tempDir } from '../helpers/run.ts';

const dir = tempDir();
let n = 0;
const fresh = (): string => join(dir, `pq-${n++}`);

async function run(options: GenerateOptions): Promise<string> {
  const report = await generate({ seed: 1211, date: DATE, out: fresh(), cpus: CPUS, ...options });
  return report.tables[0]!.path!;
}

function arrayBuffer(path: string): ArrayBuffer {
  const buf = readFileSync(path);
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

describe('Parquet read back by independent readers', () => {
  it.each(['snappy', 'zstd', 'none'] as const)(
    '%s: hyparquet sees the schema, the row groups and the same values as NDJSON',
    async (compression) => {
      const rows = 5000;
      const file = arrayBuffer(await run({ rows, format: 'parquet', compression, rowGroupRows: 1000, workers: 2 }));
      const ndjson = readFileSync(await run({ rows, format: 'ndjson', workers: 0 }), 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const meta = parquetMetadata(file);
      expect(meta.num_rows).toBe(BigInt(rows));
      expect(meta.row_groups).toHaveLength(5);
      const columns = Object.fromEntries(
        meta.schema
          .slice(1)
          .map((s) => [s.name, { type: s.type, logical: s.logical_type, repetition: s.repetition_type }]),
      );
      expect(columns).toEqual({
        id: { type: 'INT64', logical: undefined, repetition: 'REQUIRED' },
        name: { type: 'BYTE_ARRAY', logical: { type: 'STRING' }, repetition: 'REQUIRED' },
        category: { type: 'BYTE_ARRAY', logical: { type: 'STRING' }, repetition: 'REQUIRED' },
        value: { type: 'INT64', logical: { type: 'DECIMAL', scale: 2, precision: 18 }, repetition: 'REQUIRED' },
        quantity: { type: 'INT64', logical: undefined, repetition: 'REQUIRED' },
        is_active: { type: 'BOOLEAN', logical: undefined, repetition: 'REQUIRED' },
        created_at: {
          type: 'INT64',
          logical: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
          repetition: 'REQUIRED',
        },
      });
      const back = await parquetReadObjects({ file, compressors });
      expect(back).toHaveLength(rows);
      back.forEach((row, i) => {
        const expected = ndjson[i]!;
        expect(row.created_at).toBeInstanceOf(Date); // a UTC instant, not a string or a bare integer
        // Money is compared in whole cents: hyparquet scales decimals by multiplying (4698 * 0.01 = 46.980000000000004).
        const cents = (v: unknown): number => Math.round((v as number) * 100);
        expect({
          ...row,
          id: Number(row.id),
          quantity: Number(row.quantity),
          value: cents(row.value),
          created_at: (row.created_at as Date).toISOString(),
        }).toEqual({ ...expected, value: cents(expected.value) });
      });
    },
  );

  it('DuckDB reads it with the same types and aggregates as from NDJSON', async () => {
    const parquet = await run({ rows: 20_000, format: 'parquet', workers: 2, rowGroupRows: 8192 });
    const ndjson = await run({ rows: 20_000, format: 'ndjson', workers: 2 });
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const query = async (sql: string): Promise<unknown[][]> => (await con.runAndReadAll(sql)).getRows() as unknown[][];
    const types = await query(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${parquet}'))`,
    );
    expect(Object.fromEntries(types)).toEqual({
      id: 'BIGINT',
      name: 'VARCHAR',
      category: 'VARCHAR',
      value: 'DECIMAL(18,2)',
      quantity: 'BIGINT',
      is_active: 'BOOLEAN',
      created_at: 'TIMESTAMP WITH TIME ZONE',
    });
    const summary =
      'count(*)::BIGINT, sum(id)::BIGINT, sum(value::DOUBLE * 100)::BIGINT, sum(quantity)::BIGINT, count(*) FILTER (is_active)::BIGINT, min(epoch_ms(created_at::TIMESTAMPTZ))::BIGINT, count(DISTINCT category)::BIGINT';
    const fromParquet = await query(`SELECT ${summary} FROM read_parquet('${parquet}')`);
    const fromJson = await query(
      `SELECT ${summary} FROM read_json('${ndjson}', columns = {id: 'BIGINT', name: 'VARCHAR', category: 'VARCHAR', value: 'DECIMAL(18,2)', quantity: 'BIGINT', is_active: 'BOOLEAN', created_at: 'TIMESTAMPTZ'})`,
    );
    expect(fromParquet).toEqual(fromJson);
    expect(fromParquet[0]![0]).toBe(20_000n);
    con.closeSync();
  });

  it('an empty table is a valid Parquet file with the schema and no rows', async () => {
    const file = arrayBuffer(await run({ rows: 0, format: 'parquet' }));
    const meta = parquetMetadata(file);
    expect(meta.num_rows).toBe(0n);
    expect(meta.schema.map((s) => s.name)).toEqual([
      'arrow_schema',
      'id',
      'name',
      'category',
      'value',
      'quantity',
      'is_active',
      'created_at',
    ]);
    expect(await parquetReadObjects({ file })).toEqual([]);
  });
});

describe('Parquet determinism', () => {
  it('is byte-identical for workers 0, 1, 2 and 4', async () => {
    const options = { rows: 150_000, format: 'parquet', rowGroupRows: 40_000 } as const;
    const reference = sha256File(await run({ ...options, workers: 0 }));
    for (const workers of [1, 2, 4])
      expect(sha256File(await run({ ...options, workers })), `workers ${workers}`).toBe(reference);
  });

  it('shards are complete files that together hold the unsharded rows', async () => {
    const whole = await parquetReadObjects({
      file: arrayBuffer(await run({ rows: 3000, format: 'parquet', rowGroupRows: 1000 })),
    });
    const parts = [];
    for (let index = 0; index < 3; index++)
      parts.push(
        ...(await parquetReadObjects({
          file: arrayBuffer(
            await run({ rows: 3000, format: 'parquet', rowGroupRows: 1000, shard: { index, count: 3 } }),
          ),
        })),
      );
    expect(parts).toEqual(whole);
  });
});

describe('Parquet options', () => {
  it.each<[string[], RegExp]>([
    [['--format', 'csv', '--compression', 'zstd'], /--compression applies to --format parquet only/],
    [['--format', 'parquet', '--compression', 'lz4'], /--compression must be one of snappy, zstd, none/],
    [
      ['--format', 'parquet', '--chunk-rows', '100'],
      /--chunk-rows applies to text formats; Parquet chunks are row groups: use --row-group-rows/,
    ],
    [['--format', 'ndjson', '--row-group-rows', '100'], /--row-group-rows applies to --format parquet only/],
  ])('%j: exit 2 with one line', async (args, message) => {
    const result = await runGen(['--rows', '10', ...args, '--out', fresh()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('Thrift compact codec (see test/unit/thrift-compact.test.ts)', () => {
  it('writes back the footer of a file gen stitched byte for byte', async () => {
    const file = new Uint8Array(readFileSync(await run({ rows: 3000, format: 'parquet', rowGroupRows: 1000 })));
    const length = new DataView(file.buffer, file.byteOffset + file.length - 8, 4).getUint32(0, true);
    const footer = file.subarray(file.length - 8 - length, file.length - 8);
    expect(Buffer.from(writeStruct(readStruct(footer)))).toEqual(Buffer.from(footer));
  });

  it('writes a footer of over a MiB (thousands of row groups) in parts that readers take as one', async () => {
    // Inline (no pool): 2,700 row groups are as many tasks, which a pool would spend most of the time on.
    const path = await run({ rows: 270_000, format: 'parquet', rowGroupRows: 100, workers: 0 });
    const file = readFileSync(path);
    expect(file.readUInt32LE(file.length - 8)).toBeGreaterThan(1024 * 1024); // the footer's length
    const buffer = arrayBuffer(path);
    const meta = parquetMetadata(buffer);
    expect(meta.row_groups.length).toBe(2700);
    expect(Number(meta.num_rows)).toBe(270_000);
    const last = await parquetReadObjects({ file: buffer, columns: ['id'], rowStart: 269_999, compressors });
    expect(last).toEqual([{ id: 269_999n }]);
  });
});
