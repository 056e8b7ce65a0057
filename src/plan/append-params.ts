import type { DatasetDefinition } from '../dataset/types.ts';
import type { GenerationParams, RowIdRange } from '../generators/types.ts';

/** What an append found in one table and made of it. */
export interface AppendedTable {
  readonly name: string;
  /** The first row id this run makes (after the rows there). */
  readonly rowStart: number;
  /** Rows this run makes (0 for a lookup that already held rows). */
  readonly rows: number;
  /** The rows already there that references may draw (`RowIdRange`s), or none. */
  readonly existing?: readonly RowIdRange[];
}

/**
 * The parameters of an append's generators: each table's ids after the rows there (`tableStarts`), the rows
 * this run makes of each (a lookup left alone makes none), and the rows already there that references
 * draw among too (`existingRows`). The coordinator computes them from the database, `gen check` from the
 * run log: one function, so both make the same rows.
 */
export function appendParams(params: GenerationParams, tables: readonly AppendedTable[]): GenerationParams {
  const tableStarts: Record<string, number> = {};
  const existingRows: Record<string, readonly RowIdRange[]> = {};
  const tableRows: Record<string, number> | undefined = params.tableRows && { ...params.tableRows };
  for (const t of tables) {
    if (t.rowStart > 0) tableStarts[t.name] = t.rowStart;
    if (t.existing !== undefined && t.existing.length > 0) existingRows[t.name] = t.existing;
    if (tableRows !== undefined && t.name in tableRows) tableRows[t.name] = t.rows;
  }
  return {
    ...params,
    ...(tableRows === undefined ? {} : { tableRows }),
    ...(Object.keys(tableStarts).length === 0 ? {} : { tableStarts }),
    ...(Object.keys(existingRows).length === 0 ? {} : { existingRows }),
  };
}

/** The tables some integer reference of the dataset points at (those whose existing rows are worth reading). */
export function referencedTables(dataset: DatasetDefinition): Set<string> {
  const out = new Set<string>();
  for (const table of dataset.tables)
    for (const { generator: g } of table.columns)
      if (g.kind === 'reference' && g.column === undefined && g.table !== table.name) out.add(g.table);
  return out;
}
