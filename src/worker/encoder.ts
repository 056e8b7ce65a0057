import type { TableDefinition } from '../dataset/types.ts';
import type { Batch } from '../vectors/column-vector.ts';

/** What an encoder gives for a batch: its bytes, or a promise of them (Parquet's zstd compresses off the thread). */
export type EncodedBytes = Uint8Array | Promise<Uint8Array>;

/** Turns batches of one table into bytes of one format. Stateless between batches, so chunks encode anywhere. */
export interface Encoder<Bytes extends EncodedBytes = Uint8Array> {
  /**
   * Encodes all rows of `batch` into `slot` when it is large enough, else into new shared memory; returns
   * a view of the bytes written, which the caller owns until it hands the buffer back as a slot.
   */
  encode(batch: Batch, slot?: SharedArrayBuffer): Bytes;
}

/** A format's options for its encoder (e.g. Parquet's codec): plain data, sent to every worker. */
export type EncoderOptions = Readonly<Record<string, string>>;

/** Creates an encoder for a table. */
export type EncoderFactory<Bytes extends EncodedBytes = Uint8Array> = (
  table: TableDefinition,
  options: EncoderOptions,
) => Encoder<Bytes>;

/** The run's format, by name, and its encoder's options: what a worker module needs to pick its encoder. */
export interface EncoderConfig {
  readonly format: string;
  readonly options: EncoderOptions;
}
