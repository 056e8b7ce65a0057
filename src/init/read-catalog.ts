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
import { ownConstraints } from './partition-constraints.ts';
import { parseUniqueIndex } from './unique-index.ts';

/*
 * The catalog queries of `gen init`: a handful of reads of pg_catalog, with the server's own printers
 * (`format_type`, `pg_get_constraintdef`, `pg_get_expr`), so that types and constraints come back in the
 * words a CREATE statement would use (https://www.postgresql.org/docs/15/functions-info.html).
 * Only catalog rows and, with --profile, the pg_stats view (aggregates) are read: never a table's rows.
 */

const TABLES = `
SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind,
  (SELECT e.extname FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e' LIMIT 1) AS extension,
  CASE WHEN c.relkind = 'p' THEN coalesce((SELECT sum(greatest(p.reltuples, 0)) FROM pg_inherits i
    JOIN pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = c.oid), -1) ELSE c.reltuples END::float8 AS rows,
  pt.partstrat AS strategy,
  (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) AS part_columns,
  (SELECT array_agg(pg_get_expr(p.relpartbound, p.oid) ORDER BY p.relname) FROM pg_inherits i
    JOIN pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = c.oid) AS bounds
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND c.relname !~ '^_shardgen_'
ORDER BY n.nspname, c.relname`;

/**
 * The schemas that hold tables, but the system's, extensions' (pg_depend) and gen's own: what
 * `--all-schemas` reads.
 */
const SCHEMAS = `
SELECT n.nspname AS name FROM pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'shardgen') AND n.nspname !~ '^pg_(toast|temp)'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
  AND EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p'))
ORDER BY n.nspname`;

/** Triggers (not the ones constraints make) and the source of their functions. */
const TRIGGERS = `
SELECT t.tgrelid AS rel, t.tgname AS name, p.prosrc AS body, (t.tgtype & 4) <> 0 AS on_insert
FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
WHERE t.tgrelid = ANY($1::oid[]) AND NOT t.tgisinternal
ORDER BY t.tgrelid, t.tgname`;

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

/**
 * Keys, foreign keys and checks, plus unique indexes that are not constraints (their definitions, parsed
 * by `unique-index.ts`). A partitioned table also gets what is declared on its partitions alone (keys,
 * foreign keys and unique indexes that are not clones of the parent's: `conparentid = 0`, an index with
 * no parent index), since every row lands in one of them; `partition` says how many partitions declare it.
 */
const CONSTRAINTS = `
WITH RECURSIVE part(root, rel) AS (
  SELECT r.oid, r.oid FROM unnest($1::oid[]) r(oid)
  UNION ALL
  SELECT part.root, i.inhrelid FROM part JOIN pg_inherits i ON i.inhparent = part.rel
  JOIN pg_class pc ON pc.oid = i.inhrelid AND pc.relispartition
)
SELECT part.root AS rel, c.conname AS name, c.contype AS type, part.rel <> part.root AS on_partition,
  (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
  (SELECT f.relname FROM pg_class f WHERE f.oid = c.confrelid) AS ref_table,
  (SELECT fn.nspname FROM pg_class f JOIN pg_namespace fn ON fn.oid = f.relnamespace WHERE f.oid = c.confrelid) AS ref_schema,
  (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS ref_columns,
  pg_get_constraintdef(c.oid) AS definition, NULL AS index
FROM pg_constraint c JOIN part ON c.conrelid = part.rel
WHERE c.contype IN ('p', 'u', 'f', 'c')
  -- Not clones of a parent's constraint, nor a foreign key's clones for each partition of the table it references.
  AND c.conparentid = 0 AND (part.rel = part.root OR c.contype IN ('p', 'u', 'f'))
UNION ALL
SELECT part.root, ic.relname, 'u', part.rel <> part.root, NULL, NULL, NULL, NULL, NULL, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN part ON i.indrelid = part.rel JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE i.indisunique
  -- Not the index of a key constraint (a foreign key elsewhere also names the index it relies on).
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
  AND NOT EXISTS (SELECT 1 FROM pg_inherits ii WHERE ii.inhrelid = i.indexrelid)
ORDER BY 1, 2`;

const STATS = `
SELECT schemaname AS schema, tablename AS table, attname AS column, null_frac::float8 AS null_fraction, n_distinct::float8 AS distinct,
  most_common_vals::text::text[] AS common_values, most_common_freqs::float8[] AS common_frequencies,
  histogram_bounds::text::text[] AS histogram
FROM pg_stats WHERE schemaname = ANY($1::text[])`;

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

async function constraintOf(row: Row): Promise<CatalogConstraint | null> {
  const onPartition = row.on_partition === true ? { onPartition: true } : {};
  if (row.index !== null) {
    const index = await parseUniqueIndex(row.index as string, row.name as string);
    return index === null ? null : { ...index.constraint, ...onPartition, ...formOf(index.form) };
  }
  return {
    ...onPartition,
    name: row.name as string,
    type: row.type as CatalogConstraint['type'],
    columns: (row.columns as string[] | null) ?? [],
    references:
      row.ref_table === null
        ? null
        : { schema: row.ref_schema as string, table: row.ref_table as string, columns: row.ref_columns as string[] },
    expression: row.type === 'c' ? await parseCheck(row.definition as string) : null,
    ...(row.type === 'c' ? { definition: row.definition as string } : {}),
  };
}

function formOf(form: 'expression' | 'partial' | null): { form?: 'expression' | 'partial' } {
  return form === null ? {} : { form };
}

async function partitioningOf(row: Row): Promise<CatalogPartitioning | null> {
  if (row.relkind !== 'p') return null;
  return {
    strategy: row.strategy as string,
    columns: (row.part_columns as string[] | null) ?? [],
    bounds: await Promise.all(((row.bounds as string[] | null) ?? []).map(parseBound)),
  };
}

/** Which schemas to read: a list, or every schema that holds tables (not the system's or extensions'). */
export type SchemaChoice = readonly string[] | 'all';

async function schemasOf(main: PgConnection, choice: SchemaChoice): Promise<string[]> {
  if (choice === 'all') {
    const all = (await main.query(SCHEMAS, 'listing the schemas')).rows.map((r) => r.name as string);
    if (all.length === 0) throw new SinkError(`database ${main.target.database} holds no table gen can read`);
    return all;
  }
  const found = await main.query(
    'SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[])',
    'looking up the schemas',
    [choice],
  );
  const known = new Set(found.rows.map((r) => r.nspname as string));
  const missing = choice.find((s) => !known.has(s));
  if (missing !== undefined)
    throw new SinkError(
      `schema "${missing}" does not exist in database ${main.target.database}; name one with --schema, or --all-schemas (psql: \\dn lists them)`,
    );
  return [...choice];
}

/**
 * Reads the tables of the chosen schemas (ordinary and partitioned; partitions are their parent's rows),
 * their triggers and the extension that owns each, and with `profile` the pg_stats aggregates of their
 * columns.
 * @throws {SinkError} when a schema does not exist or none holds a table.
 */
export async function readCatalog(main: PgConnection, choice: SchemaChoice, profile: boolean): Promise<Catalog> {
  const schemas = await schemasOf(main, choice);
  const tables = (await main.query(TABLES, 'reading the tables', [schemas])).rows as Row[];
  if (tables.length === 0)
    throw new SinkError(
      `schema${schemas.length === 1 ? '' : 's'} ${schemas.map((s) => `"${s}"`).join(', ')} ${schemas.length === 1 ? 'holds' : 'hold'} no table gen can read; name another with --schema, or --all-schemas`,
    );
  const oids = tables.map((t) => t.oid);
  const columns = (await main.query(COLUMNS, 'reading the columns', [oids])).rows as Row[];
  const constraints = (await main.query(CONSTRAINTS, 'reading the constraints', [oids])).rows as Row[];
  const triggers = (await main.query(TRIGGERS, 'reading the triggers', [oids])).rows as Row[];
  const read = async (t: Row): Promise<CatalogTable> => ({
    schema: t.schema as string,
    name: t.name as string,
    columns: await Promise.all(columns.filter((c) => c.rel === t.oid).map(columnOf)),
    constraints: ownConstraints(
      (await Promise.all(constraints.filter((c) => c.rel === t.oid).map(constraintOf))).filter((c) => c !== null),
    ),
    estimatedRows: Number(t.rows),
    partitioning: await partitioningOf(t),
    extension: (t.extension as string | null) ?? null,
    triggers: triggers
      .filter((g) => g.rel === t.oid)
      .map((g) => ({ name: g.name as string, body: (g.body as string) ?? '', onInsert: g.on_insert === true })),
  });
  return { tables: await Promise.all(tables.map(read)), stats: profile ? await readStats(main, schemas) : null };
}

async function readStats(
  main: PgConnection,
  schemas: readonly string[],
): Promise<Map<string, Map<string, ColumnStats>>> {
  const rows = (await main.query(STATS, 'reading pg_stats', [schemas])).rows as Row[];
  const stats = new Map<string, Map<string, ColumnStats>>();
  for (const row of rows) {
    const key = `${row.schema as string}.${row.table as string}`;
    const table = stats.get(key) ?? new Map<string, ColumnStats>();
    stats.set(key, table);
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
