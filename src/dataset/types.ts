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
  /** One of `values`; with `weights` (any positive numbers, same length) each is drawn in proportion. */
  | { readonly kind: 'choice'; readonly values: readonly string[]; readonly weights?: readonly number[] }
  /** Normal(mean, sd), clamped to [min, max] when given. */
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number; readonly min?: number; readonly max?: number }
  /** exp(Normal(mu, sigma)): skewed positive amounts; clamped to [min, max] when given. */
  | { readonly kind: 'lognormal'; readonly mu: number; readonly sigma: number; readonly min?: number; readonly max?: number }
  /** An integer in [min, max], `min` the most frequent: P(min + k - 1) ∝ k^-s (default s = 1). */
  | { readonly kind: 'zipf'; readonly min: number; readonly max: number; readonly s?: number }
  /**
   * A key of another table's row: a row drawn from that table's id space (uniformly, or Zipf-skewed so a few
   * parents get most children) and turned into its key. Computed, never looked up: the parent always exists.
   */
  | { readonly kind: 'reference'; readonly table: string; readonly distribution?: 'uniform' | 'zipf'; readonly s?: number }
  /** A value of faker's English locale data, e.g. `person.first_name`, `location.city_name`, `commerce.department`. */
  | { readonly kind: 'faker'; readonly data: string }
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

/** A table's foreign keys, read off its `reference` columns: column → referenced table (its one-column key). */
export function foreignKeys(table: TableDefinition): { column: string; table: string }[] {
  return table.columns.flatMap((c) => (c.generator.kind === 'reference' ? [{ column: c.name, table: c.generator.table }] : []));
}

/** A dataset. `version` changes whenever its output changes on purpose, and is recorded in manifests. */
export interface DatasetDefinition {
  readonly name: string;
  readonly version: number;
  readonly description: string;
  /** Tables at scale 1 (`defaultRows`); `--scale` multiplies every table's rows. */
  readonly tables: readonly TableDefinition[];
  /** Named scales, e.g. `{ small: 1, medium: 5 }`: `--scale medium` multiplies every table's rows by 5. */
  readonly scales?: Readonly<Record<string, number>>;
}

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
}
