import { SinkError } from '../errors.ts';
import type { PgConnection } from '../sinks/postgres-connection.ts';
import type {
  Catalog,
  CatalogColumn,
  CatalogConstraint,
  CatalogPartitioning,
  CatalogTable,
  CatalogType,
  ColumnStats,
} from './catalog.ts';
import { parseBound, parseCheck } from './check-rules.ts';

/*
 * The catalog queries of `gen init`: a handful of reads of pg_catalog, with the server's own printers
 * (`format_type`, `pg_get_constraintdef`, `pg_get_expr`), so that types and constraints come back in the
 * words a CREATE statement would use (https://www.postgresql.org/docs/15/functions-info.html).
 * Only catalog rows and, with --profile, the pg_stats view (aggregates) are read: never a table's rows.
 */

const TABLES = `
SELECT c.oid, c.relname AS name, c.relkind,
  CASE WHEN c.relkind = 'p' THEN coalesce((SELECT sum(greatest(p.reltuples, 0)) FROM pg_inherits i
    JOIN pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = c.oid), -1) ELSE c.reltuples END::float8 AS rows,
  pt.partstrat AS strategy,
  (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) AS part_columns,
  (SELECT array_agg(pg_get_expr(p.relpartbound, p.oid) ORDER BY p.relname) FROM pg_inherits i
    JOIN pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = c.oid) AS bounds
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND c.relname <> 'shardgen_runs' AND c.relname !~ '^_shardgen_'
ORDER BY c.relname`;

/** Columns, with domains followed down to their base type (a domain over a domain has both checks). */
const COLUMNS = `
WITH RECURSIVE dom(top, oid, base, typmod, nn, depth) AS (
  SELECT t.oid, t.oid, t.typbasetype, t.typtypmod, t.typnotnull, 0 FROM pg_type t WHERE t.typtype = 'd'
  UNION ALL
  SELECT dom.top, b.oid, b.typbasetype, CASE WHEN dom.typmod >= 0 THEN dom.typmod ELSE b.typtypmod END,
    dom.nn OR b.typnotnull, dom.depth + 1
  FROM dom JOIN pg_type b ON b.oid = dom.base WHERE b.typtype = 'd'
), resolved AS (SELECT DISTINCT ON (top) top, base, typmod, nn FROM dom ORDER BY top, depth DESC)
SELECT a.attrelid AS rel, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS declared,
  a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity AS identity,
  a.attgenerated AS generated, base.typname AS base, base.typtype AS kind,
  coalesce(r.typmod, a.atttypmod) AS typmod, coalesce(r.nn, false) AS domain_not_null,
  elem.typname AS element,
  (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e
    WHERE e.enumtypid = coalesce(elem.oid, base.oid)) AS labels,
  (SELECT coalesce(json_agg(json_build_object('name', c.conname, 'definition', pg_get_constraintdef(c.oid))), '[]')
    FROM pg_constraint c WHERE c.contype = 'c' AND c.contypid IN (SELECT oid FROM dom WHERE dom.top = t.oid)) AS domain_checks
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN resolved r ON r.top = t.oid
JOIN pg_type base ON base.oid = coalesce(r.base, t.oid)
LEFT JOIN pg_type elem ON elem.oid = base.typelem AND base.typcategory = 'A'
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

/** Keys, foreign keys and checks, plus unique indexes that are not constraints (plain columns, no predicate). */
const CONSTRAINTS = `
SELECT c.conrelid AS rel, c.conname AS name, c.contype AS type,
  (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
  CASE WHEN c.contype = 'f' THEN (SELECT CASE WHEN fn.nspname = $2 THEN f.relname ELSE fn.nspname || '.' || f.relname END
    FROM pg_class f JOIN pg_namespace fn ON fn.oid = f.relnamespace WHERE f.oid = c.confrelid) END AS ref_table,
  (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS ref_columns,
  pg_get_constraintdef(c.oid) AS definition
FROM pg_constraint c WHERE c.conrelid = ANY($1::oid[]) AND c.contype IN ('p', 'u', 'f', 'c')
UNION ALL
SELECT i.indrelid, ic.relname, 'u',
  (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum),
  NULL, NULL, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE i.indrelid = ANY($1::oid[]) AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
ORDER BY 1, 2`;

const STATS = `
SELECT tablename AS table, attname AS column, null_frac::float8 AS null_fraction, n_distinct::float8 AS distinct,
  most_common_vals::text::text[] AS common_values, most_common_freqs::float8[] AS common_frequencies,
  histogram_bounds::text::text[] AS histogram
FROM pg_stats WHERE schemaname = $1`;

type Row = Record<string, unknown>;

async function typeOf(row: Row): Promise<CatalogType> {
  const checks = row.domain_checks as { name: string; definition: string }[];
  return {
    declared: row.declared as string,
    base: row.base as string,
    typmod: Number(row.typmod ?? -1),
    kind: row.kind as string,
    element: (row.element as string | null) ?? null,
    labels: (row.labels as string[] | null) ?? null,
    domainChecks: await Promise.all(
      checks.map(async (c) => ({ name: c.name, expression: await parseCheck(c.definition) })),
    ),
    domainNotNull: row.domain_not_null === true,
  };
}

async function columnOf(row: Row): Promise<CatalogColumn> {
  return {
    name: row.name as string,
    type: await typeOf(row),
    notNull: row.not_null === true,
    default: (row.default as string | null) ?? null,
    identity: row.identity as string,
    generated: row.generated as string,
  };
}

async function constraintOf(row: Row): Promise<CatalogConstraint> {
  return {
    name: row.name as string,
    type: row.type as CatalogConstraint['type'],
    columns: (row.columns as string[] | null) ?? [],
    references:
      row.ref_table === null ? null : { table: row.ref_table as string, columns: row.ref_columns as string[] },
    expression: row.type === 'c' ? await parseCheck(row.definition as string) : null,
  };
}

async function partitioningOf(row: Row): Promise<CatalogPartitioning | null> {
  if (row.relkind !== 'p') return null;
  return {
    strategy: row.strategy as string,
    columns: (row.part_columns as string[] | null) ?? [],
    bounds: await Promise.all(((row.bounds as string[] | null) ?? []).map(parseBound)),
  };
}

/**
 * Reads the tables of `schema` (ordinary and partitioned; partitions are their parent's rows), and with
 * `profile` the pg_stats aggregates of their columns.
 * @throws {SinkError} when the schema does not exist or holds no table.
 */
export async function readCatalog(main: PgConnection, schema: string, profile: boolean): Promise<Catalog> {
  const found = await main.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', 'looking up the schema', [schema]);
  if (found.rowCount === 0)
    throw new SinkError(
      `schema "${schema}" does not exist in database ${main.target.database}; name one with --schema (psql: \\dn lists them)`,
    );
  const tables = (await main.query(TABLES, 'reading the tables', [schema])).rows as Row[];
  if (tables.length === 0)
    throw new SinkError(`schema "${schema}" holds no table gen can read; name another with --schema`);
  const oids = tables.map((t) => t.oid);
  const columns = (await main.query(COLUMNS, 'reading the columns', [oids])).rows as Row[];
  const constraints = (await main.query(CONSTRAINTS, 'reading the constraints', [oids, schema])).rows as Row[];
  const read = async (t: Row): Promise<CatalogTable> => ({
    schema,
    name: t.name as string,
    columns: await Promise.all(columns.filter((c) => c.rel === t.oid).map(columnOf)),
    constraints: await Promise.all(constraints.filter((c) => c.rel === t.oid).map(constraintOf)),
    estimatedRows: Number(t.rows),
    partitioning: await partitioningOf(t),
  });
  return { tables: await Promise.all(tables.map(read)), stats: profile ? await readStats(main, schema) : null };
}

async function readStats(main: PgConnection, schema: string): Promise<Map<string, Map<string, ColumnStats>>> {
  const rows = (await main.query(STATS, 'reading pg_stats', [schema])).rows as Row[];
  const stats = new Map<string, Map<string, ColumnStats>>();
  for (const row of rows) {
    const table = stats.get(row.table as string) ?? new Map<string, ColumnStats>();
    stats.set(row.table as string, table);
    table.set(row.column as string, {
      nullFraction: Number(row.null_fraction),
      distinct: Number(row.distinct),
      commonValues: (row.common_values as string[] | null) ?? null,
      commonFrequencies: (row.common_frequencies as number[] | null) ?? null,
      histogram: (row.histogram as string[] | null) ?? null,
    });
  }
  return stats;
}
