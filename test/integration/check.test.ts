import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { checkOutput, type Finding } from '../../src/check/check-output.ts';
import { generate } from '../../src/coordinator/generate.ts';
import { findDataset } from '../../src/datasets/index.ts';
import { DEFECT_KINDS } from '../../src/dirty/defects.ts';
import { AbortedError } from '../../src/errors.ts';
import { type Defect, defectCounts } from '../helpers/defect-counts.ts';
import { DATE } from '../helpers/fixed.ts';
import { CPUS, listFiles, runGen, tempDir } from '../helpers/run.ts';

/** Each built-in dataset at a size with several chunks in its biggest tables. */
const RUNS = [
  { dataset: 'items', rows: 120_000 },
  { dataset: 'transactions', rows: 60_000 },
  { dataset: 'retail', scale: 'medium', days: 3 },
  { dataset: 'catalog', scale: 3 },
  { dataset: 'shiny-rocks', days: 30 },
] as const;

/** Every column of `table` in shiny-rocks as text, for DuckDB's `read_json(columns = …)`. */
function columnsOf(table: string): string {
  const columns = findDataset('shiny-rocks').tables.find((t) => t.name === table)!.columns;
  return `{${columns.map((c) => `'${c.name}': 'VARCHAR'`).join(', ')}}`;
}

async function findingsOf(dir: string): Promise<Finding[]> {
  const found: Finding[] = [];
  await checkOutput({ dir, onFinding: (f) => found.push(f) });
  return found;
}

/** A finding as the ground truth names it: table, column, kind and key. */
const label = (f: { table: string; column: string | null; kind: string; key: unknown }): string =>
  JSON.stringify([f.table, f.column, f.kind, f.key]);

describe('gen check on what gen wrote', () => {
  it.each(RUNS.flatMap((run) => (['ndjson', 'csv', 'parquet'] as const).map((format) => ({ ...run, format }))))(
    'a clean output has no findings, a dirty one exactly its defects: $dataset $format',
    { timeout: 60_000 },
    async (run) => {
      const clean = tempDir();
      await generate({ ...run, seed: 3, date: DATE, workers: 2, out: clean });
      expect(await findingsOf(clean)).toEqual([]);
      const dirty = tempDir();
      const report = await generate({ ...run, seed: 3, date: DATE, workers: 2, out: dirty, dirty: 0.005 });
      const truth = readFileSync(join(dirty, 'defects.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(truth.length).toBe(report.defects!.count);
      expect(truth.length).toBeGreaterThan(100);
      const found = await findingsOf(dirty);
      // Precision and recall of 1: the same set, nothing more, nothing less.
      expect(found.map(label).sort()).toEqual(truth.map(label).sort());
    },
  );

  it('every kind of defect is made and found somewhere among the datasets', async () => {
    const kinds = new Set<string>();
    for (const run of RUNS) {
      const dir = tempDir();
      await generate({ ...run, seed: 4, date: DATE, workers: 0, out: dir, dirty: 0.01 });
      for (const f of await findingsOf(dir)) kinds.add(f.kind);
    }
    expect([...kinds].sort()).toEqual([...DEFECT_KINDS].sort());
  });

  it('dirty output is the same for any workers and chunk size, and clean rows stay as a clean run writes them', async () => {
    const base = { dataset: 'retail', scale: 'medium', days: 3, seed: 5, date: DATE, dirty: 0.01 } as const;
    const outs = [
      { workers: 1, chunkRows: 1000 },
      { workers: 3, chunkRows: 4096, cpus: CPUS },
    ].map((more) => {
      const out = tempDir();
      return generate({ ...base, ...more, out }).then(() => out);
    });
    const [a, b] = await Promise.all(outs);
    for (const file of ['orders.ndjson', 'order_items.ndjson', 'customers.ndjson', 'defects.ndjson'])
      expect(readFileSync(join(a!, file)).equals(readFileSync(join(b!, file))), file).toBe(true);
    const clean = tempDir();
    const { dirty: _, ...cleanRun } = base;
    await generate({ ...cleanRun, out: clean, workers: 2 });
    const lines = (dir: string) => readFileSync(join(dir, 'orders.ndjson'), 'utf8').split('\n');
    const dirtyLines = lines(a!);
    const changed = lines(clean).filter((line, i) => line !== dirtyLines[i]).length;
    const defects = readFileSync(join(a!, 'defects.ndjson'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"orders"'));
    expect(changed).toBe(defects.length);
  });

  it('a dirty run cut short leaves no defects file, nor a temp file; one gen did not make is kept unless --force', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const run = generate({
      dataset: 'retail',
      scale: 'medium',
      days: 3,
      date: DATE,
      workers: 2,
      out: dir,
      dirty: 0.01,
      signal: controller.signal,
      // After the first table and its defects are written: the defects file has bytes by then.
      onEvent: (e) => e.type === 'table-done' && controller.abort('SIGINT'),
    });
    await expect(run).rejects.toThrow(AbortedError);
    expect(listFiles(dir)).toEqual([]);
    writeFileSync(join(dir, 'defects.ndjson'), 'mine\n');
    const again = { dataset: 'items', rows: 1000, date: DATE, workers: 0, out: dir, dirty: 0.01 } as const;
    await expect(generate(again)).rejects.toThrow(/defects.ndjson exists, and no gen manifest in .* lists it/);
    expect(readFileSync(join(dir, 'defects.ndjson'), 'utf8')).toBe('mine\n');
    await generate({ ...again, force: true });
    expect(readFileSync(join(dir, 'defects.ndjson'), 'utf8')).not.toBe('mine\n');
    // Now gen's (its manifest lists it): a later dirty run replaces it without --force.
    await generate({ ...again, seed: 2 });
  });

  it('--sample compares only that many rows a file (still reading and hashing all of it)', async () => {
    const dir = tempDir();
    await generate({ dataset: 'items', rows: 200_000, seed: 3, date: DATE, workers: 2, out: dir, dirty: 0.01 });
    const truth = new Set(
      readFileSync(join(dir, 'defects.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => label(JSON.parse(l))),
    );
    const found: Finding[] = [];
    const summary = await checkOutput({ dir, sample: 5000, onFinding: (f) => found.push(f) });
    expect(summary.tables[0]!.rows).toBe(200_000);
    // 1% of 5,000 sampled rows: about 50 defects, each one of the ground truth.
    expect(found.length).toBeGreaterThan(20);
    expect(found.length).toBeLessThan(100);
    expect(found.every((f) => truth.has(label(f)))).toBe(true);
  });

  it('finds a file edited, cut short or grown, and names each', async () => {
    const dir = tempDir();
    await generate({ dataset: 'items', rows: 5000, seed: 1, date: DATE, workers: 0, out: dir });
    const path = join(dir, 'items.ndjson');
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const row = JSON.parse(lines[10]!) as Record<string, unknown>;
    lines[10] = JSON.stringify({ ...row, name: 'edited by hand' });
    writeFileSync(path, lines.join('\n'));
    const edited = await findingsOf(dir);
    expect(edited.map((f) => [f.kind, f.column, f.key])).toEqual([
      ['mismatch', 'name', row.id],
      ['integrity', null, null],
    ]);
    writeFileSync(path, text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1));
    expect((await findingsOf(dir)).map((f) => f.kind)).toEqual(['missing_rows', 'integrity']);
    writeFileSync(path, text);
    appendFileSync(path, '{"id":1}\n');
    expect((await findingsOf(dir)).map((f) => f.kind)).toEqual(['extra_rows', 'integrity']);
    // Rows taken out and a line put in, mid-file: named by key, and the rows after them compare as equal.
    const clean = text.split('\n');
    const gone = clean.slice(3000, 3010).map((l) => (JSON.parse(l) as { id: number }).id);
    writeFileSync(path, [...clean.slice(0, 3000), clean[2000]!, ...clean.slice(3010)].join('\n'));
    expect((await findingsOf(dir)).map((f) => [f.kind, f.key])).toEqual([
      ['extra_rows', (JSON.parse(clean[2000]!) as { id: number }).id],
      ...gone.map((id) => ['missing_rows', id]),
      ['integrity', null],
    ]);
  });

  it('checks a day-partitioned output (Hive folders), dirty, in CSV', async () => {
    const dir = tempDir();
    const run = { dataset: 'shiny-rocks', from: '2026-01-01', to: '2026-01-04', format: 'csv' } as const;
    await generate({ ...run, partitionBy: 'day', seed: 2, workers: 0, out: dir, dirty: 0.01 });
    const truth = readFileSync(join(dir, 'defects.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const found = await findingsOf(dir);
    expect(found.map(label).sort()).toEqual(truth.map(label).sort());
    expect(truth.length).toBeGreaterThan(50);
  });

  it('writes dirty Parquet: NULL defects in OPTIONAL columns; DuckDB counts each kind as the ground truth lists it', async () => {
    const dir = tempDir();
    await generate({
      dataset: 'retail',
      scale: 'medium',
      days: 3,
      seed: 6,
      date: DATE,
      workers: 2,
      format: 'parquet',
      out: dir,
      dirty: 0.005,
    });
    const truth = readFileSync(join(dir, 'defects.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Defect);
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const counts = defectCounts(findDataset('retail'), truth, (t) => `read_parquet('${join(dir, `${t}.parquet`)}')`);
    expect(counts.length).toBeGreaterThan(10);
    for (const { what, sql, expected } of counts)
      expect((await con.runAndReadAll(sql)).getRows()[0]![0], what).toBe(expected);
  });

  it.each(['csv', 'ndjson'] as const)(
    'writes malformed dates day first in %s, which DuckDB refuses as the ground truth counts; never in Parquet',
    async (format) => {
      const run = { dataset: 'shiny-rocks', days: 30, seed: 7, date: DATE, workers: 2, dirty: 0.02 } as const;
      const dir = tempDir();
      await generate({ ...run, format, out: dir });
      const truth = readFileSync(join(dir, 'defects.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Defect);
      const dates = truth.filter((d) => d.kind === 'malformed' && !d.column.includes('email'));
      expect(new Set(dates.map((d) => d.column)).size).toBeGreaterThan(1);
      const read = (t: string): string =>
        format === 'csv'
          ? `read_csv('${join(dir, `${t}.csv`)}', all_varchar = true)`
          : `read_json('${join(dir, `${t}.ndjson`)}', format = 'newline_delimited', records = true, columns = ${columnsOf(t)})`;
      const con = await (await DuckDBInstance.create(':memory:')).connect();
      const counts = defectCounts(findDataset('shiny-rocks'), dates, read);
      for (const { what, sql, expected } of counts)
        expect((await con.runAndReadAll(sql)).getRows()[0]![0], what).toBe(expected);
      const sample = (await findingsOf(dir)).find((f) => f.kind === 'malformed' && f.column === dates[0]!.column)!;
      expect(sample.detail).toMatch(/found "\d{2}\/\d{2}\/\d{4}( \d{2}:\d{2}:\d{2})?"$/);
      const parquet = tempDir();
      await generate({ ...run, format: 'parquet', out: parquet });
      const kinds = readFileSync(join(parquet, 'defects.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Defect);
      expect(kinds.filter((d) => d.kind === 'malformed' && !d.column.includes('email'))).toEqual([]);
    },
  );

  it('checks every shard of a sharded output, each against its own manifest; dirty shards add up to the whole', async () => {
    const dir = tempDir();
    for (const index of [0, 1, 2])
      await generate({
        dataset: 'items',
        rows: 9000,
        seed: 1,
        date: DATE,
        workers: 0,
        out: dir,
        shard: { index, count: 3 },
      });
    const summary = await checkOutput({ dir, onFinding: () => {} });
    expect(summary).toEqual({ tables: [{ name: 'items', files: 3, rows: 9000, findings: {} }], findings: 0 });
    const run = { dataset: 'retail', days: 3, seed: 1, date: DATE, workers: 0, dirty: 0.01 } as const;
    const [shards, whole] = [tempDir(), tempDir()];
    for (const index of [0, 1]) await generate({ ...run, out: shards, shard: { index, count: 2 } });
    await generate({ ...run, out: whole });
    const lines = (file: string): string[] => readFileSync(file, 'utf8').trim().split('\n');
    const parts = ['0', '1'].flatMap((i) => lines(join(shards, `defects.shard-${i}-of-2.ndjson`)));
    expect(parts.sort()).toEqual(lines(join(whole, 'defects.ndjson')).sort());
    expect((await findingsOf(shards)).map(label).sort()).toEqual(parts.map((l) => label(JSON.parse(l))).sort());
  });
});

describe('per-kind rates in a schema file (defects:)', () => {
  it('makes only those kinds, about as often as asked, and gen check finds exactly them', async () => {
    const dir = tempDir();
    const schema = join(dir, 'shop.yaml');
    writeFileSync(
      schema,
      [
        'name: shop',
        'defects: { orphan: 0.01, null: 0.02 }',
        'tables:',
        '  customers:',
        '    rows: 2000',
        '    primaryKey: [id]',
        '    columns:',
        '      id: { type: int64, generator: sequence, start: 1 }',
        '      name: { type: utf8, generator: faker, data: person.first_name }',
        '  orders:',
        '    rows: 50000',
        '    primaryKey: [id]',
        '    columns:',
        '      id: { type: int64, generator: sequence, start: 1 }',
        '      customer_id: { type: int64, generator: reference, table: customers }',
        '      total: { type: float64, generator: float, min: 1, max: 100 }',
      ].join('\n'),
    );
    const out = join(dir, 'out');
    expect((await runGen(['--config', schema, '--out', out, '-q'])).code).toBe(0);
    const truth = readFileSync(join(out, 'defects.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const orders = truth.filter((d) => d.table === 'orders');
    expect(new Set(truth.map((d) => d.kind))).toEqual(new Set(['orphan', 'null']));
    expect(orders.filter((d) => d.kind === 'orphan').length / 50_000).toBeCloseTo(0.01, 2);
    expect(orders.filter((d) => d.kind === 'null').length / 50_000).toBeCloseTo(0.02, 2);
    const check = await runGen(['check', out, '--config', schema, '--format', 'json']);
    expect(check.code).toBe(1);
    const found = check.stdout
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Finding);
    expect(found.map(label).sort()).toEqual(truth.map(label).sort());
    writeFileSync(schema, 'name: shop\ndefects: { orphans: 0.01 }\ntables: {}\n');
    const bad = await runGen(['--config', schema, '--out', join(dir, 'bad')]);
    expect([bad.code, bad.stderr]).toEqual([
      1,
      expect.stringMatching(/defects.orphans: not a kind of defect; the kinds are null, out_of_range/),
    ]);
  });
});

describe('gen check --config on data gen did not make (no manifest)', () => {
  it.each(['ndjson', 'csv'] as const)(
    'finds what a schema file rules out, counted as the defects: %s',
    { timeout: 60_000 },
    async (format) => {
      const dir = tempDir();
      const schema = join(dir, 'retail.yaml');
      const described = await runGen(['describe', 'retail', '--format', 'yaml']);
      writeFileSync(schema, described.stdout);
      const run = ['--config', schema, '--scale', 'medium', '--days', '3', '--date', DATE, '--format', format, '-q'];
      const count = (findings: { table: string; column: string | null; kind: string }[]) => {
        const counts: Record<string, number> = {};
        for (const f of findings)
          if (f.kind !== 'late')
            counts[`${f.table}.${f.column} ${f.kind}`] = (counts[`${f.table}.${f.column} ${f.kind}`] ?? 0) + 1;
        return counts;
      };
      const clean = join(dir, 'clean');
      expect((await runGen([...run, '--out', clean])).code).toBe(0);
      rmSync(join(clean, 'manifest.json'));
      const { checkOutput: check } = await import('../../src/check/check-output.ts');
      const { readSchemaFile } = await import('../../src/schema/schema-file.ts');
      const dataset = readSchemaFile(schema);
      const found: Finding[] = [];
      const summary = await check({ dir: clean, dataset, onFinding: (f) => found.push(f) });
      expect(found).toEqual([]);
      expect(summary.tables.reduce((sum, t) => sum + t.rows, 0)).toBeGreaterThan(50_000);
      const dirty = join(dir, 'dirty');
      expect((await runGen([...run, '--out', dirty, '--dirty', '0.005'])).code).toBe(0);
      rmSync(join(dirty, 'manifest.json'));
      const truth = readFileSync(join(dirty, 'defects.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Defect);
      const dirtyFound: Finding[] = [];
      // --date: late defects past the last day are late, not days of their own off the daily curve.
      await check({ dir: dirty, dataset, date: DATE, onFinding: (f) => dirtyFound.push(f) });
      expect(count(dirtyFound)).toEqual(count(truth));
      // Shares off their weights: every tenth web order made an app order is a distribution finding.
      const orders = join(clean, `orders.${format}`);
      let web = 0;
      const skewed = readFileSync(orders, 'utf8').replace(format === 'csv' ? /,web$/gm : /"channel":"web"/g, (m) =>
        web++ % 10 === 0 ? m.replace('web', 'app') : m,
      );
      writeFileSync(orders, skewed);
      const skew: Finding[] = [];
      await check({ dir: clean, dataset, onFinding: (f) => skew.push(f) });
      expect(skew.map((f) => [f.table, f.column, f.kind])).toEqual([['orders', 'channel', 'distribution']]);
      // Daily volumes: the middle day's orders halved are off the orders' curve (and leave orphans).
      let kept = 0;
      const middle = new Date(Date.parse(DATE) - 86_400_000).toISOString().slice(0, 10);
      const halved = skewed
        .split('\n')
        .filter((line) => !line.includes(middle) || kept++ % 2 === 0)
        .join('\n');
      writeFileSync(orders, halved);
      const thin: Finding[] = [];
      await check({ dir: clean, dataset, onFinding: (f) => thin.push(f) });
      const volume = thin.filter((f) => f.table === 'orders');
      expect(volume.map((f) => [f.column, f.kind])).toEqual([
        ['channel', 'distribution'],
        ['ordered_at', 'distribution'],
      ]);
      expect(volume[1]!.detail).toMatch(
        new RegExp(`off the table's curve .*: ${middle} has \\d+, about \\d+ expected`),
      );
      // --date: nothing may fall after it (orders are on the three days up to DATE).
      const early = await runGen(['check', dirty, '--config', schema, '--date', '2025-12-30', '--format', 'json']);
      const late = early.stdout
        .toString()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Finding)
        .filter((f) => f.kind === 'late');
      expect(late.length).toBeGreaterThan(1000);
      expect(new Set(late.map((f) => `${f.table}.${f.column}`))).toEqual(
        new Set(['orders.ordered_at', 'inventory_snapshots.snapshot_date']),
      );
      // Keys: each finding names its row's key as found (a duplicate, the key it shares).
      const keyed = (list: { kind: string; key: unknown }[]) =>
        list
          .filter((f) => f.kind === 'orphan' || f.kind === 'null')
          .map((f) => JSON.stringify(f.key))
          .sort();
      expect(keyed(dirtyFound)).toEqual(keyed(truth));
    },
  );
});

describe('gen check on the command line', () => {
  it('exits 0 when clean, 1 with findings (one JSON object a line with --format json), 2 for usage errors', async () => {
    const dir = tempDir();
    expect((await runGen(['transactions', '--rows', '3000', '--out', dir, '--dirty', '0.01', '-q'])).code).toBe(0);
    const json = await runGen(['check', dir, '--format', 'json']);
    expect(json.code).toBe(1);
    const findings = json.stdout
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Finding);
    expect(findings.length).toBeGreaterThan(10);
    expect(Object.keys(findings[0]!)).toEqual(['table', 'column', 'kind', 'key', 'detail']);
    const text = await runGen(['check', dir]);
    expect(text.code).toBe(1);
    expect(text.stdout.toString()).toMatch(/^\S+: [\d,]+ findings in [\d,]+ rows$/m);
    const clean = tempDir();
    await runGen(['transactions', '--rows', '3000', '--out', clean, '-q']);
    const ok = await runGen(['check', clean]);
    expect([ok.code, ok.stdout.toString()]).toEqual([0, expect.stringMatching(/every byte as gen makes it/)]);
    const none = await runGen(['check', tempDir()]);
    expect([none.code, none.stderr]).toEqual([2, expect.stringMatching(/holds no gen manifest/)]);
    const parquet = await runGen(['--rows', '10', '--format', 'pg', '--dirty', '0.1', '--out', tempDir()]);
    expect([parquet.code, parquet.stderr]).toEqual([
      2,
      expect.stringMatching(/--dirty writes NDJSON, CSV or Parquet files/),
    ]);
    const rate = await runGen(['--rows', '10', '--dirty', '2', '--out', tempDir()]);
    expect([rate.code, rate.stderr]).toEqual([2, expect.stringMatching(/--dirty must be a share of rows above 0/)]);
  });
});
