import type { FormatName } from '../encoders/types.ts';
import { UsageError } from '../errors.ts';
import type { Namer } from './sizing.ts';

const MIB = 1024 * 1024;

/**
 * Peak memory of a run: the coordinator's share plus one share per worker (a V8 isolate, its column
 * vectors and output slots; for Parquet also the Arrow batch and the wasm memory of arrow-rs, which grows
 * to the largest row group and never shrinks). Measured with /usr/bin/time (peak RSS), `items`, 4e6 rows:
 * NDJSON 87 / 115 / 170 / 281 MiB for 1 / 2 / 4 / 8 workers (~28 MiB each); Parquet with 131,072 rows per
 * row group 207 / 289 / 775 MiB for 1 / 2 / 8 workers (~82 MiB each), with 524,288 rows 374 / 563 MiB /
 * 1.4 GiB (~180 MiB each). The figures below round those up; a Parquet worker grows with its row group
 * times the width of the widest table (items has 7 columns: ~270 B a row).
 */
export interface MemoryModel {
  readonly baseBytes: number;
  readonly perWorkerBytes: number;
}

const TEXT: MemoryModel = { baseBytes: 96 * MIB, perWorkerBytes: 32 * MIB };
const PARQUET_BASE = 160 * MIB;
const PARQUET_WORKER = 56 * MIB;
const PARQUET_BYTES_PER_CELL = 40;
/** Of a limit, the share a run plans to use: the rest is slack for estimates that ran short. */
const USABLE = 0.9;
/** Smallest row group `memory` may shrink Parquet row groups to (DuckDB's default is 122,880). */
const MIN_FITTED_ROW_GROUP = 16_384;

/** The memory model of a run writing `format`, `chunkRows` rows per chunk, tables of at most `columns` columns. */
export function memoryModel(format: FormatName, chunkRows: number, columns: number): MemoryModel {
  if (format !== 'parquet') return TEXT;
  return { baseBytes: PARQUET_BASE, perWorkerBytes: PARQUET_WORKER + PARQUET_BYTES_PER_CELL * columns * chunkRows };
}

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
  readonly columns: number;
  readonly limitBytes: number;
  readonly source: MemorySource;
  /** Parquet row groups may shrink to fit: only when the user gave the limit and no row-group size. */
  readonly mayShrinkChunks: boolean;
}

/**
 * Fewer workers (of at least one requested), and with `mayShrinkChunks` smaller Parquet row groups (halving), until the run's
 * estimated peak fits the limit. Worker count never changes the output; a row-group size does, so it is
 * shrunk only for an explicit `memory` (the same command then gives the same bytes on every machine).
 * @throws {UsageError} when not even one worker fits, naming what to change.
 */
export function fitMemory(request: FitRequest, name: Namer): MemoryFit {
  const { format, columns, limitBytes } = request;
  let chunkRows = request.chunkRows;
  let model = memoryModel(format, chunkRows, columns);
  while (workersThatFit(limitBytes, model) < 1 && request.mayShrinkChunks && format === 'parquet' && chunkRows / 2 >= MIN_FITTED_ROW_GROUP) {
    chunkRows /= 2;
    model = memoryModel(format, chunkRows, columns);
  }
  const fit = workersThatFit(limitBytes, model);
  if (fit < 1) {
    const limit = `${Math.round(limitBytes / MIB)} MiB (${request.source === 'option' ? name('memory') : "the container's limit"})`;
    const need = Math.ceil((model.baseBytes + model.perWorkerBytes) / USABLE / MIB);
    const fix = format === 'parquet' ? `a smaller ${name('rowGroupRows')}, or ${name('memory')} of at least ${need} MiB` : `${name('memory')} of at least ${need} MiB`;
    throw new UsageError(`one worker writing ${format} needs about ${need} MiB, more than the ${limit}; give ${fix}`);
  }
  const workers = Math.min(request.workers, fit);
  return { workers, chunkRows, estimateBytes: model.baseBytes + model.perWorkerBytes * workers };
}
