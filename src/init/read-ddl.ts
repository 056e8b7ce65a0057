import { parse } from 'libpg-query';
import { DatasetError } from '../errors.ts';
import type { Catalog, CatalogCheck, CatalogColumn, CatalogConstraint, CatalogTable } from './catalog.ts';
import { type DdlTypes, ddlType, nameOf, SERIALS } from './ddl-types.ts';

/*
 * `gen init --ddl FILE`: a file of CREATE statements (a `pg_dump --schema-only`, a migration) read with the
 * real PostgreSQL parser (libpg-query) into the same catalog model as a live database: CREATE TYPE … AS
 * ENUM, CREATE DOMAIN, CREATE TABLE (columns, keys, references, checks, identity and generated columns,
 * PARTITION BY / PARTITION OF), ALTER TABLE … ADD CONSTRAINT and CREATE UNIQUE INDEX. Other statements
 * (indexes, grants, comments, functions…) say nothing about the rows and are skipped.
 */

// biome-ignore lint/suspicious/noExplicitAny: the parser's JSON tree is walked by shape, one optional step at a time
type Node = Record<string, any>;

interface Draft {
  readonly name: string;
  readonly columns: CatalogColumn[];
  readonly constraints: CatalogConstraint[];
  partitioning: { strategy: string; columns: string[]; bounds: unknown[] } | null;
}

const strings = (list: readonly Node[] | undefined): string[] => (list ?? []).map((n) => n.String.sval as string);

const STRATEGIES: Readonly<Record<string, string>> = {
  PARTITION_STRATEGY_RANGE: 'r',
  PARTITION_STRATEGY_LIST: 'l',
  PARTITION_STRATEGY_HASH: 'h',
};

/** The constraints that matter to the rows, with the suffix of the name Postgres gives them. */
const KINDS: Readonly<Record<string, { suffix: string; type: CatalogConstraint['type'] }>> = {
  CONSTR_PRIMARY: { suffix: 'pkey', type: 'p' },
  CONSTR_UNIQUE: { suffix: 'key', type: 'u' },
  CONSTR_FOREIGN: { suffix: 'fkey', type: 'f' },
  CONSTR_CHECK: { suffix: 'check', type: 'c' },
};

/** A table constraint (from a table element, a column's constraint, or ALTER TABLE), named as Postgres would. */
function constraintOf(table: string, c: Node, column: string | null): CatalogConstraint | null {
  const columns = column !== null ? [column] : strings(c.keys ?? c.fk_attrs);
  const kind = KINDS[c.contype as string];
  if (kind === undefined) return null;
  const { suffix, type } = kind;
  const name = (c.conname as string | undefined) ?? [table, ...(suffix === 'pkey' ? [] : columns), suffix].join('_');
  const target = c.pktable as Node | undefined;
  return {
    name,
    type,
    columns: type === 'c' ? [] : columns,
    references: target === undefined ? null : { table: target.relname as string, columns: strings(c.pk_attrs) },
    expression: type === 'c' ? (c.raw_expr ?? null) : null,
  };
}

function columnOf(table: Draft, def: Node, types: DdlTypes): CatalogColumn {
  const constraints = ((def.constraints as Node[] | undefined) ?? []).map((c) => c.Constraint as Node);
  const has = (contype: string) => constraints.find((c) => c.contype === contype);
  for (const c of constraints) {
    const found = constraintOf(table.name, c, def.colname);
    if (found !== null) table.constraints.push(found);
  }
  const serial = SERIALS[nameOf(def.typeName.names)] !== undefined;
  return {
    name: def.colname as string,
    type: ddlType(def.typeName, types),
    notNull: has('CONSTR_NOTNULL') !== undefined || has('CONSTR_PRIMARY') !== undefined || serial,
    default: serial ? 'nextval(…)' : has('CONSTR_DEFAULT') !== undefined ? '(a default)' : null,
    identity: (has('CONSTR_IDENTITY')?.generated_when as string | undefined) ?? '',
    generated: has('CONSTR_GENERATED') !== undefined ? 's' : '',
  };
}

function createTable(stmt: Node, types: DdlTypes, tables: Map<string, Draft>): void {
  const name = stmt.relation.relname as string;
  if (stmt.partbound !== undefined) {
    const parent = tables.get(stmt.inhRelations?.[0]?.RangeVar?.relname);
    parent?.partitioning?.bounds.push(stmt.partbound);
    return;
  }
  const table: Draft = { name, columns: [], constraints: [], partitioning: null };
  for (const element of (stmt.tableElts as Node[] | undefined) ?? []) {
    if (element.ColumnDef !== undefined) table.columns.push(columnOf(table, element.ColumnDef, types));
    const found = element.Constraint === undefined ? null : constraintOf(name, element.Constraint, null);
    if (found !== null) table.constraints.push(found);
  }
  const spec = stmt.partspec as Node | undefined;
  if (spec !== undefined)
    table.partitioning = {
      strategy: STRATEGIES[spec.strategy as string] ?? 'h',
      columns: (spec.partParams as Node[]).flatMap((p) =>
        p.PartitionElem?.name === undefined ? [] : [p.PartitionElem.name],
      ),
      bounds: [],
    };
  tables.set(name, table);
}

function alterTable(stmt: Node, tables: Map<string, Draft>): void {
  const table = tables.get(stmt.relation.relname);
  for (const cmd of (stmt.cmds as Node[] | undefined) ?? []) {
    const def = cmd.AlterTableCmd?.def?.Constraint as Node | undefined;
    if (table === undefined || cmd.AlterTableCmd?.subtype !== 'AT_AddConstraint' || def === undefined) continue;
    const found = constraintOf(table.name, def, null);
    if (found !== null) table.constraints.push(found);
  }
}

/** A unique index on plain columns, without a predicate, is a unique constraint for what the rows may hold. */
function uniqueIndex(stmt: Node, tables: Map<string, Draft>): void {
  const table = tables.get(stmt.relation.relname);
  const columns = (stmt.indexParams as Node[]).map((p) => p.IndexElem?.name as string | undefined);
  if (table === undefined || !stmt.unique || stmt.whereClause !== undefined || columns.some((c) => c === undefined))
    return;
  const name = (stmt.idxname as string | undefined) ?? `${table.name}_${columns.join('_')}_idx`;
  table.constraints.push({ name, type: 'u', columns: columns as string[], references: null, expression: null });
}

function domainOf(stmt: Node, types: DdlTypes): void {
  const constraints = ((stmt.constraints as Node[] | undefined) ?? []).map((c) => c.Constraint as Node);
  const name = nameOf(stmt.domainname);
  const checks: CatalogCheck[] = constraints
    .filter((c) => c.contype === 'CONSTR_CHECK')
    .map((c, i) => ({
      name: (c.conname as string | undefined) ?? `${name}_check${i === 0 ? '' : i}`,
      expression: c.raw_expr ?? null,
    }));
  types.domains.set(name, {
    type: stmt.typeName,
    notNull: constraints.some((c) => c.contype === 'CONSTR_NOTNULL'),
    checks,
  });
}

/** Whether a statement names a table of `schema` (an unqualified name counts: it lands in the first of the search path). */
const inSchema = (relation: Node | undefined, schema: string): boolean =>
  relation?.schemaname === undefined || relation.schemaname === schema;

/**
 * Reads the tables of `schema` from CREATE statements.
 * @throws {DatasetError} naming the file and the line of a syntax error, or when no table is there.
 */
export async function readDdl(sql: string, file: string, schema: string): Promise<Catalog> {
  const tree = (await parse(sql).catch((error: { message: string; sqlDetails?: { cursorPosition?: number } }) => {
    const at = error.sqlDetails?.cursorPosition;
    const line = at === undefined ? '' : ` (line ${sql.slice(0, at).split('\n').length})`;
    throw new DatasetError(`${file}: ${error.message}${line}; init --ddl reads PostgreSQL CREATE statements`);
  })) as Node;
  const types: DdlTypes = { enums: new Map(), domains: new Map() };
  const tables = new Map<string, Draft>();
  for (const { stmt } of tree.stmts as Node[]) {
    if (stmt.CreateEnumStmt !== undefined)
      types.enums.set(nameOf(stmt.CreateEnumStmt.typeName), strings(stmt.CreateEnumStmt.vals));
    else if (stmt.CreateDomainStmt !== undefined) domainOf(stmt.CreateDomainStmt, types);
    else if (stmt.CreateStmt !== undefined && inSchema(stmt.CreateStmt.relation, schema))
      createTable(stmt.CreateStmt, types, tables);
    else if (stmt.AlterTableStmt !== undefined && inSchema(stmt.AlterTableStmt.relation, schema))
      alterTable(stmt.AlterTableStmt, tables);
    else if (stmt.IndexStmt !== undefined && inSchema(stmt.IndexStmt.relation, schema))
      uniqueIndex(stmt.IndexStmt, tables);
  }
  if (tables.size === 0)
    throw new DatasetError(`${file}: no CREATE TABLE of schema "${schema}"; name another with --schema`);
  // By name, as the catalog lists them: the same file and database give the same schema file.
  const sorted = [...tables.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { tables: sorted.map((t) => draftTable(t, schema, tables)), stats: null };
}

/**
 * A draft as a catalog table: a reference without columns targets the referenced table's primary key, and
 * the primary key's columns are NOT NULL (Postgres makes them so).
 */
function draftTable(draft: Draft, schema: string, tables: ReadonlyMap<string, Draft>): CatalogTable {
  const key = new Set(draft.constraints.find((c) => c.type === 'p')?.columns ?? []);
  const columns = draft.columns.map((c) => (key.has(c.name) ? { ...c, notNull: true } : c));
  const constraints = draft.constraints.map((c) => {
    if (c.references === null || c.references.columns.length > 0) return c;
    const target = tables.get(c.references.table)?.constraints.find((k) => k.type === 'p')?.columns ?? [];
    return { ...c, references: { ...c.references, columns: target } };
  });
  return {
    schema,
    name: draft.name,
    columns,
    constraints,
    estimatedRows: -1,
    partitioning: draft.partitioning,
  };
}
