import { parse } from 'libpg-query';
import type { CatalogConstraint } from './catalog.ts';

/*
 * Unique indexes that are not constraints, read the same way from a live database (`pg_get_indexdef`) and
 * from CREATE statements: `CREATE UNIQUE INDEX ON t (a, b)`, on an expression of columns
 * (`lower(name)`), or partial (`… WHERE deleted_at IS NULL`). gen keeps values unique over the columns
 * the index reads, which is as strict or stricter: distinct values stay distinct under the functions real
 * schemas index (`lower` of gen's keys, codes and emails, which differ by digits or letters of one case),
 * and rows outside a partial index's WHERE lose nothing by being unique too.
 */

// biome-ignore lint/suspicious/noExplicitAny: the parser's JSON tree is walked by shape, one optional step at a time
type Node = Record<string, any>;

/** Every column an expression reads (`ColumnRef`s, in order, once each). */
function columnsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) columnsIn(item, out);
    return out;
  }
  if (node === null || typeof node !== 'object') return out;
  const ref = (node as Node).ColumnRef as Node | undefined;
  if (ref !== undefined) {
    const name = (ref.fields as Node[]).at(-1)?.String?.sval as string | undefined;
    if (name !== undefined && !out.includes(name)) out.push(name);
    return out;
  }
  for (const value of Object.values(node)) columnsIn(value, out);
  return out;
}

/** How gen reads an index: its columns, and what it says beyond plain columns (for the file's comment). */
export interface UniqueIndex {
  readonly constraint: CatalogConstraint;
  /** `expression` or `partial` when the index is more than plain columns, else null. */
  readonly form: 'expression' | 'partial' | null;
}

/** A unique `IndexStmt` (libpg-query's tree) as a unique constraint over the columns it reads, or null. */
export function uniqueIndexOf(stmt: Node, table: string): UniqueIndex | null {
  if (stmt.unique !== true) return null;
  const elements = (stmt.indexParams as Node[]).map((p) => p.IndexElem as Node);
  const columns = columnsIn(
    elements.map((e) => (e.name !== undefined ? { ColumnRef: { fields: [{ String: { sval: e.name } }] } } : e.expr)),
  );
  if (columns.length === 0) return null;
  const expression = elements.some((e) => e.name === undefined);
  const name = (stmt.idxname as string | undefined) ?? `${table}_${columns.join('_')}_idx`;
  return {
    constraint: { name, type: 'u', columns, references: null, expression: null },
    form: expression ? 'expression' : stmt.whereClause !== undefined ? 'partial' : null,
  };
}

/** A unique index from its definition as `pg_get_indexdef` prints it, or null. */
export async function parseUniqueIndex(definition: string, table: string): Promise<UniqueIndex | null> {
  const tree = (await parse(definition).catch(() => null)) as Node | null;
  const stmt = tree?.stmts?.[0]?.stmt?.IndexStmt as Node | undefined;
  return stmt === undefined ? null : uniqueIndexOf(stmt, table);
}
