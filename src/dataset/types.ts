/**
 * The dataset model: a dataset is tables of typed columns, each column filled by a generator described as
 * plain data. Plain data crosses the worker boundary as is (structured clone), is what schema files will
 * parse into, and is what `gen describe` prints.
 */

/** The logical type of a column: it decides encoding in every format. */
export type ColumnType =
  | { readonly kind: 'int64' }
  | { readonly kind: 'float64' }
  /** A fixed-point number with `scale` decimals (money): text formats always print `scale` decimals. */
  | { readonly kind: 'decimal'; readonly scale: number }
  | { readonly kind: 'bool' }
  | { readonly kind: 'utf8' }
  /** An instant, UTC, millisecond precision; ISO-8601 `YYYY-MM-DDTHH:MM:SS.mmmZ` in text formats. */
  | { readonly kind: 'timestamp' };

/** How a column's values are made; `kind` selects the generator in `src/generators/`. */
export type GeneratorSpec =
  | { readonly kind: 'sequence'; readonly start?: number; readonly step?: number }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'float'; readonly min: number; readonly max: number }
  | { readonly kind: 'choice'; readonly values: readonly string[] }
  | { readonly kind: 'bool'; readonly probability?: number }
  | { readonly kind: 'timestamp'; readonly fromDays: number; readonly toDays: number }
  | { readonly kind: 'template'; readonly template: string };

/** One column of a table. */
export interface ColumnDefinition {
  readonly name: string;
  readonly type: ColumnType;
  readonly generator: GeneratorSpec;
}

/** One table: its name, its columns in output order, and its row count when `--rows` is not given. */
export interface TableDefinition {
  readonly name: string;
  readonly defaultRows: number;
  readonly columns: readonly ColumnDefinition[];
  /** Columns of the primary key (Postgres builds it after loading). */
  readonly primaryKey?: readonly string[];
}

/** A dataset. `version` changes whenever its output changes on purpose, and is recorded in manifests. */
export interface DatasetDefinition {
  readonly name: string;
  readonly version: number;
  readonly description: string;
  readonly tables: readonly TableDefinition[];
}

/**
 * The values every generator of one run may read: the seed and the reference "today". Never the wall clock.
 */
export interface GenerationParams {
  /** Any non-negative safe integer. */
  readonly seed: number;
  /** The reference date as epoch milliseconds of its 00:00:00 UTC. */
  readonly referenceDate: number;
}
