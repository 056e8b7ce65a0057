/**
 * The worker protocol, all of it: plain data only (structured clone). Code never crosses the thread
 * boundary; a worker rebuilds generators and encoders from the dataset definition it is given once.
 */
import type { DatasetDefinition, GenerationParams } from '../dataset/types.ts';
import type { FormatName } from '../encoders/types.ts';

/** Given to every worker once, as piscina `workerData`. */
export interface WorkerConfig {
  readonly dataset: DatasetDefinition;
  readonly params: GenerationParams;
  readonly format: FormatName;
}

/** One chunk to generate and encode: rows `start .. start + count - 1` of table number `table`. */
export interface ChunkTask {
  readonly table: number;
  readonly start: number;
  readonly count: number;
  /**
   * An output buffer already written to disk, transferred back for reuse: encoding into warm memory
   * instead of fresh pages saves a page fault per 4 KiB (about a third of the kernel time of a run).
   */
  readonly reuse?: ArrayBuffer | undefined;
}

/** A chunk's result is its encoded bytes, moved (not copied) back to the coordinator. */
export type ChunkResult = Uint8Array;
