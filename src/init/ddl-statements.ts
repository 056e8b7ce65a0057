import type { CatalogCheck, CatalogColumn, CatalogConstraint } from './catalog.ts';
import { type DdlTypes, ddlType, nameOf, SERIALS, typeKey } from './ddl-types.ts';
import { uniqueIndexOf } from './unique-index.ts';

/*
 * The statements of `gen init --ddl` that say something of the rows, each read into the tables declared
 * so far (`State`), in the order a script runs them: CREATE TYPE … AS ENUM, CREATE DOMAIN, CREATE SCHEMA
 * (and the statements in it), CREATE TABLE, ALTER TABLE (ADD CONSTRAINT, ATTACH PARTITION, SET DEFAULT, ADD
 * IDENTITY, SET NOT NULL), CREATE UNIQUE INDEX, CREATE FUNCTION and CREATE TRIGGER, SET search_path.
 */

// biome-ignore lint/suspicious/noExplicitAny: the parser's JSON tree is walked by shape, one optional step at a time
type Node = Record<string, any>;

export interface Draft {
  readonly schema: string;
  readonly name: string;
  readonly columns: CatalogColumn[];
  readonly constraints: CatalogConstraint[];
  partitioning: { strategy: string; columns: string[]; bounds: unknown[] } | null;
  readonly triggers: { name: string; fn: string; onInsert: boolean }[];
}

/** What the statements declared so far, as a reader walks them in order. */
export interface State {
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

export const strings = (list: readonly Node[] | undefined): string[] =>
  (list ?? []).map((n) => n.String.sval as string);

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
export function readStatement(stmt: Node, state: State): void {
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
