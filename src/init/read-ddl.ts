import { parse } from 'libpg-query';
import { DatasetError } from '../errors.ts';
import type { Catalog, CatalogCheck, CatalogColumn, CatalogConstraint, CatalogTable } from './catalog.ts';
import { type DdlTypes, ddlType, nameOf, SERIALS, typeKey } from './ddl-types.ts';
import { ownConstraints } from './partition-constraints.ts';
import type { SchemaChoice } from './read-catalog.ts';
import { statementsOf, withoutPsqlCommands } from './sql-script.ts';
import { uniqueIndexOf } from './unique-index.ts';

/*
 * `gen init --ddl FILE`: a file of CREATE statements (a `pg_dump --schema-only`, a Rails `structure.sql`,
 * migrations) read with the real PostgreSQL parser (libpg-query) into the same catalog model as a live
 * database: CREATE TYPE … AS ENUM, CREATE DOMAIN, CREATE SCHEMA (and the tables in it), CREATE TABLE
 * (columns, keys, references, checks, identity and generated columns, PARTITION BY / PARTITION OF),
 * ALTER TABLE (ADD CONSTRAINT, ATTACH PARTITION, SET DEFAULT, ADD IDENTITY, SET NOT NULL), CREATE UNIQUE
 * INDEX, CREATE FUNCTION and CREATE TRIGGER (what triggers insert into); psql's meta-commands
 * (`\restrict`, `\connect`) and COPY data are skipped. Other statements say nothing about the rows.
 */

// biome-ignore lint/suspicious/noExplicitAny: the parser's JSON tree is walked by shape, one optional step at a time
type Node = Record<string, any>;

interface Draft {
  readonly schema: string;
  readonly name: string;
  readonly columns: CatalogColumn[];
  readonly constraints: CatalogConstraint[];
  partitioning: { strategy: string; columns: string[]; bounds: unknown[] } | null;
  readonly triggers: { name: string; fn: string; onInsert: boolean }[];
}

/** What the statements declared so far, as a reader walks them in order. */
interface State {
  readonly types: DdlTypes;
  /** Tables by `schema.name`. */
  readonly tables: Map<string, Draft>;
  /** A partition's `schema.name` → its parent's. */
  readonly partitions: Map<string, string>;
  /** Function bodies by name (last part, lower case). */
  readonly functions: Map<string, string>;
  /** Where unqualified names go: the first schema of `SET search_path` (default public). */
  schema: string;
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

/** `schema.name` of a RangeVar, unqualified names in the search path's first schema. */
function keyOf(state: State, relation: Node | undefined): string {
  return `${(relation?.schemaname as string | undefined) ?? state.schema}.${relation?.relname as string}`;
}

/** The draft a statement's relation names; a partition's statements go to its parent. */
function draftOf(state: State, relation: Node | undefined): { draft: Draft; onPartition: boolean } | undefined {
  const key = keyOf(state, relation);
  const parent = state.partitions.get(key);
  const draft = state.tables.get(parent ?? key);
  return draft === undefined ? undefined : { draft, onPartition: parent !== undefined };
}

/** A table constraint (from a table element, a column's constraint, or ALTER TABLE), named as Postgres would. */
function constraintOf(state: State, table: string, c: Node, column: string | null): CatalogConstraint | null {
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
    references:
      target === undefined
        ? null
        : {
            schema: (target.schemaname as string | undefined) ?? state.schema,
            table: target.relname as string,
            columns: strings(c.pk_attrs),
          },
    expression: type === 'c' ? (c.raw_expr ?? null) : null,
  };
}

/** A column's DEFAULT as the catalog would print it, enough to tell a sequence (`nextval(…)`) from others. */
function defaultOf(expr: Node | undefined): string {
  const fn = expr?.FuncCall?.funcname as Node[] | undefined;
  return fn !== undefined && nameOf(fn) === 'nextval' ? 'nextval(…)' : '(a default)';
}

function columnOf(state: State, table: Draft, def: Node): CatalogColumn {
  const constraints = ((def.constraints as Node[] | undefined) ?? []).map((c) => c.Constraint as Node);
  const has = (contype: string) => constraints.find((c) => c.contype === contype);
  for (const c of constraints) {
    const found = constraintOf(state, table.name, c, def.colname);
    if (found !== null) table.constraints.push(found);
  }
  const serial = SERIALS[nameOf(def.typeName.names)] !== undefined;
  const given = has('CONSTR_DEFAULT');
  return {
    name: def.colname as string,
    type: ddlType(def.typeName, state.types, state.schema),
    notNull: has('CONSTR_NOTNULL') !== undefined || has('CONSTR_PRIMARY') !== undefined || serial,
    default: serial ? 'nextval(…)' : given !== undefined ? defaultOf(given.raw_expr) : null,
    identity: (has('CONSTR_IDENTITY')?.generated_when as string | undefined) ?? '',
    generated: has('CONSTR_GENERATED') !== undefined ? 's' : '',
  };
}

function createTable(stmt: Node, state: State): void {
  const key = keyOf(state, stmt.relation);
  if (stmt.partbound !== undefined) {
    const parent = draftOf(state, stmt.inhRelations?.[0]?.RangeVar);
    if (parent === undefined) return;
    parent.draft.partitioning?.bounds.push(stmt.partbound);
    state.partitions.set(key, `${parent.draft.schema}.${parent.draft.name}`);
    return;
  }
  const schema = key.slice(0, key.length - (stmt.relation.relname as string).length - 1);
  const table: Draft = {
    schema,
    name: stmt.relation.relname,
    columns: [],
    constraints: [],
    partitioning: null,
    triggers: [],
  };
  for (const element of (stmt.tableElts as Node[] | undefined) ?? []) {
    if (element.ColumnDef !== undefined) table.columns.push(columnOf(state, table, element.ColumnDef));
    const found = element.Constraint === undefined ? null : constraintOf(state, table.name, element.Constraint, null);
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
  state.tables.set(key, table);
}

/** `ALTER TABLE parent ATTACH PARTITION child FOR VALUES …`: the child's rows and rules are the parent's. */
function attach(state: State, parent: Draft, cmd: Node): void {
  const childKey = keyOf(state, cmd.def.PartitionCmd.name);
  const child = state.tables.get(childKey);
  parent.partitioning?.bounds.push(cmd.def.PartitionCmd.bound);
  state.partitions.set(childKey, `${parent.schema}.${parent.name}`);
  if (child === undefined) return;
  state.tables.delete(childKey);
  for (const c of child.constraints) if (c.type !== 'c') parent.constraints.push({ ...c, onPartition: true });
}

function alterColumn(table: Draft, name: string, change: Partial<CatalogColumn>): void {
  const i = table.columns.findIndex((c) => c.name === name);
  if (i >= 0) table.columns[i] = { ...table.columns[i]!, ...change };
}

function alterTable(stmt: Node, state: State): void {
  const found = draftOf(state, stmt.relation);
  if (found === undefined) return;
  const { draft: table, onPartition } = found;
  for (const { AlterTableCmd: cmd } of (stmt.cmds as Node[] | undefined) ?? []) {
    const def = cmd?.def as Node | undefined;
    if (cmd?.subtype === 'AT_AttachPartition' && !onPartition) attach(state, table, cmd);
    else if (cmd?.subtype === 'AT_ColumnDefault' && def !== undefined && !onPartition)
      alterColumn(table, cmd.name, { default: defaultOf(def) });
    else if (cmd?.subtype === 'AT_AddIdentity' && !onPartition)
      alterColumn(table, cmd.name, { identity: (def?.Constraint?.generated_when as string | undefined) ?? 'd' });
    else if (cmd?.subtype === 'AT_SetNotNull' && !onPartition) alterColumn(table, cmd.name, { notNull: true });
    else if (cmd?.subtype === 'AT_AddConstraint' && def?.Constraint !== undefined) {
      const made = constraintOf(state, table.name, def.Constraint, null);
      if (made !== null && !(onPartition && made.type === 'c'))
        table.constraints.push(onPartition ? { ...made, onPartition } : made);
    }
  }
}

function uniqueIndex(stmt: Node, state: State): void {
  const found = draftOf(state, stmt.relation);
  const index = found === undefined ? null : uniqueIndexOf(stmt, found.draft.name);
  if (found === undefined || index === null) return;
  const { onPartition } = found;
  found.draft.constraints.push({
    ...index.constraint,
    ...(onPartition ? { onPartition } : {}),
    ...(index.form === null ? {} : { form: index.form }),
  });
}

function domainOf(stmt: Node, types: DdlTypes, schema: string): void {
  const constraints = ((stmt.constraints as Node[] | undefined) ?? []).map((c) => c.Constraint as Node);
  const name = nameOf(stmt.domainname);
  const checks: CatalogCheck[] = constraints
    .filter((c) => c.contype === 'CONSTR_CHECK')
    .map((c, i) => ({
      name: (c.conname as string | undefined) ?? `${name}_check${i === 0 ? '' : i}`,
      expression: c.raw_expr ?? null,
    }));
  types.domains.set(typeKey(stmt.domainname, schema), {
    type: stmt.typeName,
    notNull: constraints.some((c) => c.contype === 'CONSTR_NOTNULL'),
    checks,
  });
}

function functionOf(stmt: Node, state: State): void {
  const body = (stmt.options as Node[] | undefined)?.find((o) => o.DefElem?.defname === 'as')?.DefElem.arg;
  const text = strings(body?.List?.items).join('\n');
  state.functions.set(nameOf(stmt.funcname), text);
}

function triggerOf(stmt: Node, state: State): void {
  const found = draftOf(state, stmt.relation);
  if (found !== undefined && !found.onPartition)
    found.draft.triggers.push({
      name: stmt.trigname as string,
      fn: nameOf(stmt.funcname),
      // The event bits are pg_trigger.tgtype's: 4 is INSERT.
      onInsert: (((stmt.events as number | undefined) ?? 0) & 4) !== 0,
    });
}

/** `SET search_path = a, b`: unqualified names that follow go to schema a. */
function searchPath(stmt: Node, state: State): void {
  if (stmt.name !== 'search_path' || stmt.kind !== 'VAR_SET_VALUE') return;
  const first = (stmt.args as Node[] | undefined)?.[0]?.A_Const?.sval?.sval as string | undefined;
  if (first !== undefined && first !== '' && !first.startsWith('$')) state.schema = first;
}

/** One statement; CREATE SCHEMA's own statements go to that schema. */
function readStatement(stmt: Node, state: State): void {
  if (stmt.CreateEnumStmt !== undefined)
    state.types.enums.set(typeKey(stmt.CreateEnumStmt.typeName, state.schema), strings(stmt.CreateEnumStmt.vals));
  else if (stmt.CreateDomainStmt !== undefined) domainOf(stmt.CreateDomainStmt, state.types, state.schema);
  else if (stmt.CreateStmt !== undefined) createTable(stmt.CreateStmt, state);
  else if (stmt.AlterTableStmt !== undefined) alterTable(stmt.AlterTableStmt, state);
  else if (stmt.IndexStmt !== undefined) uniqueIndex(stmt.IndexStmt, state);
  else if (stmt.CreateFunctionStmt !== undefined) functionOf(stmt.CreateFunctionStmt, state);
  else if (stmt.CreateTrigStmt !== undefined) triggerOf(stmt.CreateTrigStmt, state);
  else if (stmt.VariableSetStmt !== undefined) searchPath(stmt.VariableSetStmt, state);
  else if (stmt.CreateSchemaStmt !== undefined) {
    const outer = state.schema;
    state.schema = stmt.CreateSchemaStmt.schemaname as string;
    for (const element of (stmt.CreateSchemaStmt.schemaElts as Node[] | undefined) ?? []) readStatement(element, state);
    state.schema = outer;
  }
}

/**
 * Reads the tables of the chosen schemas from CREATE statements.
 * @throws {DatasetError} naming the file and the line of a syntax error, or when no table is there.
 */
export async function readDdl(sql: string, file: string, choice: SchemaChoice): Promise<Catalog> {
  const script = withoutPsqlCommands(sql);
  const tree = await parseScript(script, file);
  const state: State = {
    types: { enums: new Map(), domains: new Map() },
    tables: new Map(),
    partitions: new Map(),
    functions: new Map(),
    schema: 'public',
  };
  for (const stmt of tree) readStatement(stmt, state);
  // gen's own tables (its run log, a dead run's staging tables) are not the application's, as in read-catalog.
  const chosen = [...state.tables.values()].filter(
    (t) =>
      (choice === 'all' || choice.includes(t.schema)) && t.name !== 'shardgen_runs' && !t.name.startsWith('_shardgen_'),
  );
  if (chosen.length === 0)
    throw new DatasetError(
      `${file}: no CREATE TABLE of schema ${choice === 'all' ? 'any' : choice.map((s) => `"${s}"`).join(', ')}; name another with --schema, or --all-schemas`,
    );
  // By schema and name, as the catalog lists them: the same file and database give the same schema file.
  const sorted = chosen.sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name));
  return { tables: sorted.map((t) => draftTable(t, state)), stats: null };
}

/** Statements that say something of the rows: one that does not parse is an error; any other is skipped. */
const READ =
  /^\s*(create\s+(table|type|domain|schema|unique\s+index|trigger|or\s+replace\s+trigger)|alter\s+table|set\s+search_path)\b/i;

/**
 * A script's statement trees. The parser is PostgreSQL 18's, so a dump of an older server may hold what it
 * no longer reads (a parameter named `json`, a keyword since): where the whole does not parse, statements
 * are parsed one by one and those of no interest to the rows that fail are skipped.
 * @throws {DatasetError} naming the file and the line of a statement gen reads that does not parse.
 */
async function parseScript(script: string, file: string): Promise<Node[]> {
  const whole = (await parse(script).catch(() => null)) as Node | null;
  if (whole !== null) return (whole.stmts as Node[]).map((s) => s.stmt);
  const trees: Node[] = [];
  for (const { text, start } of statementsOf(script)) {
    const tree = (await parse(text).catch((error: { message: string; sqlDetails?: { cursorPosition?: number } }) => {
      const body = text.replace(/^(\s|--[^\n]*\n)*/, '');
      if (!READ.test(body)) return null;
      const at = start + (error.sqlDetails?.cursorPosition ?? 0);
      const line = ` (line ${script.slice(0, at).split('\n').length})`;
      throw new DatasetError(`${file}: ${error.message}${line}; init --ddl reads PostgreSQL CREATE statements`);
    })) as Node | null;
    for (const s of (tree?.stmts as Node[] | undefined) ?? []) trees.push(s.stmt);
  }
  return trees;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A draft as a catalog table: a reference without columns targets the referenced table's primary key, the
 * primary key's columns are NOT NULL (Postgres makes them so), and triggers carry their function's body.
 */
function draftTable(draft: Draft, state: State): CatalogTable {
  const key = new Set(draft.constraints.find((c) => c.type === 'p')?.columns ?? []);
  const columns = draft.columns.map((c) => (key.has(c.name) ? { ...c, notNull: true } : c));
  const constraints = draft.constraints.map((c) => {
    if (c.references === null || c.references.columns.length > 0) return c;
    const target = state.tables.get(`${c.references.schema}.${c.references.table}`);
    const columns = target?.constraints.find((k) => k.type === 'p')?.columns ?? [];
    return { ...c, references: { ...c.references, columns } };
  });
  return {
    schema: draft.schema,
    name: draft.name,
    columns,
    constraints: ownConstraints(constraints),
    estimatedRows: -1,
    partitioning: draft.partitioning,
    extension: null,
    triggers: draft.triggers.map((t) => ({
      name: t.name,
      body: state.functions.get(t.fn) ?? '',
      onInsert: t.onInsert,
    })),
  };
}
