/**
 * The worker protocol, all of it: plain data only (structured clone). Code never crosses the thread
 * boundary; a worker rebuilds generators and encoders from the dataset definition it is given once.
 */
import type { Compression } from '../compression/codecs.ts';
import type { DatasetDefinition } from '../dataset/types.ts';
import type { DirtyConfig } from '../dirty/defects.ts';
import type { GenerationParams } from '../generators/types.ts';
import type { Chunk } from '../plan/chunk-plan.ts';
import type { EncoderConfig } from './encoder.ts';

/** Given to every worker once, as piscina `workerData`. */
export interface WorkerConfig {
  readonly dataset: DatasetDefinition;
  readonly params: GenerationParams;
  /** The run's format and its encoder's options. */
  readonly encoder: EncoderConfig;
  /** `--dirty`: the defects to inject, or absent. */
  readonly dirty?: DirtyConfig;
  /** `--compress`: each chunk's members compressed, or absent. */
  readonly compression?: Compression;
  /**
   * Each chunk passes through buffers that a native codec allocates (`--compress`, Parquet's SNAPPY or
   * zstd): the worker collects them after each chunk (`young-collector.ts`).
   */
  readonly nativeBuffers?: boolean;
}

/** One chunk to generate and encode (see `Chunk`), and where to encode it. */
export interface ChunkTask extends Chunk {
  /**
   * Shared memory to encode into, when it is large enough: an earlier chunk's output that the coordinator
   * has finished writing. Encoding into warm, shared memory avoids both fresh pages (a page fault per
   * 4 KiB) and ArrayBuffer transfers (which cost ~0.5 s per 1e7 rows here, measured with raw workers).
   */
  readonly slot?: SharedArrayBuffer | undefined;
}

/**
 * A chunk's result: its encoded bytes, a view over a `SharedArrayBuffer` (the coordinator hands the
 * buffer back as a later task's `slot` once written).
 */
export type ChunkResult = Uint8Array;

/**
 * What a worker posts back: the byte count when it encoded into the task's slot (the coordinator already
 * holds that memory; posting a number is cheaper than posting a shared view, ~4% of worker time here),
 * else the bytes in new shared memory.
 */
export type ChunkReply = number | Uint8Array;

/** Turns a worker's reply to `task` back into the chunk's bytes. */
export function chunkBytes(task: ChunkTask, reply: ChunkReply): ChunkResult {
  return typeof reply === 'number' ? new Uint8Array(task.slot!, 0, reply) : reply;
}

/** The reply for `bytes`, encoded for `task`. */
export function chunkReply(task: ChunkTask, bytes: ChunkResult): ChunkReply {
  return bytes.buffer === task.slot ? bytes.length : bytes;
}
