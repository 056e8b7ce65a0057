import { type ChecksumAlgorithm, checksumOption } from '../checksums.ts';
import { CODEC_INFO, type Compression, compressionBytes, MEMBER_ROWS } from '../compression/codecs.ts';
import type { DatasetDefinition } from '../dataset/types.ts';
import { validateDataset } from '../dataset/validate.ts';
import { DEFAULT_DATASET, findDataset } from '../datasets/index.ts';
import { parseDate, todayUtc } from '../dates.ts';
import type { DirtyConfig, TableRanges } from '../dirty/defects.ts';
import type { FormatName } from '../encoders/formats.ts';
import type { DatasetColumns } from '../encoders/types.ts';
import { UsageError } from '../errors.ts';
import type { CompiledTable } from '../generators/index.ts';
import type { GenerationParams } from '../generators/types.ts';
import { integerIn } from '../option-checks.ts';
import { chunkCount, type Shard, shardRange, type TableSlice } from '../plan/chunk-plan.ts';
import { partitionByDay } from '../plan/partitions.ts';
import { type Namer, type Sizing, sizeTables } from '../plan/sizing.ts';
import { S3_BASE_BYTES } from '../sinks/s3-upload.ts';
import { chooseSink, type SinkTarget, sinkOf, sinkOptions } from '../sinks/sinks.ts';
import type { EncoderConfig } from '../worker/encoder.ts';
import { compileForRun } from './compiled-tables.ts';
import { memberChunkRows, planCompression } from './compress-plan.ts';
import { datasetColumns, type FormatPlan, planFormat } from './format-plan.ts';
import { type FitRequest, fitMemory, type MemorySource, schemaBytes, zipfBytes } from './memory-budget.ts';
import { DEFAULT_LOCK_TIMEOUT, INLINE_MAX_ROWS, MAX_LOCK_TIMEOUT, MAX_WORKERS, type PlanOptions } from './options.ts';
import { readResources } from './resources.ts';
import { selectTables } from './table-selection.ts';

/** A validated run: what will be made, where, and by how many workers. */
export interface RunPlan {
  readonly kind: 'run-plan';
  readonly dataset: DatasetDefinition;
  readonly params: GenerationParams;
  readonly date: string;
  /** The days of a dataset keyed by date, or null. */
  readonly days: Sizing['days'];
  readonly format: FormatName;
  /** The format's name and its encoder's options (e.g. Parquet's `compression`). */
  readonly encoder: EncoderConfig;
  /** File name extension of the format (and of its compression: `ndjson.gz`). */
  readonly extension: string;
  /** `compress`: the codec of text files, or null. */
  readonly compression: Compression | null;
  /** Where the data goes: a directory, stdout, or Postgres. */
  readonly target: SinkTarget;
  /** The first row id given by `startId`, or null (0; an append continues after the rows already there). */
  readonly startId: number | null;
  readonly rows: number | null;
  /** `scale` as given, or null. */
  readonly scale: number | string | null;
  /** Workers that will run: 0 when the job is small enough to run inline. */
  readonly workers: number;
  /** The CPUs the run may use (the machine's, a container's quota, or `cpus` as given). */
  readonly cpus: number;
  readonly chunkRows: number;
  readonly shard: Shard | null;
  readonly slices: readonly TableSlice[];
  readonly totalRows: number;
  /** The memory limit the run was fitted to, where it came from, and the estimated peak; null without a limit. */
  readonly memory: {
    readonly limitBytes: number;
    readonly source: MemorySource;
    readonly estimateBytes: number;
  } | null;
  readonly fsync: boolean;
  /** Replace tables and files that gen did not make. */
  readonly force: boolean;
  /** Wait for another run that holds the output, up to `lockTimeoutMs`, instead of failing at once. */
  readonly wait: boolean;
  readonly lockTimeoutMs: number;
  /** The checksum of each file, or null for none. */
  readonly checksum: ChecksumAlgorithm | null;
  /** Every table gets at least one chunk, even when empty (Parquet). */
  readonly atLeastOneChunk: boolean;
  /**
   * Every table's columns, compiled once for a run on this thread (`workers` 0); empty for a pooled run,
   * whose workers compile the tables they make (`compileForRun`).
   */
  readonly compiled: readonly CompiledTable[];
  /** `dirty`: the defects to inject, or null. */
  readonly dirty: DirtyConfig | null;
  /** Each table's whole range of row ids in the run (every shard alike): the keys that exist. */
  readonly ranges: TableRanges;
}

/** How errors name an option: `options.rows` for the library, `--rows` for the CLI. */
export type OptionNaming = 'option' | 'flag';

function checkShard(shard: Shard, name: string): Shard {
  const hint = 'i/n with 0 <= i < n, e.g. 0/4 for the first quarter';
  integerIn(shard.count, 1, Number.MAX_SAFE_INTEGER, name, hint);
  integerIn(shard.index, 0, shard.count - 1, name, hint);
  return shard;
}

/** The sink the options ask for, its target, and a check that the format goes there. */
function planTarget(
  options: PlanOptions,
  dataset: DatasetDefinition,
  format: FormatPlan,
  shard: Shard | null,
  name: Namer,
): SinkTarget {
  const sink = chooseSink(options, format.record.name);
  for (const { key, records } of sinkOptions()) {
    if (options[key] !== undefined && !records.includes(sink)) {
      throw new UsageError(`${name(key)} applies to ${records.map((r) => r.asking(name)).join(' or ')} only`);
    }
  }
  const target = sink.plan(options, { dataset, format: format.record.name, shard, name });
  if (!format.record.sinks.includes(sink.kind)) {
    throw new UsageError(`${name('format')} ${format.record.name} cannot go to ${sink.describe(target)}`);
  }
  return target;
}

/** The slices cut by day for `partitionBy: 'day'` (files only, datasets keyed by date). */
function partitioned(
  options: PlanOptions,
  slices: TableSlice[],
  sizing: Sizing,
  dataset: DatasetDefinition,
  seed: number,
  target: SinkTarget,
  name: Namer,
): TableSlice[] {
  if (options.partitionBy === undefined) return slices;
  if (options.partitionBy !== 'day')
    throw new UsageError(`${name('partitionBy')} must be day (got ${JSON.stringify(options.partitionBy)})`);
  if (!sinkOf(target).files)
    throw new UsageError(`${name('partitionBy')} writes directories of files: give ${name('out')} DIR`);
  if (sizing.window === null)
    throw new UsageError(
      `${name('partitionBy')} day applies to datasets with tables keyed by date; ${dataset.name} has none`,
    );
  return partitionByDay(slices, dataset, sizing.spaces, seed, sizing.order, sizing.window);
}

/** Each table's range, cut to the shard, moved by the start id; tables in reference order. */
function sliceTables(
  dataset: DatasetDefinition,
  sizing: Sizing,
  shard: Shard | null,
  first: number,
  align: number,
): TableSlice[] {
  const ranges = sizing.ranges;
  return sizing.order.map((index) => {
    const table = dataset.tables[index]!;
    const whole = ranges[table.name]!;
    const rows = whole.end - whole.start;
    if (!Number.isSafeInteger(rows) || !Number.isSafeInteger(whole.end)) {
      const days = sizing.days === null ? '' : ` from ${sizing.days.from} to ${sizing.days.to}`;
      throw new UsageError(
        `${table.name} would have ${Number.isFinite(rows) ? rows : 'too many'} rows${days}: pick a smaller scale${days === '' ? '' : ' or fewer, nearer days (--date, --days, --from/--to)'}`,
      );
    }
    const part = shard === null ? { start: 0, end: rows } : shardRange(rows, shard, align);
    if (first + whole.start + part.end > Number.MAX_SAFE_INTEGER)
      throw new UsageError(`the start id plus the rows of ${table.name} pass ${Number.MAX_SAFE_INTEGER}`);
    return {
      table: index,
      name: table.name,
      start: first + whole.start + part.start,
      end: first + whole.start + part.end,
    };
  });
}

/** Workers and chunk size fitted to `memory`, or to the container's memory limit. */
function memoryPlan(
  options: PlanOptions,
  format: FormatPlan,
  workers: number,
  columns: DatasetColumns,
  containerBytes: number | null,
  extra: Pick<FitRequest, 'extraBaseBytes' | 'extraPerWorkerBytes'>,
  name: Namer,
): Pick<RunPlan, 'workers' | 'chunkRows' | 'memory'> {
  const given =
    options.memory === undefined
      ? undefined
      : integerIn(options.memory, 1, Number.MAX_SAFE_INTEGER, name('memory'), 'a size in bytes, e.g. 1G or 512M');
  const limitBytes = given ?? containerBytes;
  const chunkRows = format.chunkRows;
  // A job that runs without a pool has no workers to fit.
  if (limitBytes === null || workers === 0) return { workers, chunkRows, memory: null };
  const source = given === undefined ? 'container' : 'option';
  const mayShrinkChunks = given !== undefined && options[format.record.chunking.option] === undefined;
  const fit = fitMemory(
    {
      format: format.record.name,
      workers,
      chunkRows,
      columns,
      limitBytes,
      source,
      mayShrinkChunks,
      ...extra,
    },
    name,
  );
  return {
    workers: fit.workers,
    chunkRows: fit.chunkRows,
    memory: { limitBytes, source, estimateBytes: fit.estimateBytes },
  };
}

/** The seed, the reference date and its day count, and the dataset, checked. */
function basics(options: PlanOptions, name: Namer) {
  const dataset =
    typeof options.dataset === 'object' ? options.dataset : findDataset(options.dataset ?? DEFAULT_DATASET);
  const rows =
    options.rows === undefined
      ? null
      : integerIn(
          options.rows,
          0,
          Number.MAX_SAFE_INTEGER,
          name('rows'),
          'a whole number of rows, e.g. 1000, 1e6, 10M or 10_000_000',
        );
  const seed = integerIn(
    options.seed ?? 0,
    0,
    Number.MAX_SAFE_INTEGER,
    name('seed'),
    `a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`,
  );
  const date = options.date ?? todayUtc();
  const referenceDate = parseDate(date);
  if (Number.isNaN(referenceDate))
    throw new UsageError(
      `${name('date')} must be a calendar date as YYYY-MM-DD, e.g. 2026-01-31 (got ${JSON.stringify(date)})`,
    );
  return { dataset, rows, seed, date, referenceDate };
}

/**
 * Validates options and works out the run: dataset, reference date, effective workers, row slices. The
 * dataset is checked and its generators compiled once, here; `generate()` runs the plan as it is.
 * @throws {UsageError} naming the first bad option; {DatasetError} for a bad dataset definition.
 */
export function planRun(options: PlanOptions = {}, naming: OptionNaming = 'option'): RunPlan {
  // The one option with no flag of its own: the command line says `--append` or `--overwrite`.
  const name: Namer = (key) =>
    naming !== 'flag'
      ? `options.${key}`
      : key === 'mode'
        ? '--append/--overwrite'
        : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const { dataset, rows, seed, date, referenceDate } = basics(options, name);
  const minWorkers = naming === 'flag' ? 1 : 0;
  const resources = readResources();
  const requestedWorkers = integerIn(
    options.workers ?? Math.min(resources.cpus, MAX_WORKERS),
    minWorkers,
    MAX_WORKERS,
    name('workers'),
    `a whole number from ${minWorkers} to ${MAX_WORKERS}${naming === 'flag' ? ' (small jobs run without a pool by themselves)' : ''}`,
  );
  const cpus =
    options.cpus === undefined
      ? resources.cpus
      : integerIn(options.cpus, 1, MAX_WORKERS, name('cpus'), `a whole number from 1 to ${MAX_WORKERS}`);
  const columns = datasetColumns(dataset);
  const format = planFormat(options, columns, name);
  const shard = options.shard === undefined ? null : checkShard(options.shard, name('shard'));
  const target = planTarget(options, dataset, format, shard, name);
  const compression = planCompression(options, format, name);
  const lockTimeout = integerIn(
    options.lockTimeout ?? DEFAULT_LOCK_TIMEOUT,
    1,
    MAX_LOCK_TIMEOUT,
    name('lockTimeout'),
    `a whole number of seconds from 1 to ${MAX_LOCK_TIMEOUT}`,
  );
  const startId =
    options.startId === undefined
      ? null
      : integerIn(
          options.startId,
          0,
          Number.MAX_SAFE_INTEGER,
          name('startId'),
          'a whole number, the first row id to make',
        );
  if (startId !== null && dataset.tables.some((t) => t.shape !== undefined))
    throw new UsageError(
      `${name('startId')} cannot move ${dataset.name}, whose ids follow days and parents: pick the days instead`,
    );
  // The structure first (sizing reads shapes and references), then every generator, once the run's table
  // sizes and layouts are known (a reference to a table left with no rows fails only then).
  validateDataset(dataset);
  const sizing = sizeTables(options, dataset, seed, referenceDate, name);
  const params = { seed, referenceDate, tableRows: sizing.tableRows, spaces: sizing.spaces };
  // Compressed, a shard starts on a member's first row, so its members are the single run's.
  const whole = sliceTables(dataset, sizing, shard, startId ?? 0, compression === null ? 1 : MEMBER_ROWS);
  const days = partitioned(options, whole, sizing, dataset, seed, target, name);
  const slices = selectTables(options.tables, days, dataset, target, name);
  const totalRows = slices.reduce((sum, s) => sum + s.end - s.start, 0);
  // A pool cannot pay for itself on tiny jobs: they run on this thread, whatever the memory limit; and
  // threads beyond the CPUs only take turns (`PlanOptions.cpus`).
  const pooled = totalRows <= INLINE_MAX_ROWS ? 0 : Math.min(requestedWorkers, cpus);
  const compiled = compileForRun(dataset, params, pooled);
  const extra = {
    extraPerWorkerBytes:
      (compression === null ? 0 : compressionBytes(compression)) + zipfBytes(dataset, sizing.tableRows),
    extraBaseBytes: (target.kind === 's3' ? S3_BASE_BYTES : 0) + schemaBytes(dataset),
  };
  const fitted = memoryPlan(options, format, pooled, columns, resources.memoryBytes, extra, name);
  const { workers, memory } = fitted;
  const chunkRows = compression === null ? fitted.chunkRows : memberChunkRows(fitted.chunkRows);
  const atLeastOneChunk = format.record.needsChunk;
  const chunks = slices.reduce((sum, s) => sum + chunkCount(s, chunkRows, atLeastOneChunk), 0);
  return {
    kind: 'run-plan',
    dataset,
    params,
    date,
    days: sizing.days,
    format: format.record.name,
    encoder: { format: format.record.name, options: format.options },
    extension:
      compression === null
        ? format.record.extension
        : `${format.record.extension}.${CODEC_INFO[compression.codec].suffix}`,
    compression,
    target,
    startId,
    rows,
    scale: options.scale ?? null,
    chunkRows,
    shard,
    slices,
    totalRows,
    // More workers than chunks would only sit idle.
    workers: Math.min(workers, chunks),
    cpus,
    memory,
    fsync: options.fsync ?? false,
    force: options.force ?? false,
    wait: options.wait ?? false,
    lockTimeoutMs: lockTimeout * 1000,
    checksum: checksumOption(options.checksum, name('checksum')),
    atLeastOneChunk,
    compiled,
    dirty: dirtyPlan(options, dataset, format, target, startId, sizing, name),
    ranges: sizing.ranges,
  };
}

/** `dirty` checked: a fresh directory of NDJSON or CSV files (where `defects.ndjson` can go beside them). */
function dirtyPlan(
  options: PlanOptions,
  dataset: DatasetDefinition,
  format: FormatPlan,
  target: SinkTarget,
  startId: number | null,
  sizing: Sizing,
  name: Namer,
): DirtyConfig | null {
  const rate = options.dirty;
  const rates = rate === undefined ? (dataset.defects ?? null) : null;
  if (rate === undefined && rates === null) return null;
  if (rate !== undefined && (typeof rate !== 'number' || !(rate > 0 && rate <= 0.5)))
    throw new UsageError(`${name('dirty')} must be a share of rows above 0 and at most 0.5, e.g. 0.001 (got ${rate})`);
  if (target.kind === 'postgres') {
    if (target.mode !== 'overwrite')
      throw new UsageError(`${name('dirty')} loads Postgres by replacing the tables: drop ${name('mode')} append`);
  } else if (target.kind !== 'files') {
    throw new UsageError(
      `${name('dirty')} writes a directory of files or loads Postgres: give ${name('out')} DIR or ${name('url')}`,
    );
  } else if (!['ndjson', 'csv', 'parquet'].includes(format.record.name)) {
    throw new UsageError(
      `${name('dirty')} writes NDJSON, CSV or Parquet files (got ${name('format')} ${format.record.name})`,
    );
  }
  if (startId !== null) throw new UsageError(`${name('dirty')} cannot be combined with ${name('startId')}`);
  const textDates = target.kind === 'files' && format.record.name !== 'parquet';
  return { rate: rate ?? null, rates, ranges: sizing.ranges, textDates };
}
