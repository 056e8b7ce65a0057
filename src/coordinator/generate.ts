import { compressMember } from '../compression/codecs.ts';
import { formatOf } from '../encoders/formats.ts';
import { encoderOf, TUPLES_ONLY } from '../encoders/types.ts';
import { AbortedError } from '../errors.ts';
import { chunkCount, chunkTasks, type TableSlice } from '../plan/chunk-plan.ts';
import { compileForRun } from '../planner/compiled-tables.ts';
import { planRun, type RunPlan } from '../planner/run-plan.ts';
import { sinkOf } from '../sinks/sinks.ts';
import type { Sink } from '../sinks/types.ts';
import { TOOL } from '../version.ts';
import type { ChunkResult, WorkerConfig } from '../worker/messages.ts';
import { type ChunkRunner, createInlineRunner, createPoolRunner } from './chunk-runner.ts';
import { DEFECTS_FILE, openDefectsFile } from './defects-file.ts';
import type { GenerateReport, TableReport } from './events.ts';
import { type FileHashes, hashesHere, hashesOnThread } from './file-hashes.ts';
import type { GenerateOptions, RunControls } from './options.ts';
import { mainThreadCpuSeconds, processCpuSeconds } from './thread-cpu.ts';

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

/** Opens the plan's sink: a directory, stdout or Postgres, as the plan's target says. */
function openSink(plan: RunPlan, controls: RunControls): Promise<Sink> {
  const outputs = plan.slices.map((s) => ({
    table: s.name,
    start: s.start,
    end: s.end,
    ...(s.partition === undefined ? {} : { partition: s.partition }),
  }));
  return sinkOf(plan.target).open(plan.target, {
    dataset: plan.dataset,
    seed: plan.params.seed,
    date: plan.date,
    days: plan.days,
    shard: plan.shard,
    extension: plan.extension,
    outputs,
    dirty: plan.dirty,
    sideFiles: plan.dirty === null ? [] : [DEFECTS_FILE],
    // What a run log records: the options that shape the output.
    options: {
      rows: plan.rows,
      scale: plan.scale,
      days: plan.days,
      startId: plan.startId,
      shard: plan.shard,
      workers: plan.workers,
    },
    fsync: plan.fsync,
    force: plan.force,
    lock: { wait: plan.wait, timeoutMs: plan.lockTimeoutMs, signal: controls.signal },
    signal: controls.signal,
    stdout: controls.stdout ?? process.stdout,
  });
}

async function openRunner(plan: RunPlan, controls: RunControls): Promise<ChunkRunner> {
  const dirty = plan.dirty === null ? {} : { dirty: plan.dirty };
  const compression = plan.compression === null ? {} : { compression: plan.compression };
  const format = formatOf(plan.format)!;
  const worker: WorkerConfig = {
    dataset: plan.dataset,
    params: plan.params,
    encoder: plan.encoder,
    ...dirty,
    ...compression,
    nativeBuffers: plan.compression !== null || format.nativeBuffers?.(plan.encoder.options) === true,
  };
  if (plan.workers === 0) return createInlineRunner(worker, await encoderOf(format), plan.compiled);
  return createPoolRunner({
    worker,
    threads: plan.workers,
    filename: controls.workerModule ?? format.encoder.worker,
    signal: controls.signal,
    onRetry: (task, attempt, error) =>
      controls.onEvent?.({
        type: 'retry',
        table: plan.dataset.tables[task.table]!.name,
        start: task.start,
        attempt,
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
  if (plan.startId !== null || sink.nextRow === undefined) return plan;
  const shaped = plan.dataset.tables.some((t) => t.shape !== undefined);
  const moved: TableSlice[] = [];
  const tableStarts: Record<string, number> = {};
  for (const slice of plan.slices) {
    const table = plan.dataset.tables[slice.table]!;
    const next = table.shape === undefined ? await sink.nextRow(table) : 0;
    if (shaped && next > 0) moved.push({ ...slice, start: slice.end, end: slice.end });
    else moved.push({ ...slice, start: slice.start + next, end: slice.end + next });
    if (!shaped && next > 0) tableStarts[table.name] = next;
  }
  if (Object.keys(tableStarts).length === 0) return { ...plan, slices: moved };
  // References then draw among the parents' new rows: existing ids may have gaps, these have none.
  const params = { ...plan.params, tableStarts };
  return { ...plan, slices: moved, params, compiled: compileForRun(plan.dataset, params, plan.workers) };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError(signal.reason);
}

/** What `writeTable` reports, and how the manifest names the table's file. */
type Written = { report: TableReport; file: string | null };

async function writeTable(
  plan: RunPlan,
  slice: TableSlice,
  sink: Sink,
  results: ResultQueue,
  controls: RunControls,
  hashes: FileHashes | null,
): Promise<Written> {
  const table = plan.dataset.tables[slice.table]!;
  const { output, path, file } = await sink.open(table, slice.partition);
  const hash = hashes?.open() ?? null;
  let bytes = 0;
  // Hashed while written; both are done before the chunk's memory goes back to the workers.
  const write = async (parts: readonly Uint8Array[]): Promise<void> => {
    for (const part of parts) {
      const hashed = hash?.update(part);
      hashed?.catch(() => {});
      bytes += part.length;
      await output.write(part);
      await hashed;
    }
  };
  // A Postgres load frames each of its COPY streams itself; files start with a header unless a later shard.
  const first = (plan.shard?.index ?? 0) === 0;
  const framer = sinkOf(plan.target).framesItself ? TUPLES_ONLY : formatOf(plan.format)!.createFramer(table, first);
  // Compressed, a header and a trailer are members of their own; a file with no bytes, one empty member.
  const edge = async (parts: Uint8Array[], last: boolean): Promise<Uint8Array[]> => {
    if (plan.compression === null) return parts;
    const text = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    if (text.length === 0 && !(last && bytes === 0)) return parts;
    return [await compressMember(text, plan.compression)];
  };
  await write(await edge(framer.start(), false));
  let rowsDone = 0;
  const rowsTotal = slice.end - slice.start;
  const label = slice.partition === undefined ? slice.name : `${slice.name} ${slice.partition}`;
  for (let k = chunkCount(slice, plan.chunkRows, plan.atLeastOneChunk); k > 0; k--) {
    const chunk = await results.next();
    throwIfAborted(controls.signal);
    await write(framer.push(chunk));
    results.recycle(chunk);
    rowsDone = Math.min(rowsTotal, rowsDone + plan.chunkRows);
    controls.onEvent?.({ type: 'progress', table: label, rowsDone, rowsTotal, bytes });
  }
  await write(await edge(framer.finish(), true));
  await output.end();
  const partition = slice.partition === undefined ? {} : { partition: slice.partition };
  const checksum = (await hash?.digest()) ?? null;
  const report = {
    name: slice.name,
    ...partition,
    path,
    rowStart: slice.start,
    rowEnd: slice.end,
    rows: rowsTotal,
    bytes,
    checksum,
  };
  controls.onEvent?.({ type: 'table-done', table: report });
  return { report, file };
}

/** Where the run's files are hashed: on a thread of their own beside workers; none without a checksum. */
async function openHashes({ checksum, workers }: RunPlan): Promise<FileHashes | null> {
  if (checksum === null) return null;
  return workers > 0 ? hashesOnThread(checksum) : hashesHere(checksum);
}

/** The report of a finished run (before its commit: `manifest` is filled in after). */
function reportOf(plan: RunPlan, tables: TableReport[], startedAt: Date, started: number): GenerateReport {
  const { rows, scale, workers, chunkRows, checksum } = plan;
  return {
    tool: TOOL,
    dataset: { name: plan.dataset.name, version: plan.dataset.version },
    seed: plan.params.seed,
    date: plan.date,
    days: plan.days,
    format: plan.format,
    shard: plan.shard,
    options: {
      rows,
      scale,
      workers,
      chunkRows,
      checksum: checksum ?? 'none',
      ...plan.encoder.options,
      ...(plan.compression === null ? {} : { compress: plan.compression.codec, compressLevel: plan.compression.level }),
    },
    tables,
    startedAt: startedAt.toISOString(),
    wallMs: Math.round(performance.now() - started),
    peakRssBytes: peakRss(),
    cpu: cpuSoFar(),
    manifest: null,
  };
}

function cpuSoFar(): GenerateReport['cpu'] {
  return { processSec: round3(processCpuSeconds()), mainThreadSec: mainThreadCpuSeconds() };
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** getrusage's peak RSS of the whole process (KiB on Linux and macOS), in bytes. */
function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Generates a dataset: validates the options (or takes a plan `planRun` made), starts workers (or not, for
 * tiny jobs), writes every table in order with backpressure, then commits all files and the manifest at once.
 *
 * @example
 * const report = await generate({ rows: 1e6, format: 'csv', out: 'data', seed: 42, date: '2026-01-01' });
 * // or, with a plan checked beforehand (e.g. shown to the user first):
 * const plan = planRun({ rows: 1e6 });
 * await generate(plan, { signal });
 * @throws {UsageError} for bad options; {DatasetError} for a bad dataset; {SinkError} when the output fails;
 *   {WorkerError} when a chunk fails after its retries; {AbortedError} when `signal` aborts. Whatever
 *   the error, no output of this run is left under a final name.
 */
export async function generate(
  input: GenerateOptions | RunPlan = {},
  runControls?: RunControls,
): Promise<GenerateReport> {
  const planned = isPlan(input) ? input : planRun(input);
  const controls = runControls ?? (isPlan(input) ? {} : input);
  throwIfAborted(controls.signal);
  const startedAt = new Date();
  const started = performance.now();
  const tablesToMake = planned.slices.map((s) => ({ name: s.name, rows: s.end - s.start }));
  controls.onEvent?.({ type: 'start', tables: tablesToMake, workers: planned.workers });
  const sink = await openSink(planned, controls);
  let runner: ChunkRunner | undefined;
  let hashes: FileHashes | null = null;
  try {
    const plan = await continueIds(planned, sink);
    runner = await openRunner(plan, controls);
    hashes = await openHashes(plan);
    const results = resultQueue(plan, runner);
    const defects = await openDefectsFile(plan, sink);
    const written: Written[] = [];
    for (const slice of plan.slices) {
      written.push(await writeTable(plan, slice, sink, results, controls, hashes));
      await defects?.add(slice);
    }
    const entry = await defects?.finish();
    const report = {
      ...reportOf(
        plan,
        written.map((w) => w.report),
        startedAt,
        started,
      ),
      ...(entry === undefined ? {} : { defects: entry }),
    };
    // The manifest names files relative to itself, so that the directory can be moved or uploaded whole.
    const files = written.map(({ report: { path: _, ...rest }, file }) => ({ ...rest, file }));
    const listed = entry === undefined ? {} : { defects: { ...entry, path: undefined } };
    throwIfAborted(controls.signal);
    const manifest = await sink.commit({ ...report, tables: files, ...listed, manifest: undefined });
    // Committing may take a while (a Postgres load builds keys and swaps tables): the report counts it.
    return {
      ...report,
      wallMs: Math.round(performance.now() - started),
      peakRssBytes: peakRss(),
      cpu: cpuSoFar(),
      manifest,
    };
  } catch (error) {
    await sink.abort(error);
    // Whatever failed after an abort (a cancelled statement, a destroyed stream) failed because of it.
    if (controls.signal?.aborted) throw new AbortedError(controls.signal.reason);
    throw error;
  } finally {
    await runner?.close();
    await hashes?.close();
  }
}

function isPlan(input: GenerateOptions | RunPlan): input is RunPlan {
  return (input as RunPlan).kind === 'run-plan';
}
