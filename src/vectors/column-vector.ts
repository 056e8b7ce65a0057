/**
 * Column vectors: one chunk of one column, laid out for speed (typed arrays, UTF-8 bytes + offsets as in
 * Arrow), filled by a generator in one call and walked by the encoders. Vectors are reused chunk after
 * chunk inside a worker, so nothing is allocated per value.
 */
export type ColumnVector = NumberVector | BoolVector | DictVector | Utf8Vector;

/** Integers, floats, decimals and timestamps (epoch milliseconds). */
export interface NumberVector {
  readonly kind: 'number';
  readonly values: Float64Array;
}

/** Booleans, one byte each: 1 for true, 0 for false, nothing else (encoders add them up as bits). */
export interface BoolVector {
  readonly kind: 'bool';
  readonly values: Uint8Array;
}

/** Low-cardinality text: a code per row into a fixed dictionary (encoders pre-encode each entry once). */
export interface DictVector {
  readonly kind: 'dict';
  readonly codes: Uint32Array;
  readonly dictionary: readonly string[];
}

/** Text: UTF-8 bytes of all rows back to back; row i is `bytes[offsets[i] .. offsets[i + 1])`. */
export interface Utf8Vector {
  readonly kind: 'utf8';
  bytes: Uint8Array;
  readonly offsets: Int32Array;
  /** True when no value can hold a byte that JSON escapes or CSV quotes, nor be empty: encoders copy as is. */
  readonly plain: boolean;
}

/** One generated chunk of a table: rows `start .. start + count - 1`, one vector per column in table order. */
export interface Batch {
  readonly start: number;
  readonly count: number;
  readonly columns: readonly ColumnVector[];
  /**
   * Per column: a mask with 1 for each null row (and `MALFORMED_DATE` for a date `--dirty` writes in a
   * format readers refuse), or null when the column has no nulls.
   */
  readonly nulls: readonly (Uint8Array | null)[];
}

/** A number vector for `capacity` rows. */
export function createNumberVector(capacity: number): NumberVector {
  return { kind: 'number', values: new Float64Array(capacity) };
}

/** A boolean vector for `capacity` rows. */
export function createBoolVector(capacity: number): BoolVector {
  return { kind: 'bool', values: new Uint8Array(capacity) };
}

/** A dictionary-coded text vector for `capacity` rows. */
export function createDictVector(capacity: number, dictionary: readonly string[]): DictVector {
  return { kind: 'dict', codes: new Uint32Array(capacity), dictionary };
}

/**
 * A UTF-8 vector for `capacity` rows, starting with `bytesPerRow` bytes of room per row (it grows);
 * `plain` promises that no value needs escaping or quoting (see `isPlainText`).
 */
export function createUtf8Vector(capacity: number, bytesPerRow: number, plain: boolean): Utf8Vector {
  return { kind: 'utf8', bytes: new Uint8Array(capacity * bytesPerRow), offsets: new Int32Array(capacity + 1), plain };
}

/** Makes room for `needed` bytes in `vector.bytes`, keeping the first `used` bytes. */
export function reserveUtf8(vector: Utf8Vector, used: number, needed: number): Uint8Array {
  if (used + needed <= vector.bytes.length) return vector.bytes;
  const grown = new Uint8Array(Math.max(vector.bytes.length * 2, used + needed));
  grown.set(vector.bytes.subarray(0, used));
  vector.bytes = grown;
  return grown;
}

/** In a batch's NULL mask: a date or timestamp written day first (`--dirty` in text formats only). */
export const MALFORMED_DATE = 2;
