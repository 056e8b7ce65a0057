/**
 * `gen check DIR`: an output gen wrote, checked against what its manifest says gen makes. Every value is a
 * pure function of (seed, table, column, row), so the check recomputes each chunk, encodes it as the run
 * did, and compares bytes: equal chunks cost one comparison; a line that differs is parsed, and each value
 * that differs is classified (`classify.ts`) into the kinds `--dirty` injects, or a plain mismatch. Keys
 * are checked against the computed key spaces, never against a set of the keys seen, so memory stays flat.
 */
import { join } from 'node:path';
import { codecOfFile } from '../compression/decompress.ts';
import { type ChunkRunner, createInlineRunner, createPoolRunner } from '../coordinator/chunk-runner.ts';
import type { DatasetDefinition } from '../dataset/types.ts';
import { rowKey, sequenceOf } from '../dirty/defects.ts';
import { formatOf } from '../encoders/formats.ts';
import { encoderOf, type Framer } from '../encoders/types.ts';
import { UsageError } from '../errors.ts';
import { integerIn } from '../option-checks.ts';
import { INLINE_MAX_ROWS, MAX_WORKERS } from '../planner/options.ts';
import { readResources } from '../planner/resources.ts';
import type { RunPlan } from '../planner/run-plan.ts';
import { drawBelow, streamKey } from '../random/counter-rng.ts';
import type { SinkPhase } from '../sinks/types.ts';
import { missingRow, reportDifferences } from './classify.ts';
import { CHECK_CHUNK_ROWS } from './expected-rows.ts';
import { checkIntegrity, type FileCheck, readerAlgorithm } from './file-check.ts';
import { openFileReader } from './file-reader.ts';
import { type CheckSummary, createTally, type Finding, type Tally } from './findings.ts';
import { hasManifest, type ManifestTable, manifestsIn, replan } from './output-manifest.ts';
import { rowValues } from './row-lines.ts';

export type { CheckSummary, Finding } from './findings.ts';

export interface CheckOptions {
  /** A directory gen wrote; or, with `url`, a Postgres load. */
  readonly dir?: string;
  /** A Postgres database gen loaded (`schema`, default public): its last completed load is checked. */
  readonly url?: string;
  readonly schema?: string;
  /** The dataset of a schema file (`--config`); built-in datasets are found by the manifest's name. */
  readonly dataset?: DatasetDefinition;
  readonly onFinding: (finding: Finding) => void;
  /** With `url`: told when the reading of each table starts and ends. */
  readonly onPhase?: (phase: SinkPhase) => void;
  /** Threads that remake the chunks (0: this thread only). */
  readonly workers?: number;
  /** Compare only this many rows of each file (evenly spaced), not all of them: for very large outputs. */
  readonly sample?: number;
  /** Data gen did not make: `YYYY-MM-DD`, the last day its instants and dates may fall on. */
  readonly date?: string;
}

/** Chunks of one file's rows in order, made `window` ahead by the runner; buffers go back as slots. */
function chunksOf(runner: ChunkRunner, table: number, entry: ManifestTable, window: number) {
  let next = entry.rowStart;
  const inflight: Promise<Uint8Array>[] = [];
  const spare: SharedArrayBuffer[] = [];
  const submit = (): void => {
    const count = Math.min(CHECK_CHUNK_ROWS, entry.rowEnd - next);
    const result = runner.run({ table, start: next, count, slot: spare.pop() });
    result.catch(() => {});
    inflight.push(result);
    next += count;
  };
  return {
    next(): Promise<Uint8Array> {
      while (inflight.length < window && next < entry.rowEnd) submit();
      return inflight.shift()!;
    },
    recycle(bytes: Uint8Array): void {
      if (bytes.buffer instanceof SharedArrayBuffer && spare.length < window) spare.push(bytes.buffer);
    },
  };
}

/** The run's chunk runner: this thread for small outputs, else a pool as `generate` starts one. */
async function runnerOf(plan: RunPlan, rows: number, workers: number): Promise<ChunkRunner> {
  const format = formatOf(plan.format)!;
  const worker = { dataset: plan.dataset, params: plan.params, encoder: plan.encoder };
  if (workers === 0 || rows <= INLINE_MAX_ROWS)
    return createInlineRunner(worker, await encoderOf(format), plan.compiled);
  return createPoolRunner({
    worker,
    threads: workers,
    filename: format.encoder.worker,
    signal: undefined,
    onRetry: () => {},
  });
}

/**
 * Checks every file the manifests in `dir` list; reports each finding as it is found. Chunks are made by
 * `workers` threads (default: the CPUs the process may use) while this thread compares.
 * @throws {UsageError} when `dir` holds no gen output that this gen can check.
 */
export async function checkOutput(options: CheckOptions): Promise<CheckSummary> {
  if (options.url !== undefined || options.dir === undefined) {
    const { checkPostgres } = await import('./check-postgres.ts');
    const { url, dataset, onFinding, onPhase } = options;
    return checkPostgres({ url, schema: options.schema ?? 'public', dataset, onFinding, ...(onPhase && { onPhase }) });
  }
  const dir = options.dir;
  // A schema file and a directory without a manifest: data gen did not make, checked by its rules.
  if (options.dataset !== undefined && !(await hasManifest(dir))) {
    const { checkForeign } = await import('./check-foreign.ts');
    return checkForeign(dir, options.dataset, options.onFinding, options.date);
  }
  if (options.sample !== undefined) integerIn(options.sample, 1, Number.MAX_SAFE_INTEGER, 'sample', 'a number of rows');
  const tally = createTally(options.onFinding);
  const workers =
    options.workers === undefined
      ? readResources().cpus
      : integerIn(options.workers, 0, MAX_WORKERS, 'workers', 'a whole number of threads, 0 for this one only');
  for (const manifest of await manifestsIn(dir)) {
    const plan = replan(manifest, options.dataset, dir);
    if (plan.format === 'parquet') {
      const { checkParquet } = await import('./check-parquet.ts');
      for (const entry of manifest.tables)
        await checkParquet(fileCheck(plan, entry, dir, tally), entry, join(dir, entry.file));
      continue;
    }
    const rows = manifest.tables.reduce((sum, t) => sum + t.rowEnd - t.rowStart, 0);
    const runner = await runnerOf(plan, rows, options.sample === undefined ? workers : 0);
    try {
      for (const entry of manifest.tables) {
        const file = fileCheck(plan, entry, dir, tally);
        const format = formatOf(plan.format)!;
        const framer = format.createFramer(file.table, (manifest.shard?.index ?? 0) === 0);
        const rows =
          options.sample === undefined
            ? allRows(runner, Math.max(2, workers * 2))
            : sampledRows(runner, options.sample);
        await checkFile(file, entry, framer, rows);
      }
    } finally {
      await runner.close();
    }
  }
  return tally.summary();
}

/** How one file of the manifest is read and where its findings go (counted per table and kind). */
function fileCheck(plan: RunPlan, entry: ManifestTable, dir: string, tally: Tally): FileCheck {
  const table = plan.dataset.tables.find((t) => t.name === entry.name);
  if (table === undefined)
    throw new UsageError(`the manifest lists table ${entry.name}, which ${plan.dataset.name} has not`);
  const { line, report } = tally.table(table.name);
  line.files++;
  line.rows += entry.rowEnd - entry.rowStart;
  return {
    plan,
    table,
    reader: openFileReader(join(dir, entry.file), codecOfFile(entry.file), readerAlgorithm(entry)),
    report,
  };
}

/** How a file's rows are compared: all of them chunk by chunk, or a sample. False at the file's end. */
type RowsCheck = (file: FileCheck, entry: ManifestTable, framer: Framer) => Promise<boolean>;

/** Every row: chunks remade `window` ahead, compared as bytes. */
function allRows(runner: ChunkRunner, window: number): RowsCheck {
  return async (file, entry, framer) => {
    const chunks = chunksOf(runner, file.plan.dataset.tables.indexOf(file.table), entry, window);
    let ok = true;
    for (let start = entry.rowStart; ok && start < entry.rowEnd; start += CHECK_CHUNK_ROWS) {
      const bytes = await chunks.next();
      ok = await compareRows(file, concat(framer.push(bytes)), start);
      chunks.recycle(bytes);
    }
    return ok;
  };
}

/**
 * `sample` rows, evenly spaced from an offset drawn from the seed: each remade alone and compared; every
 * other line is still read (counted and hashed), but not compared.
 */
function sampledRows(runner: ChunkRunner, sample: number): RowsCheck {
  return async (file, entry, framer) => {
    const rows = entry.rowEnd - entry.rowStart;
    const stride = Math.max(1, Math.floor(rows / sample));
    const offset = drawBelow(streamKey(file.plan.params.seed, file.table.name, '#sample'), 0, 0, stride);
    const table = file.plan.dataset.tables.indexOf(file.table);
    let at = 0; // lines read so far
    const skip = async (to: number): Promise<boolean> => {
      const skipped = await file.reader.skipLines(to - at);
      at += skipped;
      return at === to;
    };
    for (let i = offset; i < rows && (i - offset) / stride < sample; i += stride) {
      if (!(await skip(i))) return missing(file, `row ${entry.rowStart + at}`);
      const found = await file.reader.line();
      if (found === null) return missing(file, `row ${entry.rowStart + i}`);
      at = i + 1;
      const bytes = concat(framer.push(await runner.run({ table, start: entry.rowStart + i, count: 1 })));
      const want = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length - 1); // without its \n
      if (!want.equals(found)) compareValues(file, want.toString(), found.toString());
    }
    if (!(await skip(rows))) return missing(file, `row ${entry.rowStart + at}`);
    return true;
  };
}

/** One file: its header, its rows, its trailer, lines after them, and its bytes and hash. */
async function checkFile(file: FileCheck, entry: ManifestTable, framer: Framer, rows: RowsCheck): Promise<void> {
  const { reader, report } = file;
  let ok = await compareFrame(file, framer.start());
  if (ok) ok = await rows(file, entry, framer);
  if (ok) ok = await compareFrame(file, framer.finish());
  let extra = 0;
  while (ok && (await reader.line()) !== null) extra++;
  if (extra > 0) report({ column: null, kind: 'extra_rows', key: null, detail: `${extra} lines after the last row` });
  await checkIntegrity(file, entry);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  return Buffer.concat(parts);
}

/** A header or trailer: its lines as gen writes them. */
async function compareFrame(file: FileCheck, parts: readonly Uint8Array[]): Promise<boolean> {
  for (const part of parts) {
    if (part.length === 0 || (await file.reader.skipIf(part))) continue;
    const lines = new TextDecoder().decode(part).split('\n').length - 1;
    for (let i = 0; i < lines; i++) {
      const found = await file.reader.line();
      if (found === null) return missing(file, 'the header');
      file.report({
        column: null,
        kind: 'header',
        key: null,
        detail: `found ${JSON.stringify(found.toString().slice(0, 200))}`,
      });
    }
  }
  return true;
}

function missing(file: FileCheck, what: string): false {
  file.report({ column: null, kind: 'missing_rows', key: null, detail: `the file ends before ${what}` });
  return false;
}

/**
 * The rows of one chunk: one comparison when the bytes are equal, else line by line, with rows gen made
 * that are not there (or lines that are no row of gen's) told apart from changed rows by their keys. False
 * at the file's end.
 */
async function compareRows(file: FileCheck, expected: Uint8Array, start: number): Promise<boolean> {
  if (await file.reader.skipIf(expected)) return true;
  const bytes = Buffer.from(expected.buffer, expected.byteOffset, expected.length);
  let from = 0;
  for (let row = start; from < bytes.length; row++) {
    const end = bytes.indexOf(0x0a, from);
    const want = bytes.subarray(from, end < 0 ? bytes.length : end);
    from = end < 0 ? bytes.length : end + 1;
    for (;;) {
      const found = await file.reader.line();
      if (found === null) return missing(file, `row ${row}`);
      if (want.equals(found)) break;
      const place = placeOf(file, want.toString(), found.toString());
      if (place === 'extra') continue;
      if (place === 'missing') file.reader.unread();
      else compareValues(file, want.toString(), found.toString());
      break;
    }
  }
  return true;
}

/**
 * Where a line that differs from gen's row stands, by the keys of a table whose key rises with its rows:
 * the same row changed (`same`), a line before it that is no row of gen's (`extra`, reported), or a line
 * after it, so gen's row is not there (`missing`, reported). A row whose other values are gen's is the same
 * row with a changed key (a duplicate key). A line inserted with a key far ahead reads as missing rows.
 */
function placeOf(file: FileCheck, want: string, found: string): 'same' | 'extra' | 'missing' {
  const { plan, table } = file;
  const keys = sequenceOf(table);
  if (keys === null || keys.step <= 0) return 'same';
  const expected = rowValues(plan.format, table, want)!;
  const actual = rowValues(plan.format, table, found);
  const k = table.columns.findIndex((c) => c.name === table.primaryKey![0]);
  const [wanted, got] = [Number(expected[k]), Number(actual?.[k])];
  if (actual === null || !Number.isInteger(got) || got === wanted) return 'same';
  if (table.columns.every((_, c) => c === k || actual[c] === expected[c])) return 'same';
  if (got < wanted) {
    file.report({ column: null, kind: 'extra_rows', key: rowKey(table, actual), detail: 'a row gen did not make' });
    return 'extra';
  }
  file.report(missingRow(table, expected));
  return 'missing';
}

/** Reports each value of a row that differs from gen's, classified. */
function compareValues(file: FileCheck, want: string, found: string): void {
  const { plan, table } = file;
  const expected = rowValues(plan.format, table, want)!;
  const key = rowKey(table, expected);
  const actual = rowValues(plan.format, table, found);
  if (actual === null) {
    file.report({ column: null, kind: 'malformed', key, detail: `not a row: ${JSON.stringify(found.slice(0, 200))}` });
    return;
  }
  const differ = reportDifferences(plan.dataset.tables, table, plan.ranges, actual, expected, key, file.report);
  if (differ === 0)
    file.report({ column: null, kind: 'mismatch', key, detail: 'the same values, written differently' });
}
