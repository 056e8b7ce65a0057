import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { createFramer, FORMAT_EXTENSIONS, TUPLES_ONLY, workerModuleName } from '../encoders/index.ts';
import { AbortedError } from '../errors.ts';
import { chunkCount, chunkTasks, type TableSlice } from '../plan/chunk-plan.ts';
import { createFileSink } from '../sinks/file-sink.ts';
import { createStreamSink } from '../sinks/stdout-sink.ts';
import type { Sink } from '../sinks/types.ts';
import { TOOL } from '../version.ts';
import type { ChunkResult, WorkerConfig } from '../worker/messages.ts';
import { type ChunkRunner, createInlineRunner, createPoolRunner } from './chunk-runner.ts';
import type { GenerateReport, TableReport } from './events.ts';
import type { GenerateOptions } from './options.ts';
import { type RunPlan, planRun } from './run-plan.ts';

/*
 *   coordinator (this thread)                     piscina workers
 *   ─────────────────────────                     ───────────────
 *   chunk tasks ──submit (≤ window in flight)──▶  generate columns → encode into a shared slot
 *   await results in chunk order ◀────────────────┘
 *        │ hash, count
 *        ▼
 *   sink.write (await = backpressure) → temp file → rename at commit (or stdout)
 */

/** Chunks in flight per worker: one running, one queued, so a worker never waits for the coordinator. */
const WINDOW_PER_WORKER = 2;

function shardSuffix(plan: RunPlan): string {
  if (plan.shard === null) return '';
  const width = String(plan.shard.count - 1).length;
  return `.shard-${String(plan.shard.index).padStart(width, '0')}-of-${plan.shard.count}`;
}

async function openSink(plan: RunPlan, options: GenerateOptions): Promise<Sink> {
  const lock = { wait: plan.wait, timeoutMs: plan.lockTimeoutMs, signal: options.signal };
  if (plan.postgres !== null) {
    // Imported only for Postgres runs, so that file runs do not load pg.
    const { createPostgresSink } = await import('../sinks/postgres-sink.ts');
    const { url, schema, mode, connections, runLog } = plan.postgres;
    const run = {
      dataset: plan.dataset.name, datasetVersion: plan.dataset.version, seed: plan.params.seed, date: plan.date,
      options: { rows: plan.rows, scale: options.scale ?? null, days: plan.days, mode, startId: plan.startRow, shard: plan.shard, workers: plan.workers, connections },
    };
    return createPostgresSink({
      url, schema, tables: plan.dataset.tables, mode, connections, run: runLog ? run : null, dataset: plan.dataset.name, force: plan.force, lock, signal: options.signal,
    });
  }
  if (plan.dir === null) return createStreamSink(options.stdout ?? process.stdout);
  const outputs = plan.slices.map((s) => ({ table: s.name, ...(s.partition === undefined ? {} : { partition: s.partition }) }));
  return createFileSink({ dir: plan.dir, extension: FORMAT_EXTENSIONS[plan.format], suffix: shardSuffix(plan), fsync: plan.fsync, outputs, force: plan.force, lock });
}

function defaultWorkerModule(plan: RunPlan): string {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`../../workers/${workerModuleName(plan.format)}.${ext}`, import.meta.url).href;
}

async function openRunner(plan: RunPlan, options: GenerateOptions): Promise<ChunkRunner> {
  const worker: WorkerConfig = { dataset: plan.dataset, params: plan.params, format: plan.format, encoder: { compression: plan.compression } };
  if (plan.workers === 0) return await createInlineRunner(worker);
  return createPoolRunner({
    worker,
    threads: plan.workers,
    filename: options.workerModule ?? defaultWorkerModule(plan),
    signal: options.signal,
    onRetry: (task, attempt, error) => options.onEvent?.({
      type: 'retry', table: plan.dataset.tables[task.table]!.name, start: task.start, attempt,
      error: error instanceof Error ? error.message : String(error),
    }),
  });
}

/** Chunk results in task order, and a way to hand written buffers back for reuse. */
interface ResultQueue {
  next(): Promise<ChunkResult>;
  recycle(written: ChunkResult): void;
}

/**
 * Submits chunk tasks ahead, at most `window` in flight, and hands back results strictly in task order.
 * Every promise gets a no-op catch at submit time: a later chunk failing while an earlier one is awaited
 * must not become an unhandled rejection (it is rethrown when its turn comes). Written buffers go back to
 * the workers as later tasks' slots, so at most `window` + 1 output buffers exist at any time.
 */
function resultQueue(plan: RunPlan, runner: ChunkRunner): ResultQueue {
  // Lazily, so that memory does not grow with the number of chunks (3,052 at 1e8 rows, 305k at 1e10).
  const tasks = (function* allTasks() {
    for (const slice of plan.slices) yield* chunkTasks(slice, plan.chunkRows, plan.atLeastOneChunk);
  })();
  const window = Math.max(1, plan.workers * WINDOW_PER_WORKER);
  const inflight: Promise<ChunkResult>[] = [];
  const spare: SharedArrayBuffer[] = [];
  const submit = (): boolean => {
    const next = tasks.next();
    if (next.done === true) return false;
    const result = runner.run({ ...next.value, slot: spare.pop() });
    result.catch(() => {});
    inflight.push(result);
    return true;
  };
  return {
    next() {
      while (inflight.length < window && submit());
      return inflight.shift()!;
    },
    recycle(written) {
      if (spare.length < window && written.buffer instanceof SharedArrayBuffer) spare.push(written.buffer);
    },
  };
}

/**
 * An append without a start id continues each table's ids after the rows it already holds. In a dataset
 * with tables keyed by date or parent, those tables keep their own ids (a day already loaded is a key
 * clash), and its plain tables (dimensions) are loaded once: left alone when they already hold rows.
 */
async function continueIds(plan: RunPlan, sink: Sink): Promise<RunPlan> {
  if (plan.postgres?.mode !== 'append' || plan.startRow !== null || sink.nextRow === undefined) return plan;
  const shaped = plan.dataset.tables.some((t) => t.shape !== undefined);
  const moved: TableSlice[] = [];
  for (const slice of plan.slices) {
    const table = plan.dataset.tables[slice.table]!;
    const next = table.shape === undefined ? await sink.nextRow(table) : 0;
    if (shaped && next > 0) moved.push({ ...slice, start: slice.end, end: slice.end });
    else moved.push({ ...slice, start: slice.start + next, end: slice.end + next });
  }
  return { ...plan, slices: moved };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError(signal.reason);
}

async function writeTable(plan: RunPlan, slice: TableSlice, sink: Sink, results: ResultQueue, options: GenerateOptions): Promise<TableReport> {
  const { output, path } = await sink.open(plan.dataset.tables[slice.table]!, slice.partition);
  const hash = plan.checksum ? createHash('sha256') : null;
  let bytes = 0;
  const write = async (parts: readonly Uint8Array[]): Promise<void> => {
    for (const part of parts) {
      hash?.update(part);
      bytes += part.length;
      await output.write(part);
    }
  };
  // A Postgres load frames each of its COPY streams itself; files start with a header unless a later shard.
  const first = (plan.shard?.index ?? 0) === 0;
  const framer = plan.postgres === null ? createFramer(plan.format, plan.dataset.tables[slice.table]!, first) : TUPLES_ONLY;
  await write(framer.start());
  let rowsDone = 0;
  const rowsTotal = slice.end - slice.start;
  for (let k = chunkCount(slice, plan.chunkRows, plan.atLeastOneChunk); k > 0; k--) {
    const chunk = await results.next();
    throwIfAborted(options.signal);
    await write(framer.push(chunk));
    results.recycle(chunk);
    rowsDone = Math.min(rowsTotal, rowsDone + plan.chunkRows);
    options.onEvent?.({ type: 'progress', table: slice.partition === undefined ? slice.name : `${slice.name} ${slice.partition}`, rowsDone, rowsTotal, bytes });
  }
  await write(framer.finish());
  await output.end();
  const report = { name: slice.name, ...(slice.partition === undefined ? {} : { partition: slice.partition }), path, rowStart: slice.start, rowEnd: slice.end, rows: rowsTotal, bytes, sha256: hash?.digest('hex') ?? null };
  options.onEvent?.({ type: 'table-done', table: report });
  return report;
}

/**
 * Generates a dataset: validates the options, starts workers (or not, for tiny jobs), writes every table
 * in order with backpressure, then commits all files and the manifest at once.
 *
 * @example
 * const report = await generate({ rows: 1e6, format: 'csv', out: 'data', seed: 42, date: '2026-01-01' });
 * @throws {UsageError} for bad options; {DatasetError} for a bad dataset; {SinkError} when the output fails;
 *   {WorkerError} when a chunk fails after its retries; {AbortedError} when `signal` aborts. Whatever
 *   the error, no output of this run is left under a final name.
 */
export async function generate(options: GenerateOptions = {}): Promise<GenerateReport> {
  const planned = planRun(options);
  throwIfAborted(options.signal);
  const startedAt = new Date();
  const started = performance.now();
  options.onEvent?.({ type: 'start', tables: planned.slices.map((s) => ({ name: s.name, rows: s.end - s.start })), workers: planned.workers });
  const sink = await openSink(planned, options);
  let runner: ChunkRunner | undefined;
  try {
    const plan = await continueIds(planned, sink);
    runner = await openRunner(plan, options);
    const results = resultQueue(plan, runner);
    const tables: TableReport[] = [];
    for (const slice of plan.slices) tables.push(await writeTable(plan, slice, sink, results, options));
    const report: GenerateReport = {
      tool: TOOL,
      dataset: { name: plan.dataset.name, version: plan.dataset.version },
      seed: plan.params.seed,
      date: plan.date,
      days: plan.days,
      format: plan.format,
      shard: plan.shard,
      options: {
        rows: plan.rows, scale: options.scale ?? null, workers: plan.workers, chunkRows: plan.chunkRows, checksum: plan.checksum,
        ...(plan.format === 'parquet' ? { compression: plan.compression } : {}),
      },
      tables,
      startedAt: startedAt.toISOString(),
      wallMs: Math.round(performance.now() - started),
      manifest: null,
    };
    // The manifest names files relative to itself, so that the directory can be moved or uploaded whole.
    const files = tables.map(({ path, ...rest }) => ({ ...rest, file: path === null || plan.dir === null ? path : relative(plan.dir, path) }));
    throwIfAborted(options.signal);
    const manifest = await sink.commit({ ...report, tables: files, manifest: undefined });
    // Committing may take a while (a Postgres load builds keys and swaps tables): the report counts it.
    return { ...report, wallMs: Math.round(performance.now() - started), manifest };
  } catch (error) {
    await sink.abort(error);
    // Whatever failed after an abort (a cancelled statement, a destroyed stream) failed because of it.
    if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
    throw error;
  } finally {
    await runner?.close();
  }
}
