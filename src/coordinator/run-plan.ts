import type { DatasetDefinition, GenerationParams } from '../dataset/types.ts';
import { parseDate, todayUtc } from '../dates.ts';
import { validateDataset } from '../dataset/validate.ts';
import { type Namer, type Sizing, sizeTables } from './sizing.ts';
import { partitionByDay } from '../plan/partitions.ts';
import { DEFAULT_DATASET, findDataset } from '../datasets/index.ts';
import { FORMATS, needsChunk } from '../encoders/index.ts';
import { PARQUET_COMPRESSIONS, type ParquetCompression } from '../encoders/parquet-options.ts';
import type { FormatName } from '../encoders/types.ts';
import { UsageError } from '../errors.ts';
import type { PgMode } from '../sinks/postgres-sink.ts';
import { type Shard, type TableSlice, chunkCount, shardRange } from '../plan/chunk-plan.ts';
import {
  DEFAULT_CHUNK_ROWS, DEFAULT_CONNECTIONS, DEFAULT_ROW_GROUP_ROWS, type GenerateOptions, INLINE_MAX_ROWS, MAX_CHUNK_ROWS,
  DEFAULT_LOCK_TIMEOUT, MAX_CONNECTIONS, MAX_LOCK_TIMEOUT, MAX_ROW_GROUP_ROWS, MAX_WORKERS,
} from './options.ts';
import { checkPostgresNames, checkPostgresUrl } from '../sinks/postgres-names.ts';
import { type MemorySource, fitMemory } from './memory-budget.ts';
import { readResources } from './resources.ts';

/** A validated run: what will be made, where, and by how many workers. */
export interface RunPlan {
  readonly dataset: DatasetDefinition;
  readonly params: GenerationParams;
  readonly date: string;
  /** The days of a dataset keyed by date, or null. */
  readonly days: Sizing['days'];
  readonly format: FormatName;
  /** The output directory, or null for stdout or Postgres. */
  readonly dir: string | null;
  /** Where and how Postgres loads, for `format: 'pg'`. */
  readonly postgres: PostgresPlan | null;
  /** The first row id given by `startId`, or null (0; an append continues after the rows already there). */
  readonly startRow: number | null;
  readonly rows: number | null;
  /** Workers that will run: 0 when the job is small enough to run inline. */
  readonly workers: number;
  readonly chunkRows: number;
  readonly shard: Shard | null;
  readonly slices: readonly TableSlice[];
  readonly totalRows: number;
  /** The memory limit the run was fitted to, where it came from, and the estimated peak; null without a limit. */
  readonly memory: { readonly limitBytes: number; readonly source: MemorySource; readonly estimateBytes: number } | null;
  readonly fsync: boolean;
  /** Replace tables and files that gen did not make. */
  readonly force: boolean;
  /** Wait for another run that holds the output, up to `lockTimeoutMs`, instead of failing at once. */
  readonly wait: boolean;
  readonly lockTimeoutMs: number;
  readonly checksum: boolean;
  readonly compression: ParquetCompression;
  /** Every table gets at least one chunk, even when empty (Parquet). */
  readonly atLeastOneChunk: boolean;
}

/** Where and how a Postgres load goes. */
export interface PostgresPlan {
  readonly url: string | undefined;
  readonly schema: string;
  readonly mode: PgMode;
  readonly connections: number;
  readonly runLog: boolean;
}

/** How errors name an option: `options.rows` for the library, `--rows` for the CLI. */
export type OptionNaming = 'option' | 'flag';

function integerIn(value: unknown, min: number, max: number, name: string, hint: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be ${hint} (got ${typeof value === 'string' ? JSON.stringify(value) : String(value)})`);
  }
  return value;
}

function checkShard(shard: Shard, name: string): Shard {
  const hint = 'i/n with 0 <= i < n, e.g. 0/4 for the first quarter';
  integerIn(shard.count, 1, Number.MAX_SAFE_INTEGER, name, hint);
  integerIn(shard.index, 0, shard.count - 1, name, hint);
  return shard;
}


/** Chunk size and compression: Parquet chunks are row groups; text formats have chunks of `chunkRows`. */
function chunking(options: GenerateOptions, format: FormatName, name: Namer): { chunkRows: number; compression: ParquetCompression } {
  const parquet = format === 'parquet';
  for (const key of ['rowGroupRows', 'compression'] as const) {
    if (options[key] !== undefined && !parquet) throw new UsageError(`${name(key)} applies to ${name('format')} parquet only`);
  }
  if (options.chunkRows !== undefined && parquet) throw new UsageError(`${name('chunkRows')} applies to text formats; Parquet chunks are row groups: use ${name('rowGroupRows')}`);
  const compression = options.compression ?? 'snappy';
  if (!PARQUET_COMPRESSIONS.includes(compression)) throw new UsageError(`${name('compression')} must be one of ${PARQUET_COMPRESSIONS.join(', ')} (got ${JSON.stringify(compression)})`);
  const chunkRows = parquet
    ? integerIn(options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS, 1, MAX_ROW_GROUP_ROWS, name('rowGroupRows'), `a whole number from 1 to ${MAX_ROW_GROUP_ROWS}`)
    : integerIn(options.chunkRows ?? DEFAULT_CHUNK_ROWS, 1, MAX_CHUNK_ROWS, name('chunkRows'), `a whole number from 1 to ${MAX_CHUNK_ROWS}`);
  return { chunkRows, compression };
}

const PG_MODES: readonly PgMode[] = ['overwrite', 'append'];

/** Where and how Postgres loads, or null. `--format pg` with an explicit `--out` writes binary COPY files instead. */
function postgresTarget(options: GenerateOptions, format: FormatName, shard: Shard | null, name: Namer): PostgresPlan | null {
  // Tables without rows are a way to create empty tables with their keys; it must never empty loaded ones
  // unless asked (--overwrite): so by default it appends nothing, creating only the missing tables.
  const mode = options.mode ?? (options.rows === 0 ? 'append' : 'overwrite');
  if (options.url !== undefined && format !== 'pg') throw new UsageError(`${name('url')} loads Postgres: drop ${name('format')} ${format}, or use ${name('format')} pg`);
  if (options.url !== undefined && options.out !== undefined) throw new UsageError(`${name('url')} loads Postgres and ${name('out')} writes files: give one of them`);
  const loads = format === 'pg' && options.out === undefined;
  for (const key of ['schema', 'mode', 'connections', 'runLog'] as const) {
    if (options[key] !== undefined && !loads) throw new UsageError(`${name(key)} applies to Postgres (${name('url')} or ${name('format')} pg) only`);
  }
  if (!loads) return null;
  if (!PG_MODES.includes(mode)) throw new UsageError(`${name('mode')} must be one of ${PG_MODES.join(', ')} (got ${JSON.stringify(mode)})`);
  if (shard !== null && (mode !== 'append' || options.startId === undefined)) {
    throw new UsageError(`${name('shard')} with Postgres needs append mode and an explicit ${name('startId')} (e.g. 0), so that every shard adds its own rows to the same tables`);
  }
  if (mode === 'append' && options.connections !== undefined && options.connections !== 1) {
    throw new UsageError(`${name('connections')} applies to overwrite loads; an append loads in one transaction on one connection`);
  }
  const connections = mode === 'append' ? 1 : integerIn(options.connections ?? DEFAULT_CONNECTIONS, 1, MAX_CONNECTIONS, name('connections'), `a whole number from 1 to ${MAX_CONNECTIONS}`);
  const schema = options.schema ?? 'public';
  if (schema === '') throw new UsageError(`${name('schema')} must not be empty`);
  const url = options.url ?? (process.env.DATABASE_URL || undefined);
  if (url !== undefined) checkPostgresUrl(url, options.url === undefined ? 'DATABASE_URL' : name('url'));
  return { url, schema, mode, connections, runLog: options.runLog ?? true };
}

/** The slices cut by day for `partitionBy: 'day'` (files only, datasets keyed by date). */
function partitioned(options: GenerateOptions, slices: TableSlice[], sizing: Sizing, dataset: DatasetDefinition, seed: number, notFiles: boolean, name: Namer): TableSlice[] {
  if (options.partitionBy === undefined) return slices;
  if (options.partitionBy !== 'day') throw new UsageError(`${name('partitionBy')} must be day (got ${JSON.stringify(options.partitionBy)})`);
  if (notFiles) throw new UsageError(`${name('partitionBy')} writes directories of files: give ${name('out')} DIR`);
  if (sizing.window === null) throw new UsageError(`${name('partitionBy')} day applies to datasets with tables keyed by date; ${dataset.name} has none`);
  return partitionByDay(slices, dataset, sizing.spaces, seed, sizing.order, sizing.window);
}

/** Each table's range, cut to the shard, moved by the start id; tables in reference order. */
function sliceTables(dataset: DatasetDefinition, sizing: Sizing, shard: Shard | null, first: number): TableSlice[] {
  const ranges = sizing.ranges;
  return sizing.order.map((index) => {
    const table = dataset.tables[index]!;
    const whole = ranges[table.name]!;
    const rows = whole.end - whole.start;
    if (!Number.isSafeInteger(rows) || !Number.isSafeInteger(whole.end)) {
      const days = sizing.days === null ? '' : ` from ${sizing.days.from} to ${sizing.days.to}`;
      throw new UsageError(`${table.name} would have ${Number.isFinite(rows) ? rows : 'too many'} rows${days}: pick a smaller scale${days === '' ? '' : ' or fewer, nearer days (--date, --days, --from/--to)'}`);
    }
    const part = shard === null ? { start: 0, end: rows } : shardRange(rows, shard);
    if (first + whole.start + part.end > Number.MAX_SAFE_INTEGER) throw new UsageError(`the start id plus the rows of ${table.name} pass ${Number.MAX_SAFE_INTEGER}`);
    return { table: index, name: table.name, start: first + whole.start + part.start, end: first + whole.start + part.end };
  });
}

/** Workers and chunk size fitted to `memory`, or to the container's memory limit. */
function memoryPlan(options: GenerateOptions, format: FormatName, workers: number, chunkRows: number, dataset: DatasetDefinition, containerBytes: number | null, name: Namer): Pick<RunPlan, 'workers' | 'chunkRows' | 'memory'> {
  const given = options.memory === undefined ? undefined : integerIn(options.memory, 1, Number.MAX_SAFE_INTEGER, name('memory'), 'a size in bytes, e.g. 1G or 512M');
  const limitBytes = given ?? containerBytes;
  // A job that runs without a pool has no workers to fit.
  if (limitBytes === null || workers === 0) return { workers, chunkRows, memory: null };
  const source = given === undefined ? 'container' : 'option';
  const columns = dataset.tables.reduce((most, t) => Math.max(most, t.columns.length), 1);
  const fit = fitMemory({ format, workers, chunkRows, columns, limitBytes, source, mayShrinkChunks: given !== undefined && options.rowGroupRows === undefined }, name);
  return { workers: fit.workers, chunkRows: fit.chunkRows, memory: { limitBytes, source, estimateBytes: fit.estimateBytes } };
}

/**
 * Validates options and works out the run: dataset, reference date, effective workers, row slices.
 * @throws {UsageError} naming the first bad option; {DatasetError} for a bad dataset definition.
 */
export function planRun(options: GenerateOptions = {}, naming: OptionNaming = 'option'): RunPlan {
  const name: Namer = (key) => (naming === 'flag' ? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : `options.${key}`);
  const dataset = typeof options.dataset === 'object' ? options.dataset : findDataset(options.dataset ?? DEFAULT_DATASET);
  const rows = options.rows === undefined ? null : integerIn(options.rows, 0, Number.MAX_SAFE_INTEGER, name('rows'), 'a whole number of rows, e.g. 1000, 1e6, 10M or 10_000_000');
  const seed = integerIn(options.seed ?? 0, 0, Number.MAX_SAFE_INTEGER, name('seed'), `a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  const date = options.date ?? todayUtc();
  const referenceDate = parseDate(date);
  if (Number.isNaN(referenceDate)) throw new UsageError(`${name('date')} must be a calendar date as YYYY-MM-DD, e.g. 2026-01-31 (got ${JSON.stringify(date)})`);
  const format = options.format ?? (options.url === undefined ? 'ndjson' : 'pg');
  if (!FORMATS.includes(format)) throw new UsageError(`${name('format')} must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(format)})`);
  const out = options.out ?? 'out';
  if (typeof out !== 'string' || out === '') throw new UsageError(`${name('out')} must be a directory, or - for stdout`);
  const minWorkers = naming === 'flag' ? 1 : 0;
  const resources = readResources();
  const requestedWorkers = integerIn(options.workers ?? Math.min(resources.cpus, MAX_WORKERS), minWorkers, MAX_WORKERS, name('workers'), `a whole number from ${minWorkers} to ${MAX_WORKERS}${naming === 'flag' ? ' (small jobs run without a pool by themselves)' : ''}`);
  const chunked = chunking(options, format, name);
  const { compression } = chunked;
  const shard = options.shard === undefined ? null : checkShard(options.shard, name('shard'));
  const postgres = postgresTarget(options, format, shard, name);
  if (postgres !== null) checkPostgresNames(dataset, postgres.schema, name('schema'));
  const lockTimeout = integerIn(options.lockTimeout ?? DEFAULT_LOCK_TIMEOUT, 1, MAX_LOCK_TIMEOUT, name('lockTimeout'), `a whole number of seconds from 1 to ${MAX_LOCK_TIMEOUT}`);
  const startRow = options.startId === undefined ? null : integerIn(options.startId, 0, Number.MAX_SAFE_INTEGER, name('startId'), 'a whole number, the first row id to make');
  if (startRow !== null && dataset.tables.some((t) => t.shape !== undefined)) throw new UsageError(`${name('startId')} cannot move ${dataset.name}, whose ids follow days and parents: pick the days instead`);
  // Twice: the structure first (sizing reads shapes and references), then every generator with the run's
  // table sizes and layouts (a reference to a table left with no rows fails only then).
  validateDataset(dataset, { seed, referenceDate });
  const sizing = sizeTables(options, dataset, seed, referenceDate, name);
  const params = { seed, referenceDate, tableRows: sizing.tableRows, spaces: sizing.spaces };
  validateDataset(dataset, params);
  const whole = sliceTables(dataset, sizing, shard, startRow ?? 0);
  const slices = partitioned(options, whole, sizing, dataset, seed, out === '-' || postgres !== null, name);
  const totalRows = slices.reduce((sum, s) => sum + s.end - s.start, 0);
  // A pool cannot pay for itself on tiny jobs: they run on this thread, whatever the memory limit.
  const pooled = totalRows <= INLINE_MAX_ROWS ? 0 : requestedWorkers;
  const { workers, chunkRows, memory } = memoryPlan(options, format, pooled, chunked.chunkRows, dataset, resources.memoryBytes, name);
  const atLeastOneChunk = needsChunk(format);
  const chunks = slices.reduce((sum, s) => sum + chunkCount(s, chunkRows, atLeastOneChunk), 0);
  return {
    dataset, params, date, days: sizing.days, format, dir: out === '-' || postgres !== null ? null : out, postgres, startRow, rows, chunkRows, shard, slices, totalRows,
    // More workers than chunks would only sit idle.
    workers: Math.min(workers, chunks),
    memory,
    fsync: options.fsync ?? false,
    force: options.force ?? false,
    wait: options.wait ?? false,
    lockTimeoutMs: lockTimeout * 1000,
    checksum: options.checksum ?? true,
    compression,
    atLeastOneChunk,
  };
}
