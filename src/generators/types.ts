import type { StreamKey } from '../random/counter-rng.ts';
import type { ColumnDefinition, DatasetDefinition, GenerationParams } from '../dataset/types.ts';

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

/** Booleans as 0/1 bytes. */
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

/** What a generator factory knows about the column it makes values for. */
export interface GeneratorContext {
  readonly params: GenerationParams;
  readonly table: string;
  readonly column: ColumnDefinition;
  /** The column's own random stream: a pure function of (seed, table, column). */
  readonly key: StreamKey;
  /** The whole dataset, for generators that look at other tables (references). */
  readonly dataset: DatasetDefinition | undefined;
}

/** A compiled column generator: allocates its vector once, then fills it for any row range. */
export interface ColumnGenerator {
  createVector(capacity: number): ColumnVector;
  /** Writes the values of rows `start .. start + count - 1` into `out[0 .. count - 1]`. */
  fill(start: number, count: number, out: ColumnVector): void;
}

/** Builds a generator from its spec; throws a `DatasetError` naming the column when the spec is invalid. */
export type GeneratorFactory<S> = (spec: S, context: GeneratorContext) => ColumnGenerator;
