import type { ColumnVector } from '../generators/types.ts';

/** The text formats an `Encoder` produces. */
export type FormatName = 'ndjson' | 'csv';

/** One generated chunk of a table: rows `start .. start + count - 1`, one vector per column in table order. */
export interface Batch {
  readonly start: number;
  readonly count: number;
  readonly columns: readonly ColumnVector[];
}

/** Turns batches of one table into bytes of one format. Stateless between batches, so chunks encode anywhere. */
export interface Encoder {
  /** The bytes a file of this table starts with (the CSV header line); empty when the format has none. */
  readonly header: Uint8Array;
  /**
   * Encodes all rows of `batch` into `slot` when it is large enough, else into new shared memory; returns
   * a view of the bytes written, which the caller owns until it hands the buffer back as a slot.
   */
  encode(batch: Batch, slot?: SharedArrayBuffer): Uint8Array;
}
