/**
 * The benchmark: whole-process runs of `gen` and of two baselines measured in the same run, side by side:
 * the naive faker loop and the fastest hand-written single-threaded loop (bench/baselines/). Commands
 * alternate (A B A B …) so that a drifting machine affects both sides of a ratio alike; medians are reported.
 * Writes bench/results/latest-<mode>.json (git-ignored) and holds the run against the committed
 * bench/results/<mode>.json (bench/gate.ts); only `--record` rewrites that file and the table in
 * bench/README.md, so that CI, which runs this on a clean clone, leaves the clone clean.
 *
 * Usage: node dist/bench/run.js [--short] [--record]
 */

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { checkRatios, checks } from './check.ts';
import { compression, compressionRatios } from './compression.ts';
import { corpus, corpusRatios } from './corpus.ts';
import { cpuBound, cpuBoundRatios } from './cpu-bound.ts';
import { exitStatus, gate, type Verdict } from './gate.ts';
import { measure } from './measure.ts';
import { type MicroRow, micro, microTable } from './micro.ts';
import { objectStore, objectStoreRatios } from './object-store.ts';
import { ownDatabase, ownDatabaseRatios } from './own-database.ts';
import { startPostgres } from './postgres-server.ts';
import { relational, relationalRatios } from './relational.ts';
import { type Format, fmt, type Row, runScenarios, type Scenario } from './scenarios.ts';

const SHORT = process.argv.includes('--short');
const RECORD = process.argv.includes('--record');
const ROOT = new URL('../../', import.meta.url).pathname;
const MODE = SHORT ? 'short' : 'full';
/** The results this run is held against, and which `--record` replaces. */
const COMMITTED = join(ROOT, 'bench/results', `${MODE}.json`);
/** Every run's results, git-ignored: CI must not dirty its clone. */
const LATEST = join(ROOT, 'bench/results', `latest-${MODE}.json`);
const GEN = join(ROOT, 'dist/src/cli/main.js');
const BASELINES = join(ROOT, 'dist/bench/baselines');
const DATE = '2026-01-01';

const node = process.execPath;
const gen =
  (workers: number, ...extra: string[]) =>
  (format: Format, rows: number): Scenario => ({
    name: ['gen -w', String(workers), ...extra].join(' '),
    format,
    rows,
    argv: (out) => [
      node,
      GEN,
      '--rows',
      String(rows),
      '--format',
      format,
      '--workers',
      String(workers),
      '--date',
      DATE,
      '--out',
      out,
      '--quiet',
      ...extra,
    ],
  });
const hand = (format: 'ndjson' | 'csv', rows: number): Scenario => ({
  name: 'hand loop',
  format,
  rows,
  argv: (out) => [node, join(BASELINES, 'hand-loop.js'), String(rows), format, join(out, `items.${format}`)],
});
const faker = (format: 'ndjson' | 'csv', rows: number): Scenario => ({
  name: 'faker loop',
  format,
  rows,
  argv: (out) => [node, join(BASELINES, 'naive-faker.js'), String(rows), format, join(out, `items.${format}`)],
});
const duckdb =
  (compression: string, mode: 'ordered' | 'parallel') =>
  (rows: number): Scenario => ({
    name: `duckdb ${compression}${mode === 'parallel' ? ' parallel' : ''}`,
    format: 'parquet',
    rows,
    argv: (out) => [
      node,
      join(BASELINES, 'duckdb-parquet.js'),
      String(rows),
      join(out, 'items.parquet'),
      compression,
      mode,
    ],
  });
const PARQUET_SIZES = SHORT ? [1e5, 1e6] : [1e5, 1e6, 1e7];

const SIZES = SHORT ? [1e2, 1e4, 1e5, 1e6] : [1e2, 1e3, 1e4, 1e5, 1e6, 1e7];
const RUNS = (rows: number): number => (SHORT ? 1 : rows >= 1e7 ? 3 : 5);
/** The faker loop runs at ~0.2 M rows/s: its largest size gets one run. */
const FAKER_MAX = SHORT ? 1e5 : 1e7;

function parquet(work: string): Row[] {
  return PARQUET_SIZES.flatMap((size) => {
    process.stderr.write(`bench: parquet ${size} rows\n`);
    const group = [
      gen(1)('parquet', size),
      gen(2)('parquet', size),
      gen(2, '--compression', 'zstd')('parquet', size),
      duckdb('snappy', 'ordered')(size),
      duckdb('snappy', 'parallel')(size),
      duckdb('zstd', 'ordered')(size),
    ];
    return runScenarios(group, RUNS(size), work);
  });
}

const PG_SIZES = SHORT ? [1e5, 1e6] : [1e5, 1e6, 1e7];

/**
 * gen loading Postgres (binary COPY into staging over 2 connections, and over 1; primary key; swap) against the server's own ingest of a
 * ready file (written by gen beforehand, not timed) and against generate_series, on a throwaway local
 * cluster (fsync off, default settings otherwise).
 */
async function postgres(work: string): Promise<Row[]> {
  const server = await startPostgres();
  try {
    chmodSync(work, 0o755); // the server process (user postgres) reads the ready files
    return PG_SIZES.flatMap((size) => {
      process.stderr.write(`bench: postgres ${size} rows\n`);
      const files = mkdtempSync(join(work, 'ready-'));
      chmodSync(files, 0o755);
      for (const format of ['pg', 'csv'])
        measure([node, GEN, '--rows', String(size), '--format', format, '--date', DATE, '--out', files, '--quiet']);
      for (const shard of ['0/2', '1/2'])
        measure([
          node,
          GEN,
          '--rows',
          String(size),
          '--format',
          'pg',
          '--shard',
          shard,
          '--date',
          DATE,
          '--out',
          files,
          '--quiet',
        ]);
      const halves = ['items.shard-0-of-2.pgcopy', 'items.shard-1-of-2.pgcopy'];
      for (const file of ['items.pgcopy', 'items.csv', ...halves]) chmodSync(join(files, file), 0o644);
      const baseline = (name: string, mode: string, ...args: string[]): Scenario => ({
        name,
        format: 'pg',
        rows: size,
        argv: () => [node, join(BASELINES, 'pg-server.js'), server.url, mode, ...args],
      });
      const gen = (name: string, ...extra: string[]): Scenario => ({
        name,
        format: 'pg',
        rows: size,
        argv: () => [
          node,
          GEN,
          '--rows',
          String(size),
          '--url',
          server.url,
          '--workers',
          '2',
          '--date',
          DATE,
          '--quiet',
          ...extra,
        ],
      });
      const group: Scenario[] = [
        gen('gen -w 2 → postgres'),
        gen('gen -w 2 --connections 1 → postgres', '--connections', '1'),
        baseline('server COPY binary file', 'binary', join(files, 'items.pgcopy')),
        baseline('server COPY binary, 2 halves at once', 'binary', ...halves.map((f) => join(files, f))),
        baseline('server COPY csv file', 'csv', join(files, 'items.csv')),
        baseline('generate_series', 'series', String(size)),
      ];
      return runScenarios(group, RUNS(size), work);
    });
  } finally {
    server.stop();
  }
}

function throughput(work: string): Row[] {
  const rows: Row[] = [];
  for (const format of ['ndjson', 'csv'] as const) {
    for (const size of SIZES) {
      process.stderr.write(`bench: ${format} ${size} rows\n`);
      const group = [
        gen(1)(format, size),
        gen(2)(format, size),
        gen(2, '--no-checksum')(format, size),
        hand(format, size),
      ];
      rows.push(...runScenarios(group, RUNS(size), work));
      if (size <= FAKER_MAX) rows.push(...runScenarios([faker(format, size)], size >= 1e6 ? 1 : RUNS(size), work));
    }
  }
  return rows;
}

/** Peak RSS as rows grow 100x, to stdout (/dev/null): the generator's own memory, no page cache. */
function memory(work: string): Row[] {
  const sizes = SHORT ? [1e5, 1e7] : [1e6, 1e8];
  return (['ndjson', 'parquet'] as const).flatMap((format) =>
    sizes.flatMap((rows) => {
      process.stderr.write(`bench: memory, ${format}, ${rows} rows to /dev/null\n`);
      const run = gen(2)(format, rows);
      // The same command as the throughput rows, to stdout (`--out -`) sent to /dev/null.
      const scenario: Scenario = { ...run, name: 'gen -w 2 (memory)', stdout: '/dev/null', argv: () => run.argv('-') };
      return runScenarios([scenario], 1, work);
    }),
  );
}

function machine(): Record<string, unknown> {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

function parquetRatios(results: readonly Row[]): string[] {
  const top = Math.max(...PARQUET_SIZES);
  const at = (name: string): Row | undefined =>
    results.find((r) => r.name === name && r.format === 'parquet' && r.rows === top);
  return [
    ['gen -w 2', 'duckdb snappy'],
    ['gen -w 2', 'duckdb snappy parallel'],
    ['gen -w 2 --compression zstd', 'duckdb zstd'],
  ].flatMap(([a, b]) => {
    const g = at(a!);
    const d = at(b!);
    return g === undefined || d === undefined
      ? []
      : [
          `- parquet, ${fmt(top)} rows, \`${a}\`: **${(g.rowsPerSec / d.rowsPerSec).toFixed(2)}x** \`${b}\` (target ≥ 1.3x), peak RSS ${g.maxRssMiB} vs ${d.maxRssMiB} MiB.`,
        ];
  });
}

function postgresRatios(results: readonly Row[]): string[] {
  const top = Math.max(...PG_SIZES);
  const at = (name: string): Row | undefined =>
    results.find((r) => r.name === name && r.format === 'pg' && r.rows === top);
  const g = at('gen -w 2 → postgres');
  return [
    ['server COPY binary file', 0.8],
    ['server COPY binary, 2 halves at once', 0.8],
    ['server COPY csv file', 0.8],
    ['generate_series', 1.5],
    ['gen -w 2 --connections 1 → postgres', 1],
  ].flatMap(([name, target]) => {
    const b = at(name as string);
    return g === undefined || b === undefined
      ? []
      : [
          `- postgres, ${fmt(top)} rows: gen is **${(g.rowsPerSec / b.rowsPerSec).toFixed(2)}x** \`${String(name)}\` (target ≥ ${String(target)}x).`,
        ];
  });
}

function ratios(results: readonly Row[]): string[] {
  const at = (name: string, format: string, rows: number): Row | undefined =>
    results.find((r) => r.name === name && r.format === format && r.rows === rows);
  const top = Math.max(...SIZES);
  return (['ndjson', 'csv'] as const).flatMap((format) => {
    const h = at('hand loop', format, top);
    const f = at('faker loop', format, Math.min(top, FAKER_MAX));
    if (h === undefined || f === undefined) return [];
    return ['gen -w 2', 'gen -w 2 --no-checksum'].flatMap((name) => {
      const g = at(name, format, top);
      return g === undefined
        ? []
        : [
            `- ${format}, ${fmt(top)} rows, \`${name}\`: **${(g.rowsPerSec / h.rowsPerSec).toFixed(2)}x** the hand loop (target ≥ 1.5x), **${(g.rowsPerSec / f.rowsPerSec).toFixed(1)}x** the faker loop (target ≥ 8x; faker measured at ${fmt(f.rows)} rows).`,
          ];
    });
  });
}

function markdown(results: readonly Row[], info: Record<string, unknown>, microRows: readonly MicroRow[]): string {
  const lines = [
    `Measured ${String(info.date).slice(0, 16)}Z on ${String(info.cpu)}, ${String(info.cores)} cores, ${String(info.memoryGiB)} GiB, Node ${String(info.node)} (${MODE} run: \`npm run bench${SHORT ? ':short' : ''}:record\`). Whole processes, wall time median of the runs shown; files written to a temp directory on the local disk, except the memory rows (stdout to /dev/null).`,
    '',
    ...ratios(results),
    ...cpuBoundRatios(results),
    ...parquetRatios(results),
    ...postgresRatios(results),
    ...relationalRatios(results, SHORT),
    ...ownDatabaseRatios(results),
    ...corpusRatios(results),
    ...checkRatios(results),
    ...compressionRatios(results),
    ...objectStoreRatios(results),
    '',
    '| command | format | rows | runs | wall s | rows/s | CPU s | main thread CPU s | peak RSS MiB |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.format} | ${fmt(r.rows)} | ${r.runs} | ${r.wallSec.toFixed(2)} | ${fmt(r.rowsPerSec)} | ${r.cpuSec} | ${r.mainCpuSec ?? ''} | ${r.maxRssMiB} |`,
    ),
  ];
  lines.push('', 'Micro-benchmarks (tinybench, in one process): nanoseconds per value.', '', ...microTable(microRows));
  return lines.join('\n');
}

/** Always the ignored latest file; with `--record`, also the committed results and bench/README.md's table. */
function save(json: string, table: string): void {
  mkdirSync(dirname(LATEST), { recursive: true });
  writeFileSync(LATEST, json);
  process.stderr.write(`bench: results in ${relative(ROOT, LATEST)}\n`);
  if (!RECORD) return;
  writeFileSync(COMMITTED, json);
  const readmePath = join(ROOT, 'bench/README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const pattern = new RegExp(`(<!-- bench:${MODE}:start -->)[\\s\\S]*?(<!-- bench:${MODE}:end -->)`);
  writeFileSync(readmePath, readme.replace(pattern, `$1\n${table}\n$2`));
  process.stderr.write(`bench: recorded in ${relative(ROOT, COMMITTED)} and bench/README.md\n`);
}

function report({ machine, warnings, failures }: Verdict): void {
  for (const line of warnings) process.stderr.write(`bench: WARNING: ${line}\n`);
  for (const line of failures) process.stderr.write(`bench: REGRESSION (fails the run): ${line}\n`);
  const against = relative(ROOT, COMMITTED);
  process.stderr.write(
    `bench: ${failures.length} regressions, ${warnings.length} warnings against ${against}; the baselines' CPU time ${machine.toFixed(2)}x the committed (bench/README.md, "What fails CI")\n`,
  );
}

function committedResults(path: string): Row[] {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { results: Row[] }).results;
  } catch (error) {
    // A first run of a mode has nothing to be held against; say so, since the gate then checks little.
    process.stderr.write(`bench: WARNING: no committed results to compare with (${String(error)})\n`);
    return [];
  }
}

const work = mkdtempSync(join(process.env.BENCH_TMP ?? '/tmp', 'shardgen-bench-'));
try {
  const info = machine();
  const results = [
    ...throughput(work),
    ...cpuBound(GEN, BASELINES, work, SHORT),
    ...parquet(work),
    ...(await postgres(work)),
    ...(await relational(GEN, work, SHORT)),
    ...(await ownDatabase(ROOT, work, SHORT)),
    ...corpus(ROOT, work, SHORT),
    ...checks(GEN, work, SHORT),
    ...compression(GEN, work, SHORT),
    ...(await objectStore(ROOT, GEN, work, SHORT)),
    ...memory(work),
  ];
  const microRows = await micro(SHORT);
  const table = markdown(results, info, microRows);
  process.stdout.write(`${table}\n`);
  const verdict = gate(committedResults(COMMITTED), results);
  save(`${JSON.stringify({ machine: info, results, micro: microRows }, null, 2)}\n`, table);
  report(verdict);
  process.exitCode = exitStatus(verdict);
} finally {
  rmSync(work, { recursive: true, force: true });
}
