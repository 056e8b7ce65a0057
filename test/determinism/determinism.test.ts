import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/coordinator/generate.ts';
import type { GenerateOptions } from '../../src/coordinator/options.ts';
import type { TableDefinition } from '../../src/dataset/types.ts';
import { DATASETS } from '../../src/datasets/index.ts';
import { items } from '../../src/datasets/items.ts';
import { createNdjsonEncoder } from '../../src/encoders/ndjson.ts';
import { createChunkGenerator } from '../../src/worker/chunk-generator.ts';
import { DATE, DATE_MS, SEEDS } from '../helpers/fixed.ts';
import { CPUS, checksumFile, sha256, sha256File, tempDir } from '../helpers/run.ts';

const GOLDEN_FILE = new URL('../fixtures/golden.json', import.meta.url).pathname;
const UPDATE = process.env.UPDATE_GOLDEN === '1';
/** Above the inline threshold (100k rows), so that a pool really runs. */
const ROWS = 150_000;
const dir = tempDir();
let runs = 0;

async function run(options: GenerateOptions): Promise<{ file: string; sha: string }> {
  const out = join(dir, `run-${runs++}`);
  const report = await generate({ seed: 42, date: DATE, out, cpus: CPUS, ...options });
  const file = report.tables[0]!.path!;
  const sha = sha256File(file);
  expect(report.tables[0]!.checksum).toBe(checksumFile(file)); // the manifest's checksum is the file's
  return { file, sha };
}

/** Every table's SHA-256 (the golden hashes), its manifest checksum checked against the file's, by table name. */
async function runAll(options: GenerateOptions): Promise<Record<string, string>> {
  const report = await generate({ seed: 42, date: DATE, out: join(dir, `run-${runs++}`), cpus: CPUS, ...options });
  return Object.fromEntries(
    report.tables.map((t) => {
      expect(t.checksum).toBe(checksumFile(t.path!));
      return [t.name, sha256File(t.path!)];
    }),
  );
}

const RELATIONAL = DATASETS.filter((d) => d.tables.length > 1);
/** Sizes of each multi-table dataset: big enough (> 100k rows in all) that a pool runs. */
const SIZES: Record<string, GenerateOptions> = {
  transactions: { rows: 120_000 },
  catalog: { rows: 120_000 },
  retail: { scale: 'medium', days: 3 },
  'shiny-rocks': { days: 20 },
};
/** Small fixed runs for the golden hashes. */
const SMALL: Record<string, GenerateOptions> = {
  transactions: { rows: 5000 },
  catalog: { rows: 5000 },
  retail: { days: 2 },
  'shiny-rocks': { days: 2 },
};

describe.each(RELATIONAL.map((d) => d.name))('dataset %s is a pure function of seed and options', (dataset) => {
  const size = SIZES[dataset]!;
  it('is byte-identical for workers 0, 2 and 4 and chunk sizes 1000 and 32768, in every table', async () => {
    const reference = await runAll({ dataset, ...size, workers: 0 });
    expect(await runAll({ dataset, ...size, workers: 2, chunkRows: 1000 })).toEqual(reference);
    expect(await runAll({ dataset, ...size, workers: 4 })).toEqual(reference);
  });

  it('concatenating --shard 0/3 .. 2/3 gives every unsharded table', async () => {
    const whole = await generate({
      dataset,
      ...size,
      seed: 42,
      date: DATE,
      workers: 2,
      out: join(dir, `run-${runs++}`),
    });
    const shards = [];
    for (let index = 0; index < 3; index++)
      shards.push(
        await generate({
          dataset,
          ...size,
          seed: 42,
          date: DATE,
          workers: 2,
          shard: { index, count: 3 },
          out: join(dir, `run-${runs++}`),
        }),
      );
    for (const [t, table] of whole.tables.entries()) {
      expect(sha256(Buffer.concat(shards.map((r) => readFileSync(r.tables[t]!.path!)))), table.name).toBe(
        sha256File(table.path!),
      );
    }
  });
});

describe.each(['ndjson', 'csv'] as const)('%s output is a pure function of seed and options', (format) => {
  it('is byte-identical for workers 0 (inline), 1, 2, 4 and chunk sizes 1000 and 32768', async () => {
    const reference = await run({ format, rows: ROWS, workers: 0 });
    for (const workers of [1, 2, 4]) {
      for (const chunkRows of [1000, 32_768]) {
        expect(
          (await run({ format, rows: ROWS, workers, chunkRows })).sha,
          `workers ${workers}, chunkRows ${chunkRows}`,
        ).toBe(reference.sha);
      }
    }
  });

  it('concatenating --shard 0/n .. n-1/n gives the unsharded bytes', async () => {
    const whole = readFileSync((await run({ format, rows: ROWS, workers: 2 })).file);
    for (const count of [3, 4]) {
      const parts = [];
      for (let index = 0; index < count; index++)
        parts.push(readFileSync((await run({ format, rows: ROWS, workers: 2, shard: { index, count } })).file));
      expect(sha256(Buffer.concat(parts))).toBe(sha256(whole));
    }
  });

  it('changes with the seed and the reference date', async () => {
    const base = await run({ format, rows: 1000 });
    expect((await run({ format, rows: 1000, seed: 43 })).sha).not.toBe(base.sha);
    expect((await run({ format, rows: 1000, date: '2026-01-02' })).sha).not.toBe(base.sha);
  });
});

describe('pg (binary COPY) output is a pure function of seed and options', () => {
  it('is byte-identical for workers 0, 2 and 4 and chunk sizes 1000 and 32768', async () => {
    const reference = await run({ format: 'pg', rows: ROWS, workers: 0 });
    for (const [workers, chunkRows] of [
      [2, 1000],
      [2, 32_768],
      [4, 32_768],
    ] as const) {
      expect(
        (await run({ format: 'pg', rows: ROWS, workers, chunkRows })).sha,
        `workers ${workers}, chunkRows ${chunkRows}`,
      ).toBe(reference.sha);
    }
  });
});

describe('row N is made without rows 0..N-1', () => {
  it('a one-row chunk at any N equals line N of the full run', () => {
    const generator = createChunkGenerator(
      { dataset: items, params: { seed: 42, referenceDate: DATE_MS }, encoder: { format: 'ndjson', options: {} } },
      createNdjsonEncoder,
    );
    const full = new TextDecoder().decode(generator.generate({ table: 0, start: 0, count: 5000 })).split('\n');
    for (const n of [0, 1, 4095, 4096, 4999]) {
      expect(new TextDecoder().decode(generator.generate({ table: 0, start: n, count: 1 }))).toBe(`${full[n]}\n`);
    }
  });
});

describe('golden output', () => {
  it('matches the checked-in SHA-256 of fixed small runs (change the dataset version when this changes on purpose)', async () => {
    const actual: Record<string, string> = {};
    for (const format of ['ndjson', 'csv', 'parquet', 'pg'] as const) {
      for (const seed of SEEDS)
        actual[`items-v${items.version}-${format}-seed${seed}-${DATE}-10000`] = (
          await run({ format, seed, rows: 10_000 })
        ).sha;
    }
    for (const dataset of RELATIONAL) {
      for (const format of ['ndjson', 'parquet', 'pg'] as const) {
        for (const [table, sha] of Object.entries(
          await runAll({ dataset: dataset.name, format, ...SMALL[dataset.name] }),
        )) {
          actual[
            `${dataset.name}-v${dataset.version}-${table}-${format}-seed42-${DATE}-${JSON.stringify(SMALL[dataset.name])}`
          ] = sha;
        }
      }
    }
    if (UPDATE) writeFileSync(GOLDEN_FILE, `${JSON.stringify(actual, null, 2)}\n`);
    expect(existsSync(GOLDEN_FILE), 'test/fixtures/golden.json is missing: run npm run test:update-golden').toBe(true);
    expect(actual).toEqual(JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')));
  });
});

describe('a table compiled again makes the same bytes', () => {
  it('after more tables than a generator keeps compiled, a table comes back unchanged', () => {
    // Twelve tables, more than the eight a generator keeps: table 0 is evicted and compiled again.
    const base = items.tables[0]!;
    const tables: TableDefinition[] = Array.from({ length: 12 }, (_, i) => ({ ...base, name: `t${i}` }));
    const parentRef = {
      name: 'parent_id',
      type: { kind: 'int64' as const },
      generator: { kind: 'reference' as const, table: 't1', distribution: 'zipf' as const },
    };
    tables[0] = { ...tables[0]!, columns: [...base.columns, parentRef] };
    const dataset = { ...items, tables };
    const config = {
      dataset,
      params: { seed: 7, referenceDate: DATE_MS, tableRows: Object.fromEntries(tables.map((t) => [t.name, 5000])) },
      encoder: { format: 'ndjson' as const, options: {} },
    };
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    const generator = createChunkGenerator(config, createNdjsonEncoder);
    const first = text(generator.generate({ table: 0, start: 100, count: 2000 }));
    for (let table = 1; table < tables.length; table++) generator.generate({ table, start: 0, count: 100 });
    expect(text(generator.generate({ table: 0, start: 100, count: 2000 }))).toBe(first);
    const fresh = createChunkGenerator(config, createNdjsonEncoder);
    expect(text(fresh.generate({ table: 0, start: 100, count: 2000 }))).toBe(first);
  });
});
