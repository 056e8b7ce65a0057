import type { RowSpace } from '../dataset/row-space.ts';
import type { ColumnDefinition, ColumnType, DatasetDefinition, GeneratorSpec } from '../dataset/types.ts';
import type { StreamKey } from '../random/counter-rng.ts';
import type { ColumnVector } from '../vectors/column-vector.ts';

/**
 * The values every generator of one run may read: the seed and the reference "today". Never the wall clock.
 */
export interface GenerationParams {
  /** Any non-negative safe integer. */
  readonly seed: number;
  /** The reference date as epoch milliseconds of its 00:00:00 UTC. */
  readonly referenceDate: number;
  /** Rows of each table in the whole run (every shard alike): what references draw parent rows from. */
  readonly tableRows?: Readonly<Record<string, number>>;
  /**
   * The first row id this run makes of each table, when not 0 (an append continues after the rows already
   * there): references draw their parents among the rows of this run, which exist whatever came before.
   */
  readonly tableStarts?: Readonly<Record<string, number>>;
  /**
   * Rows an append found already there, as row-id ranges `[start, end)` of each table keyed by a sequence
   * (keys `start + id × step`; a table's ranges end before its `tableStarts`): references draw their
   * parents among these rows too, so that new rows extend the data there instead of a world of their own.
   */
  readonly existingRows?: Readonly<Record<string, readonly RowIdRange[]>>;
  /** How each shaped table's row ids map to days and parents (see `dataset/row-space.ts`). */
  readonly spaces?: Readonly<Record<string, RowSpace>>;
}

/** Row ids `[start, end)`. */
export type RowIdRange = readonly [number, number];

/** What a generator factory knows about the column it makes values for. */
export interface GeneratorContext {
  readonly params: GenerationParams;
  readonly table: string;
  readonly column: ColumnDefinition;
  /** The column's own random stream: a pure function of (seed, table, column). */
  readonly key: StreamKey;
  /** The whole dataset, for generators that look at other tables (references). */
  readonly dataset: DatasetDefinition | undefined;
  /**
   * Compiles another column of the dataset for the same run: generators that recompute the values of other
   * columns at a row (an email from its row's names, a child's value from its parent's) call it, so that no
   * generator imports the registry that lists it.
   */
  compile(table: string, column: ColumnDefinition): ColumnGenerator;
  /** The context of another column of the dataset in the same run (to read how it maps rows: `row-map.ts`). */
  contextOf(table: string, column: ColumnDefinition): GeneratorContext;
  /** A column's values and NULLs together, compiled for the same run (lookups and expressions read them). */
  source(table: string, column: ColumnDefinition): ColumnSource;
}

/** A column's values and NULL marks at some rows, in its source's own buffers. */
export interface ColumnRead {
  readonly vector: ColumnVector;
  /** 1 for each NULL row; null when the column has no NULLs. */
  readonly mask: Uint8Array | null;
}

/**
 * One column of one run, compiled once and shared by everything that reads it: the chunk that writes it,
 * and the lookups and expressions of other columns. It keeps its last read, so a column that several
 * others read in a chunk is computed once (values are pure functions of the row: a repeat is a copy).
 */
export interface ColumnSource {
  /** Whether some row can be NULL (`read` then returns a mask). */
  readonly nullable: boolean;
  createVector(capacity: number): ColumnVector;
  /**
   * The values of rows `start .. start + count - 1`. The result lives in the source's buffers until its
   * next read at other rows: take what you need from it before reading anything else.
   */
  read(start: number, count: number): ColumnRead;
  /** Whether the last read was of exactly these rows. */
  holds(start: number, count: number): boolean;
}

/** Writes, for rows `first .. first + count - 1`, the row each takes its value from (`out[i]`; NaN: none). */
export type RowsOf = (first: number, count: number, out: Float64Array) => void;

/** Marks the null rows of a chunk: `mask[i] = 1` when row `start + i` is null, else 0 (call after `fill`). */
export type NullFiller = (start: number, count: number, mask: Uint8Array) => void;

/** A compiled column generator: allocates its vector once, then fills it for any row range. */
export interface ColumnGenerator {
  createVector(capacity: number): ColumnVector;
  /** Writes the values of rows `start .. start + count - 1` into `out[0 .. count - 1]`. */
  fill(start: number, count: number, out: ColumnVector): void;
  /**
   * Generators whose values can be missing (an expression's NULL, a lookup through a NULL reference): sets
   * `mask[i] = 1` for the rows of the last `fill` that have no value, leaving the other entries alone.
   */
  readonly markNulls?: (count: number, mask: Uint8Array) => void;
}

/** Builds a generator from its spec; throws a `DatasetError` naming the column when the spec is invalid. */
export type GeneratorFactory<S> = (spec: S, context: GeneratorContext) => ColumnGenerator;

/** Every generator kind. */
export type GeneratorKind = GeneratorSpec['kind'];
/** The spec of generator `K`. */
export type SpecOf<K extends GeneratorKind> = Extract<GeneratorSpec, { kind: K }>;

/** How a schema file writes an option's value. */
export type OptionType = 'number' | 'string' | 'boolean' | 'strings' | 'numbers';

type AllKeys<S> = S extends unknown ? Exclude<keyof S, 'kind'> : never;
type ValueOf<S, K extends PropertyKey> = S extends unknown ? (K extends keyof S ? S[K] : undefined) : never;
type TypeOf<V> = [V] extends [number]
  ? 'number'
  : [V] extends [string]
    ? 'string'
    : [V] extends [boolean]
      ? 'boolean'
      : [V] extends [readonly number[]]
        ? 'numbers'
        : 'strings';

/**
 * A generator's options as its schema-file table: every option of its spec, with the type a file writes it
 * in, and whether every spec needs it. The compiler checks the table against `GeneratorSpec`, so the
 * TypeScript type, the schema language and the generator cannot disagree.
 */
export type OptionTable<S> = {
  readonly [K in AllKeys<S>]-?: {
    readonly type: TypeOf<NonNullable<ValueOf<S, K>>>;
    readonly required: undefined extends ValueOf<S, K> ? false : true;
  };
};

/** One generator, all of it: the only place that says what a kind takes, fills and promises. */
export interface GeneratorRegistration<K extends GeneratorKind> {
  readonly kind: K;
  /** Its options besides `kind` (`generator` in a schema file). */
  readonly options: OptionTable<SpecOf<K>>;
  /** The column types it can fill. */
  readonly types: readonly ColumnType['kind'][];
  /**
   * Whether it can make every row's value different (`unique: true`): false, true, or a check that returns
   * why this spec cannot (e.g. a template without `{id}`), else null.
   */
  readonly unique: boolean | ((spec: SpecOf<K>) => string | null);
  readonly create: GeneratorFactory<SpecOf<K>>;
}
