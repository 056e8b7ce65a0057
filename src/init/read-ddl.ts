import { parse } from 'libpg-query';
import { DatasetError } from '../errors.ts';
import type { Catalog, CatalogTable } from './catalog.ts';
import { type Draft, readStatement, type State } from './ddl-statements.ts';
import { ownConstraints } from './partition-constraints.ts';
import type { SchemaChoice } from './read-catalog.ts';
import { statementsOf, withoutPsqlCommands } from './sql-script.ts';

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
  // gen's own tables (its run log's schema, a dead run's staging tables) are not the application's, as in read-catalog.
  const chosen = [...state.tables.values()].filter(
    (t) =>
      (choice === 'all' || choice.includes(t.schema)) && t.schema !== 'shardgen' && !t.name.startsWith('_shardgen_'),
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
