import { createHash } from 'node:crypto';
import { type ColumnDefinition, foreignKeys, isNullable, type TableDefinition } from '../dataset/types.ts';
import type { LooseConstraints } from '../dirty/defects.ts';
import { copyFormatOf, pgTypeOf } from '../encoders/pg-binary.ts';
import { MAX_IDENTIFIER_BYTES } from './postgres-names.ts';

/**
 * SQL for the Postgres sink. Every identifier, from built-in datasets or user schemas alike, goes through
 * `quoteIdent`, so a table named `x"; drop table y; --` is just a table name.
 */

/** Quotes an identifier the way PostgreSQL's quote_ident does: double quotes, inner quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The name of constraint `suffix` (`pkey`, `<column>_fkey`…) of the table named `owner`: Postgres's own
 * `<owner>_<suffix>`, and when that passes 63 bytes (which Postgres would cut, so two long names could
 * clash), its first bytes and a hash of the whole.
 */
export function constraintName(owner: string, suffix: string): string {
  const full = `${owner}_${suffix}`;
  if (Buffer.byteLength(full) <= MAX_IDENTIFIER_BYTES) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  let head = '';
  for (const char of full) {
    if (Buffer.byteLength(head + char) > MAX_IDENTIFIER_BYTES - hash.length - 1) break;
    head += char;
  }
  return `${head}_${hash}`;
}

/**
 * Where a dataset's table lives in Postgres: a name that gives its schema (`sales.orders`, as `gen init`
 * writes the tables of several schemas) is there, any other is in the run's schema (`--schema`).
 */
export function placeOf(schema: string, table: string): { readonly schema: string; readonly name: string } {
  const dot = table.indexOf('.');
  return dot < 0 ? { schema, name: table } : { schema: table.slice(0, dot), name: table.slice(dot + 1) };
}

/** A table's own name, without the schema its dataset name may give (`sales.orders` → `orders`). */
export function bareName(table: string): string {
  return placeOf('', table).name;
}

/** `"schema"."table"`, the schema the table's name gives (`placeOf`), else `schema`. */
export function qualified(schema: string, table: string): string {
  const place = placeOf(schema, table);
  return `${quoteIdent(place.schema)}.${quoteIdent(place.name)}`;
}

/** The schemas a run's tables live in (`placeOf`), each once. */
export function schemasOf(schema: string, tables: readonly { readonly name: string }[]): string[] {
  return [...new Set([schema, ...tables.map((t) => placeOf(schema, t.name).schema)])];
}

/**
 * The type as Postgres's `format_type()` names it, to compare an existing table's columns with the
 * dataset's before appending to it; null for a type the database chose (`sql`): COPY checks it.
 */
export function catalogType(column: ColumnDefinition): string | null {
  if (column.sql !== undefined) return null;
  const type = pgTypeOf(column);
  const names: Record<string, string> = {
    timestamptz: 'timestamp with time zone',
    time: 'time without time zone',
  };
  return names[type] ?? type.replace(', ', ',');
}

/** No constraint left out: a clean run's. */
export const STRICT: LooseConstraints = { notNull: new Set(), primaryKeys: new Set(), foreignKeys: new Set() };

/**
 * `CREATE TABLE` for `table` under the name `name` (a staging name while loading): no keys yet, for speed;
 * NOT NULL on every column that holds no NULL, except where `loose` (a dirty run) leaves it out.
 */
export function createTableSql(schema: string, name: string, table: TableDefinition, loose = STRICT): string {
  const notNull = (c: ColumnDefinition): boolean => !isNullable(c) && !loose.notNull.has(`${table.name}.${c.name}`);
  const columns = table.columns.map((c) => `${quoteIdent(c.name)} ${pgTypeOf(c)}${notNull(c) ? ' NOT NULL' : ''}`);
  return `CREATE TABLE ${qualified(schema, name)} (${columns.join(', ')})`;
}

/**
 * The index-backed constraints of a table: its primary key (`<name>_pkey`), a UNIQUE constraint per
 * unique column (`<name>_<column>_key`) and per unique set of columns (`<name>_<a>_<b>_key`), Postgres's own
 * naming. `suffix` follows the table's name.
 */
export function keyConstraints(table: TableDefinition, loose = STRICT): { suffix: string; definition: string }[] {
  const key = loose.primaryKeys.has(table.name) ? [] : (table.primaryKey ?? []);
  const single = key.length === 1 ? key[0] : undefined;
  return [
    ...(key.length === 0 ? [] : [{ suffix: 'pkey', definition: `PRIMARY KEY (${key.map(quoteIdent).join(', ')})` }]),
    ...table.columns
      .filter((c) => c.unique === true && c.name !== single)
      .map((c) => ({ suffix: `${c.name}_key`, definition: `UNIQUE (${quoteIdent(c.name)})` })),
    ...(table.unique ?? []).map((set) => ({
      suffix: `${set.join('_')}_key`,
      definition: `UNIQUE (${set.map(quoteIdent).join(', ')})`,
    })),
  ];
}

/** `ALTER TABLE … ADD CONSTRAINT …` for each of `keyConstraints(table)`, on the table loaded as `name`. */
export function keySql(schema: string, name: string, table: TableDefinition, loose = STRICT): string[] {
  return keyConstraints(table, loose).map(
    (k) =>
      `ALTER TABLE ${qualified(schema, name)} ADD CONSTRAINT ${quoteIdent(constraintName(bareName(name), k.suffix))} ${k.definition}`,
  );
}

/**
 * The columns of a foreign key from `column` to `target` of `parent`: the column alone when the target is
 * the parent's key or unique, else (a key of several columns) with the columns of `table` that look up the
 * key's other columns through it; null when they do not all (no constraint can be declared then).
 */
function keyColumns(
  table: TableDefinition,
  column: string,
  parent: TableDefinition,
  target: string,
): { columns: string[]; targets: string[] } | null {
  const single =
    (parent.primaryKey?.length === 1 && parent.primaryKey[0] === target) ||
    parent.columns.some((c) => c.name === target && c.unique === true);
  if (single) return { columns: [column], targets: [target] };
  for (const set of [parent.primaryKey ?? [], ...(parent.unique ?? [])]) {
    if (set.length < 2 || !set.includes(target)) continue;
    const along = set
      .filter((k) => k !== target)
      .map((k) =>
        table.columns.find(
          (c) => c.generator.kind === 'lookup' && c.generator.via === column && c.generator.column === k,
        ),
      );
    if (along.every((c) => c !== undefined))
      return {
        columns: [column, ...along.map((c) => c.name)],
        targets: [target, ...set.filter((k) => k !== target)],
      };
  }
  return null;
}

/**
 * `ALTER TABLE … ADD CONSTRAINT "<table>_<column>_fkey" FOREIGN KEY …` for each reference column of
 * `table` (loaded as `name`); `parentName` maps a parent table to the name it has now (its staging table
 * during an overwrite). A reference targets the parent's one-column primary key, a unique column, or a key
 * of several columns (with the lookups through it).
 */
export function foreignKeySql(
  schema: string,
  name: string,
  table: TableDefinition,
  dataset: readonly TableDefinition[],
  parentName: (table: string) => string,
  loose = STRICT,
): string[] {
  const kept = foreignKeys(table).filter(({ column }) => !loose.foreignKeys.has(`${table.name}.${column}`));
  return kept.flatMap(({ column, table: parent, target }) => {
    // Validation made sure of it: a referenced table has a one-column primary key (or `target` is given).
    const definition = dataset.find((t) => t.name === parent)!;
    const key = keyColumns(table, column, definition, target ?? definition.primaryKey![0]!);
    if (key === null) return [];
    const [columns, targets] = [key.columns.map(quoteIdent).join(', '), key.targets.map(quoteIdent).join(', ')];
    return [
      `ALTER TABLE ${qualified(schema, name)} ADD CONSTRAINT ${quoteIdent(constraintName(bareName(table.name), `${column}_fkey`))} FOREIGN KEY (${columns}) REFERENCES ${qualified(schema, parentName(parent))} (${targets})`,
    ];
  });
}

/**
 * `COPY "schema"."name" ("col", …) FROM STDIN (FORMAT binary)` (or `csv`, see `copyFormatOf`): columns
 * named, so a missing one is a clear error, and columns the dataset leaves out (generated ones, defaults)
 * are the database's to fill.
 */
export function copySql(schema: string, name: string, table: TableDefinition): string {
  return `COPY ${qualified(schema, name)} (${table.columns.map((c) => quoteIdent(c.name)).join(', ')}) FROM STDIN (FORMAT ${copyFormatOf(table)})`;
}

/**
 * The staging table of the `index`-th table of run `run`, in the schema of `table` when its name gives one
 * (a table is renamed within its schema). It does not contain the table's name, which could push it past
 * Postgres's 63-byte identifiers (silently truncated, and then unrecognisable).
 */
export function stagingName(run: string, index: number, table = ''): string {
  const { schema } = placeOf('', table);
  return `${schema === '' ? '' : `${schema}.`}_shardgen_${run}_${index}`;
}

/** Matches a staging table name; group 1 is its run. */
export const STAGING_NAME = /^_shardgen_([0-9a-f]{8})_\d+$/;
