/**
 * A database schema as `gen init` reads it: plain data, from the live catalog (`read-catalog.ts`), with
 * types and constraints in the server's own words (`format_type`, `pg_get_constraintdef`).
 */

/** A column's type, domains resolved to their base type. */
export interface CatalogType {
  /** As the table declares it (`format_type`): `integer`, `character varying(40)`, `order_status`, `text[]`. */
  readonly declared: string;
  /** The base type's internal name: `int4`, `varchar`, `numeric`, `timestamptz`, an enum's name… */
  readonly base: string;
  /** The base type's modifier (`atttypmod`/`typtypmod`), -1 when none. */
  readonly typmod: number;
  /** `typtype` of the base type: b(ase), e(num), r(ange), c(omposite), m(ultirange), p(seudo). */
  readonly kind: string;
  /** An array's element type name (`int4` for `integer[]`), else null. */
  readonly element: string | null;
  /** An enum's labels in their order (also for an array of an enum), else null. */
  readonly labels: readonly string[] | null;
  /** CHECK constraints of the domain(s) the column's type is (their expressions use VALUE). */
  readonly domainChecks: readonly CatalogCheck[];
  /** Whether a domain says NOT NULL. */
  readonly domainNotNull: boolean;
}

export interface CatalogColumn {
  readonly name: string;
  readonly type: CatalogType;
  readonly notNull: boolean;
  /** The default expression (`nextval(…)`, `now()`…), or null. */
  readonly default: string | null;
  /** `a` (GENERATED ALWAYS AS IDENTITY), `d` (BY DEFAULT) or ''. */
  readonly identity: string;
  /** `s` for a stored generated column (the database computes it), else ''. */
  readonly generated: string;
}

/** A CHECK constraint: its name and its expression tree (libpg-query's), null when it could not be read. */
export interface CatalogCheck {
  readonly name: string;
  readonly expression: unknown;
}

export interface CatalogConstraint {
  readonly name: string;
  /** p(rimary key), u(nique), f(oreign key), c(heck). */
  readonly type: 'p' | 'u' | 'f' | 'c';
  readonly columns: readonly string[];
  /** Foreign keys: the referenced table, its schema and its columns. */
  readonly references: { readonly schema: string; readonly table: string; readonly columns: readonly string[] } | null;
  /** A CHECK's expression tree (libpg-query's), else null. */
  readonly expression: unknown;
  /** A CHECK's text as the server prints it (`pg_get_constraintdef`), read from a live database only. */
  readonly definition?: string;
  /** Declared on a partition of the table, not on the table itself. */
  readonly onPartition?: boolean;
  /** A unique index on an expression of columns, or with a WHERE: gen keeps the columns it reads unique. */
  readonly form?: 'expression' | 'partial';
}

/** A partitioned table's key and its partitions' bounds (`PartitionBoundSpec` trees of libpg-query). */
export interface CatalogPartitioning {
  /** r(ange), l(ist) or h(ash). */
  readonly strategy: string;
  readonly columns: readonly string[];
  readonly bounds: readonly unknown[];
}

export interface CatalogTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly CatalogColumn[];
  readonly constraints: readonly CatalogConstraint[];
  /** The planner's row estimate (`pg_class.reltuples`, partitions summed); -1 when never analysed. */
  readonly estimatedRows: number;
  readonly partitioning: CatalogPartitioning | null;
  /** The extension that owns the table (`pg_depend`: PostGIS's `spatial_ref_sys`), else null. */
  readonly extension: string | null;
  /** The table's own triggers and their functions' source: what they insert into is filled by the database. */
  readonly triggers: readonly CatalogTrigger[];
}

/** A trigger of a table: its name and its function's body as the server stores it. */
export interface CatalogTrigger {
  readonly name: string;
  readonly body: string;
  /** Whether it fires on INSERT (`tgtype` bit 4, https://www.postgresql.org/docs/15/catalog-pg-trigger.html). */
  readonly onInsert: boolean;
}

/** Aggregates of one column from `pg_stats`: never rows. */
export interface ColumnStats {
  readonly nullFraction: number;
  /** > 0 a count of distinct values, < 0 minus a fraction of the rows (Postgres's convention). */
  readonly distinct: number;
  readonly commonValues: readonly string[] | null;
  readonly commonFrequencies: readonly number[] | null;
  readonly histogram: readonly string[] | null;
}

export interface Catalog {
  readonly tables: readonly CatalogTable[];
  /** `pg_stats` by `schema.table` and column, when read (`--profile`). */
  readonly stats: ReadonlyMap<string, ReadonlyMap<string, ColumnStats>> | null;
}
