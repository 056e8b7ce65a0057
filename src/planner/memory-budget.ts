import type { DatasetDefinition } from '../dataset/types.ts';
import { type FormatName, formatOf } from '../encoders/formats.ts';
import type { DatasetColumns, MemoryModel } from '../encoders/types.ts';
import { UsageError } from '../errors.ts';
import type { Namer } from '../plan/sizing.ts';
import { zipfSamplerBytes } from '../random/zipf-sampler.ts';

const MIB = 1024 * 1024;

/** Of a limit, the share a run plans to use: the rest is slack for estimates that ran short. */
const USABLE = 0.9;
/** Smallest chunk (Parquet row group) `memory` may shrink chunks to (DuckDB's default row group is 122,880). */
const MIN_FITTED_CHUNK = 16_384;

/** How many workers fit in `limit` bytes (0: not even one). */
function workersThatFit(limit: number, model: MemoryModel): number {
  return Math.max(0, Math.floor((limit * USABLE - model.baseBytes) / model.perWorkerBytes));
}

/** Where the memory limit of a run came from. */
export type MemorySource = 'option' | 'container';

export interface MemoryFit {
  readonly workers: number;
  readonly chunkRows: number;
  /** The estimated peak of the run as planned. */
  readonly estimateBytes: number;
}

export interface FitRequest {
  readonly format: FormatName;
  readonly workers: number;
  readonly chunkRows: number;
  readonly columns: DatasetColumns;
  readonly limitBytes: number;
  readonly source: MemorySource;
  /** Parquet row groups may shrink to fit: only when the user gave the limit and no row-group size. */
  readonly mayShrinkChunks: boolean;
  /** Memory each worker needs besides the format's: a codec's (`compressionBytes`). */
  readonly extraPerWorkerBytes: number;
  /** Memory the coordinator needs besides the format's: an object store's uploads (`S3_BASE_BYTES`). */
  readonly extraBaseBytes: number;
}

/**
 * Fewer workers (of at least one requested), and with `mayShrinkChunks` smaller Parquet row groups (halving), until the run's
 * estimated peak fits the limit. Worker count never changes the output; a row-group size does, so it is
 * shrunk only for an explicit `memory` (the same command then gives the same bytes on every machine).
 * @throws {UsageError} when not even one worker fits, naming what to change.
 */
export function fitMemory(request: FitRequest, name: Namer): MemoryFit {
  const { columns, limitBytes } = request;
  const format = formatOf(request.format)!;
  let chunkRows = request.chunkRows;
  const modelAt = (rows: number) => {
    const own = format.memory(rows, columns);
    return {
      baseBytes: own.baseBytes + request.extraBaseBytes,
      perWorkerBytes: own.perWorkerBytes + request.extraPerWorkerBytes,
    };
  };
  let model = modelAt(chunkRows);
  const shrinks = request.mayShrinkChunks && format.chunking.shrinks;
  while (workersThatFit(limitBytes, model) < 1 && shrinks && chunkRows / 2 >= MIN_FITTED_CHUNK) {
    chunkRows /= 2;
    model = modelAt(chunkRows);
  }
  const fit = workersThatFit(limitBytes, model);
  if (fit < 1) {
    const limit = `${Math.round(limitBytes / MIB)} MiB (${request.source === 'option' ? name('memory') : "the container's limit"})`;
    const need = Math.ceil((model.baseBytes + model.perWorkerBytes) / USABLE / MIB);
    const fix = format.chunking.shrinks
      ? `a smaller ${name(format.chunking.option)}, or ${name('memory')} of at least ${need} MiB`
      : `${name('memory')} of at least ${need} MiB`;
    throw new UsageError(
      `one worker writing ${format.name} needs about ${need} MiB, more than the ${limit}; give ${fix}`,
    );
  }
  const workers = Math.min(request.workers, fit);
  return { workers, chunkRows, estimateBytes: model.baseBytes + model.perWorkerBytes * workers };
}

/**
 * What every worker keeps for the dataset's Zipf draws (each sampler's acceptance bounds, up to 2 MiB),
 * at the run's table sizes: beyond the formats' models, which count cells, not distributions.
 */
export function zipfBytes(dataset: DatasetDefinition, tableRows: Readonly<Record<string, number>>): number {
  let bytes = 0;
  for (const table of dataset.tables)
    for (const { generator } of table.columns) {
      if (generator.kind === 'zipf') bytes += zipfSamplerBytes(generator.max - generator.min + 1);
      else if (generator.kind === 'reference' && generator.distribution === 'zipf')
        bytes += zipfSamplerBytes(tableRows[generator.table] ?? 0);
    }
  return bytes;
}

/**
 * What the coordinator needs for a dataset's tables beyond the formats' models, which count the cells a
 * worker holds: the definition, read from its schema file, and each table's generators compiled once to
 * check them (`compiled-tables.ts`). `gen --config FILE --dry-run` of the 218 tables of the file `gen init`
 * writes of test/fixtures/corpus/postgrest peaked at 115 MiB RSS, `gen --dry-run` of items' one at 53: 291 KiB
 * a table.
 */
const TABLE_BYTES = 320 * 1024;

/** The coordinator's memory for `dataset`'s tables (`TABLE_BYTES` each). */
export function schemaBytes(dataset: DatasetDefinition): number {
  return dataset.tables.length * TABLE_BYTES;
}
