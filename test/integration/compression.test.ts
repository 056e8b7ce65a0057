import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { checkOutput, type Finding } from '../../src/check/check-output.ts';
import { frameLength } from '../../src/compression/decompress.ts';
import { generate } from '../../src/coordinator/generate.ts';
import { DATE } from '../helpers/fixed.ts';
import { checksumFile, listFiles, runGen, sha256File, tempDir } from '../helpers/run.ts';

/** The system's own decompressors: readers gen's code has no part in. */
const unpack = (codec: 'gzip' | 'zstd', path: string): Buffer =>
  execFileSync(codec === 'gzip' ? 'gzip' : 'zstd', ['-dc', path], { maxBuffer: 1 << 30 });

const SUFFIX = { gzip: 'gz', zstd: 'zst' } as const;
const base = { dataset: 'items', rows: 150_000, seed: 9, date: DATE } as const;

async function findingsOf(dir: string): Promise<Finding[]> {
  const found: Finding[] = [];
  await checkOutput({ dir, onFinding: (f) => found.push(f) });
  return found;
}

describe('--compress gzip|zstd', () => {
  it.each(
    (['gzip', 'zstd'] as const).flatMap((codec) => (['ndjson', 'csv'] as const).map((format) => ({ codec, format }))),
  )(
    '$codec $format: the same bytes for any workers and chunk size, the plain output inside, checked by gen check',
    { timeout: 60_000 },
    async ({ codec, format }) => {
      const plain = tempDir();
      await generate({ ...base, format, workers: 2, out: plain });
      const hashes = new Set<string>();
      let dir = '';
      for (const [workers, chunkRows] of [
        [0, 32_768],
        [1, 5_000],
        [2, 100_000],
        [4, 40_000],
      ] as const) {
        dir = tempDir();
        const report = await generate({ ...base, format, workers, chunkRows, compress: codec, out: dir });
        const file = join(dir, `items.${format}.${SUFFIX[codec]}`);
        expect(report.tables[0]!.checksum).toBe(checksumFile(file)); // the manifest covers the compressed bytes
        hashes.add(sha256File(file));
      }
      expect(hashes.size).toBe(1);
      const file = join(dir, `items.${format}.${SUFFIX[codec]}`);
      expect(unpack(codec, file).equals(readFileSync(join(plain, `items.${format}`)))).toBe(true);
      expect(await findingsOf(dir)).toEqual([]);
      // 150,000 rows are 5 members (32,768 rows each) plus, in CSV, the header's.
      if (codec === 'zstd') {
        const bytes = readFileSync(file);
        let frames = 0;
        for (let at = 0; at < bytes.length; frames++) at += frameLength(bytes.subarray(at));
        expect(frames).toBe(format === 'csv' ? 6 : 5);
      }
    },
  );

  it('shards start on a member: their files, concatenated, are the single run byte for byte', async () => {
    const single = tempDir();
    await generate({ ...base, format: 'csv', compress: 'zstd', workers: 2, out: single });
    const parts: Buffer[] = [];
    for (let index = 0; index < 3; index++) {
      const dir = tempDir();
      const report = await generate({
        ...base,
        format: 'csv',
        compress: 'zstd',
        workers: 2,
        shard: { index, count: 3 },
        out: dir,
      });
      expect(report.tables[0]!.rowStart % 32_768).toBe(0);
      parts.push(readFileSync(join(dir, `items.shard-${index}-of-3.csv.zst`)));
      expect(await findingsOf(dir)).toEqual([]);
    }
    expect(Buffer.concat(parts).equals(readFileSync(join(single, 'items.csv.zst')))).toBe(true);
  });

  it('DuckDB reads the files as they are; day partitions and stdout are compressed too', async () => {
    const dir = tempDir();
    const run = { dataset: 'shiny-rocks', days: 3, seed: 2, date: DATE, workers: 2 } as const;
    await generate({ ...run, format: 'csv', compress: 'gzip', partitionBy: 'day', out: dir });
    const plain = tempDir();
    await generate({ ...run, format: 'csv', partitionBy: 'day', out: plain });
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const count = async (glob: string): Promise<unknown> =>
      (await con.runAndReadAll(`SELECT count(*)::int FROM read_csv('${glob}', union_by_name = true)`)).getRows()[0]![0];
    expect(await count(join(dir, 'orders/*/*/*/orders.csv.gz'))).toBe(
      await count(join(plain, 'orders/*/*/*/orders.csv')),
    );
    expect(await findingsOf(dir)).toEqual([]);
    const out = await runGen(['--rows', '5000', '--compress', 'gzip', '--out', '-', '--date', DATE, '-q']);
    const text = await runGen(['--rows', '5000', '--out', '-', '--date', DATE, '-q']);
    const file = join(tempDir(), 'stdout.gz');
    writeFileSync(file, out.stdout);
    expect(unpack('gzip', file).equals(text.stdout)).toBe(true);
  });

  it('an empty table is a valid empty file; a damaged one is an integrity finding', async () => {
    const dir = tempDir();
    await generate({ ...base, rows: 0, compress: 'gzip', out: dir });
    expect(listFiles(dir)).toEqual(['items.ndjson.gz', 'manifest.json']);
    expect(unpack('gzip', join(dir, 'items.ndjson.gz')).length).toBe(0);
    const full = tempDir();
    await generate({ ...base, rows: 50_000, compress: 'zstd', workers: 0, out: full });
    const path = join(full, 'items.ndjson.zst');
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 100));
    const kinds = new Set((await findingsOf(full)).map((f) => f.kind));
    expect(kinds).toContain('integrity');
  });

  it('takes the level: higher levels give fewer bytes, the same text', async () => {
    const sizes: number[] = [];
    for (const [codec, level] of [
      ['gzip', 1],
      ['gzip', 9],
      ['zstd', 1],
      ['zstd', 12],
    ] as const) {
      const dir = tempDir();
      await generate({ ...base, rows: 40_000, workers: 0, compress: codec, compressLevel: level, out: dir });
      const file = join(dir, `items.ndjson.${SUFFIX[codec]}`);
      sizes.push(readFileSync(file).length);
      expect(unpack(codec, file).length).toBeGreaterThan(4_000_000);
    }
    expect(sizes[1]).toBeLessThan(sizes[0]! * 0.95);
    expect(sizes[3]).toBeLessThan(sizes[2]! * 0.95);
  });

  it('refuses what it cannot do, naming the option', async () => {
    const cases: [string[], RegExp][] = [
      [['--compress', 'brotli'], /--compress must be one of gzip, zstd \(got "brotli"\)/],
      [['--compress', 'zstd', '--format', 'parquet'], /Parquet compresses its pages: use --compression zstd/],
      [['--compress-level', '3'], /--compress-level needs --compress gzip or zstd/],
      [['--compress', 'gzip', '--compress-level', '12'], /--compress-level must be .*1 to 9 for gzip/],
      [
        ['--compress', 'gzip', '--format', 'json'],
        /--compress applies to --format ndjson or csv .*pipe JSON through gzip/,
      ],
      [['--compress', 'gzip', '--url', 'postgres://127.0.0.1:1/x'], /--compress applies to --format ndjson or csv/],
    ];
    for (const [args, message] of cases) {
      const result = await runGen([...args, '--rows', '10', '--dry-run']);
      expect([result.code, result.stderr], args.join(' ')).toEqual([2, expect.stringMatching(message)]);
    }
  });
});
