import { type DatasetDefinition, foreignKeys } from '../../src/dataset/types.ts';
import { rangeOf } from '../../src/dirty/defects.ts';

/** A line of `defects.ndjson`. */
export interface Defect {
  readonly table: string;
  readonly column: string;
  readonly kind: string;
  readonly key: unknown;
}

/**
 * SQL counting, in the loaded or written tables, the rows that break each (kind, table, column) of
 * `truth`, beside the count the ground truth lists: clean data breaks none of them, so the two must be
 * equal. `from` names a table in the SQL dialect at hand (`dirty.orders`, `read_parquet('…')`).
 * Timestamps off their day (`late`) are left to `gen check`: the row's day is not a column. Malformed dates
 * (text formats only) are the values DuckDB cannot cast to a timestamp (`TRY_CAST`, DuckDB's SQL).
 */
export function defectCounts(
  dataset: DatasetDefinition,
  truth: readonly Defect[],
  from: (table: string) => string,
): { what: string; sql: string; expected: number }[] {
  const groups = [...new Set(truth.map((d) => `${d.kind} ${d.table} ${d.column}`))].map((g) => g.split(' '));
  return groups.flatMap(([kind, table, column]) => {
    const def = dataset.tables.find((t) => t.name === table)!;
    const t = from(table!);
    const sql: Record<string, () => string | null> = {
      null: () => `SELECT count(*)::int AS n FROM ${t} WHERE ${column} IS NULL`,
      malformed: () =>
        ['timestamp', 'date'].includes(def.columns.find((c) => c.name === column)!.type.kind)
          ? `SELECT count(*)::int AS n FROM ${t} WHERE ${column} IS NOT NULL AND TRY_CAST(${column} AS TIMESTAMP) IS NULL`
          : `SELECT count(*)::int AS n FROM ${t} WHERE ${column} NOT LIKE '%@%'`,
      out_of_range: () =>
        `SELECT count(*)::int AS n FROM ${t} WHERE ${column} > ${rangeOf(def.columns.find((c) => c.name === column)!)![1]}`,
      duplicate_key: () => `SELECT (count(*) - count(DISTINCT ${column}))::int AS n FROM ${t}`,
      orphan: () => {
        const parent = foreignKeys(def).find((f) => f.column === column)!.table;
        const key = dataset.tables.find((p) => p.name === parent)!.primaryKey![0]!;
        return `SELECT count(*)::int AS n FROM ${t} c WHERE c.${column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${from(parent)} p WHERE p.${key} = c.${column})`;
      },
      late: () => null,
    };
    const query = sql[kind!]!();
    const expected = truth.filter((d) => d.kind === kind && d.table === table && d.column === column).length;
    return query === null ? [] : [{ what: `${kind} ${table}.${column}`, sql: query, expected }];
  });
}
