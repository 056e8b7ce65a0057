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
  | { readonly kind: 'timestamp' }
  /** A calendar day (a timestamp's UTC day); `YYYY-MM-DD` in text formats. */
  | { readonly kind: 'date' }
  /** A time of day, millisecond precision; `HH:MM:SS.mmm` in text formats. */
  | { readonly kind: 'time' }
  /** A UUID as its 36-character text; 16 bytes in Postgres's binary format. */
  | { readonly kind: 'uuid' };

/** How a column's values are made; `kind` selects the generator in `src/generators/`. */
export type GeneratorSpec =
  | { readonly kind: 'sequence'; readonly start?: number; readonly step?: number }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'float'; readonly min: number; readonly max: number }
  /** One of `values`; with `weights` (any positive numbers, same length) each is drawn in proportion. */
  | { readonly kind: 'choice'; readonly values: readonly string[]; readonly weights?: readonly number[] }
  /** Normal(mean, sd), clamped to [min, max] when given. */
  | {
      readonly kind: 'normal';
      readonly mean: number;
      readonly sd: number;
      readonly min?: number;
      readonly max?: number;
    }
  /** exp(Normal(mu, sigma)): skewed positive amounts; clamped to [min, max] when given. */
  | {
      readonly kind: 'lognormal';
      readonly mu: number;
      readonly sigma: number;
      readonly min?: number;
      readonly max?: number;
    }
  /** An integer in [min, max], `min` the most frequent: P(min + k - 1) ∝ (k + q)^-s (default s = 1, q = 0). */
  | { readonly kind: 'zipf'; readonly min: number; readonly max: number; readonly s?: number; readonly q?: number }
  /**
   * A key of another table's row: a row drawn from that table's id space (uniformly, or Zipf-skewed so a few
   * parents get most children) and turned into its key. Computed, never looked up: the parent always exists.
   */
  | {
      readonly kind: 'reference';
      readonly table: string;
      /** `once`: each row its own parent (one-to-one: row k of the run takes the run's parent row k). */
      readonly distribution?: 'uniform' | 'zipf' | 'once';
      readonly s?: number;
      /**
       * Zipf only: flattens the head, P(k) ∝ (k + q)^-s. Default: 1% of the parent's rows, so that at s = 1
       * the top 20% of parents get about two thirds of the children and no parent more than ~0.5% of them
       * once there are 5,000 (a customer base, not one customer placing 1% of all orders).
       */
      readonly q?: number;
      /** Render the reference as this column of the parent (a unique one, e.g. a code `C001`) instead of its key. */
      readonly column?: string;
      /**
       * A path (`promotion_id.product_id`) to another reference to the same table: where it is not NULL,
       * the parent is the one it points at (a promoted line is for its promotion's product).
       */
      readonly follow?: string;
      /**
       * Another reference column of the row to the same table whose parent this one never takes (`CHECK
       * (follower_id <> followee_id)`): drawn among the other parent rows.
       */
      readonly distinctFrom?: string;
      /**
       * A reference to an earlier row of the column's own table (a reply's parent comment): uniform among
       * the rows before it or, in a children table, among its earlier siblings (so a reply stays under its
       * post). The first row (of each parent) has none and is NULL: the column must allow NULL.
       */
      readonly earlier?: boolean;
    }
  /** A value of faker's English locale data, e.g. `person.first_name`, `location.city_name`, `commerce.department`. */
  | { readonly kind: 'faker'; readonly data: string }
  /** `first.last<key>@domain` from two name columns of the same table (faker or choice). */
  | { readonly kind: 'email'; readonly first: string; readonly last: string }
  /**
   * Tables keyed by date: an instant on the row's day: uniform, its midnight, or by `hours`, 24 weights
   * (00:00 first) of an intraday curve (opening hours, lunch and evening peaks), uniform within the hour.
   */
  | { readonly kind: 'dayTime'; readonly midnight?: boolean; readonly hours?: readonly number[] }
  /** Children and cross tables: the key of the row's parent (of dimension `table` in a cross table). */
  | { readonly kind: 'parent'; readonly table?: string }
  /** Children tables: the row's place among its siblings, from 1. */
  | { readonly kind: 'childIndex' }
  /** Children tables: a number or timestamp column of the row's parent, times `multiply` (default 1). */
  | { readonly kind: 'parentColumn'; readonly column: string; readonly multiply?: number }
  | { readonly kind: 'bool'; readonly probability?: number }
  /** Within days relative to the reference date, or between two dates (`YYYY-MM-DD`, inclusive). */
  | { readonly kind: 'timestamp'; readonly fromDays: number; readonly toDays: number }
  | { readonly kind: 'timestamp'; readonly from: string; readonly to: string }
  | { readonly kind: 'template'; readonly template: string }
  /** A random version-4-shaped UUID, different for every row (its low 52 bits are a permutation of the row id). */
  | { readonly kind: 'uuid' }
  /** An IPv4 address (`a.b.c.d`), public ranges; with `cidr`, written as a `/32` network. */
  | { readonly kind: 'ip'; readonly cidr?: boolean }
  /** `min`..`max` words (default 3..8) of faker's data at `data` (default `lorem.word`), separated by spaces. */
  | { readonly kind: 'words'; readonly min?: number; readonly max?: number; readonly data?: string }
  /** A uniform time of day in [`from`, `to`) (`HH:MM`, default the whole day). */
  | { readonly kind: 'timeOfDay'; readonly from?: string; readonly to?: string }
  /**
   * A column of the row a reference or parent column points at (`via`), recomputed from that table's own
   * generator at that row: `unit_price` from `product_id`'s `price`. `via` may chain: `product_question_id.question_id`.
   * NULL where a `via` column is NULL.
   */
  | { readonly kind: 'lookup'; readonly via: string; readonly column: string }
  /**
   * An expression over the row's own columns, columns looked up through references (`product_id.price`),
   * literals and random draws (see `generators/expr/`): `round(product_id.price * (1 - discount / 100), 2)`.
   */
  | { readonly kind: 'expr'; readonly expr: string };

/** One column of a table. */
export interface ColumnDefinition {
  readonly name: string;
  readonly type: ColumnType;
  readonly generator: GeneratorSpec;
  /** The share of rows that are null (0..1, default 0: NOT NULL). */
  readonly nullRate?: number;
  /**
   * Every row a different value (a UNIQUE constraint in Postgres): sequences, `{id}` templates and emails
   * are unique by construction; `int` then draws a random permutation of its range.
   */
  readonly unique?: boolean;
  /**
   * The column's type in Postgres as the database names it (`format_type`: `integer`, `character
   * varying(40)`, `order_status`, `text[]`): the type gen creates and expects, instead of the type's own.
   * Values are then loaded in their text form (`COPY … (FORMAT csv)`), which Postgres casts.
   */
  readonly sql?: string;
  /** Text columns: at most this many characters (`varchar(n)`); longer values are cut. */
  readonly length?: number;
  /**
   * The column may hold NULL although its `nullRate` is 0: its generator leaves rows without a value (an
   * expression's `null`, a lookup through a NULL reference). Without it such a column is refused.
   */
  readonly nullable?: boolean;
  /** An expression over the row (as in `expr`): the column is NULL on the rows where it is true. */
  readonly nullWhen?: string;
}

/** Whether a column may hold NULL (no NOT NULL constraint, an optional Parquet field). */
export function isNullable(column: ColumnDefinition): boolean {
  return (column.nullRate ?? 0) > 0 || column.nullable === true || column.nullWhen !== undefined;
}

/**
 * A table keyed by date: `rows` per average day at scale 1, times a weekly profile (7 factors, Monday
 * first), a yearly wave (`1 + amplitude·cos(2π(dayOfYear - peakDay)/365.25)`) and a growth trend
 * (`(1 + growth)^years since 2020-01-01`).
 */
export interface DailyShape {
  readonly kind: 'daily';
  readonly rows: number;
  readonly weekly?: readonly number[];
  readonly yearly?: { readonly amplitude: number; readonly peakDay: number };
  readonly growth?: number;
}

/** How a table's rows are laid out when it is not simply `defaultRows` rows (see `dataset/row-space.ts`). */
export type TableShape =
  | DailyShape
  /**
   * `min`..`max` rows per row of `parent` (order items per order), each count equally likely, or in
   * proportion to `weights` (one per count from `min`: most orders small).
   */
  | {
      readonly kind: 'children';
      readonly parent: string;
      readonly min: number;
      readonly max: number;
      readonly weights?: readonly number[];
    }
  /** One row per combination of the `tables`' rows (store × product), per day when `daily`. */
  | { readonly kind: 'cross'; readonly tables: readonly string[]; readonly daily?: boolean };

/** One table: its name, its columns in output order, and its row count when `--rows` is not given. */
export interface TableDefinition {
  readonly name: string;
  /** Rows at scale 1; ignored when `shape` is set (0 by convention). */
  readonly defaultRows: number;
  /** A daily, children or cross layout instead of `defaultRows` rows. */
  readonly shape?: TableShape;
  /** False: the same rows whatever `--scale` or `--rows` (a fixed list: platforms, countries, currencies). */
  readonly scaled?: boolean;
  /**
   * True: a list others pick from (statuses, countries). An `--append` into a database where it already
   * holds rows makes none of it, and new rows refer to the rows there (when its key is a sequence).
   */
  readonly lookup?: boolean;
  readonly columns: readonly ColumnDefinition[];
  /** Columns of the primary key (Postgres builds it after loading). */
  readonly primaryKey?: readonly string[];
  /**
   * Sets of columns whose combination is unique (a UNIQUE constraint of several columns). Like a primary
   * key of several columns, gen promises it when every column of the set is a reference or an `int`: each
   * row then takes a different combination (see `generators/key-tuple.ts`).
   */
  readonly unique?: readonly (readonly string[])[];
}

/**
 * A table's foreign keys: its `reference` columns, and its `parent` columns (to the parent of a children
 * table, or to a dimension of a cross table). Each targets the other table's one-column primary key, or
 * its unique column `target` (a reference rendered through a code column).
 */
export function foreignKeys(table: TableDefinition): { column: string; table: string; target?: string }[] {
  return table.columns.flatMap((c) => {
    if (c.generator.kind === 'reference') {
      const { table: parent, column: target } = c.generator;
      return [target === undefined ? { column: c.name, table: parent } : { column: c.name, table: parent, target }];
    }
    if (c.generator.kind !== 'parent') return [];
    const target = c.generator.table ?? (table.shape?.kind === 'children' ? table.shape.parent : undefined);
    return target === undefined ? [] : [{ column: c.name, table: target }];
  });
}

/** The tables a table's rows are laid out from: a children table's parent, a cross table's dimensions. */
export function shapeParents(table: TableDefinition): readonly string[] {
  if (table.shape?.kind === 'children') return [table.shape.parent];
  if (table.shape?.kind === 'cross') return table.shape.tables;
  return [];
}

/** The kinds of defect labelled dirty data can hold (`--dirty`, a schema file's `defects`), as findings name them. */
export const DEFECT_KINDS = ['null', 'out_of_range', 'malformed', 'duplicate_key', 'orphan', 'late'] as const;
export type DefectKind = (typeof DEFECT_KINDS)[number];

/** A dataset. `version` changes whenever its output changes on purpose, and is recorded in manifests. */
export interface DatasetDefinition {
  readonly name: string;
  readonly version: number;
  readonly description: string;
  /** Tables at scale 1 (`defaultRows`); `--scale` multiplies every table's rows. */
  readonly tables: readonly TableDefinition[];
  /**
   * Named scales: a factor on every table, or factors per table (others 1), e.g. `{ medium: 5 }` or
   * `{ medium: { stores: 5, customers: 12.5 } }`.
   */
  readonly scales?: Readonly<Record<string, number | Readonly<Record<string, number>>>>;
  /** Daily tables: the days a run covers when neither `days`, `from`/`to` nor `date` is given. */
  readonly defaultDays?: number;
  /**
   * Labelled dirty data in every run: the share of rows with each kind of defect, where a table can have it
   * (`{ orphan: 0.001, null: 0.002 }`). `--dirty RATE` replaces it with one rate split evenly.
   */
  readonly defects?: Readonly<Partial<Record<DefectKind, number>>>;
  /**
   * Postgres: the schema of tables whose name does not give one (`orders`; `sales.orders` names its own):
   * what `--schema` overrides, default `public`. `gen init` writes the schema it read.
   */
  readonly schema?: string;
  /**
   * Tables of the database that gen leaves alone, each with the reason (`gen init` writes them: a table an
   * extension owns, one its triggers fill, a column gen cannot make): never generated, never touched.
   */
  readonly exclude?: Readonly<Record<string, string>>;
}
