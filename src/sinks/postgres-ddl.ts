import type { ColumnDefinition, TableDefinition } from '../dataset/types.ts';

/**
 * SQL for the Postgres sink. Every identifier, from built-in datasets or user schemas alike, goes through
 * `quoteIdent`, so a table named `x"; drop table y; --` is just a table name.
 */

/** Quotes an identifier the way PostgreSQL's quote_ident does: double quotes, inner quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."table"`. */
export function qualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/** The SQL type of a column; it matches what `pg-binary.ts` sends. */
export function sqlType(column: ColumnDefinition): string {
  switch (column.type.kind) {
    case 'int64':
      return 'bigint';
    case 'float64':
      return 'double precision';
    case 'decimal':
      return `numeric(18, ${column.type.scale})`;
    case 'bool':
      return 'boolean';
    case 'utf8':
      return 'text';
    case 'timestamp':
      return 'timestamptz';
  }
}

/** `CREATE TABLE` for `table` under the name `name` (a staging name while loading): no keys yet, for speed. */
export function createTableSql(schema: string, name: string, table: TableDefinition): string {
  const columns = table.columns.map((c) => `${quoteIdent(c.name)} ${sqlType(c)} NOT NULL`);
  return `CREATE TABLE ${qualified(schema, name)} (${columns.join(', ')})`;
}
