import type { ColumnVector } from '../generators/types.ts';

/** The output formats; `pg` is PostgreSQL's binary COPY format, loaded by the Postgres sink. */
export type FormatName = 'ndjson' | 'csv' | 'parquet' | 'pg';

/** One generated chunk of a table: rows `start .. start + count - 1`, one vector per column in table order. */
export interface Batch {
  readonly start: number;
  readonly count: number;
  readonly columns: readonly ColumnVector[];
  /** Per column: a mask with 1 for each null row, or null when the column has no nulls. */
  readonly nulls: readonly (Uint8Array | null)[];
}

/** Turns batches of one table into bytes of one format. Stateless between batches, so chunks encode anywhere. */
export interface Encoder {
  /**
   * Encodes all rows of `batch` into `slot` when it is large enough, else into new shared memory; returns
   * a view of the bytes written, which the caller owns until it hands the buffer back as a slot.
   */
  encode(batch: Batch, slot?: SharedArrayBuffer): Uint8Array;
}

/**
 * Frames a table's encoded chunks into the bytes of one file, on the coordinator: a CSV header, or
 * Parquet's magic, stitched row groups and footer. Each method returns the bytes to write next.
 */
export interface Framer {
  start(): Uint8Array[];
  push(chunk: Uint8Array): Uint8Array[];
  finish(): Uint8Array[];
}
