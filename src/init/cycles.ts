import type { TableDefinition } from '../dataset/types.ts';
import { nullColumn } from './exclusions.ts';

/*
 * References that loop (teams → employees → teams) cannot all be loaded in one order. One nullable
 * reference on each loop becomes always NULL, for the user to set with an UPDATE after the load; a loop of
 * NOT NULL references cannot be loaded at all, and its tables are left out.
 */

/** A loop of references: its tables (indexes), and a nullable reference on it (table, column), if any. */
interface Loop {
  readonly tables: readonly number[];
  readonly cut: readonly [number, number] | null;
}

/** The first loop of references among `tables`, or null. */
function findLoop(tables: readonly TableDefinition[]): Loop | null {
  const index = new Map(tables.map((t, i) => [t.name, i]));
  const state = tables.map(() => 0);
  const path: [number, number][] = [];
  const visit = (i: number): Loop | null => {
    state[i] = 1;
    for (const [ci, column] of tables[i]!.columns.entries()) {
      if (column.generator.kind !== 'reference' || column.generator.earlier === true) continue;
      const j = index.get(column.generator.table);
      if (j === undefined || j === i) continue;
      path.push([i, ci]);
      if (state[j] === 1) {
        const loop = path.slice(path.findIndex(([t]) => t === j));
        const cut = loop.find(([t, c]) => (tables[t]!.columns[c]!.nullRate ?? 0) > 0) ?? null;
        return { tables: loop.map(([t]) => t), cut };
      }
      if (state[j] === 0) {
        const found = visit(j);
        if (found !== null) return found;
      }
      path.pop();
    }
    state[i] = 2;
    return null;
  };
  for (let i = 0; i < tables.length; i++) {
    if (state[i] !== 0) continue;
    const found = visit(i);
    if (found !== null) return found;
  }
  return null;
}

/**
 * `tables` without loops of references: each loop cut at a nullable reference (then always NULL), or its
 * tables left out (added to `excluded` with the reason) when every reference on it is NOT NULL.
 */
export function breakCycles(
  tables: readonly TableDefinition[],
  excluded: Map<string, string>,
  notes: Map<string, string>,
  warnings: string[],
): TableDefinition[] {
  let out = [...tables];
  for (;;) {
    const loop = findLoop(out);
    if (loop === null) return out;
    if (loop.cut === null) {
      const names = loop.tables.map((t) => out[t]!.name);
      for (const name of names)
        excluded.set(
          name,
          `on a loop of NOT NULL references (${names.join(' → ')}), which no order can load: make one of those foreign keys nullable or DEFERRABLE`,
        );
      out = out.filter((t) => !names.includes(t.name));
      continue;
    }
    const [ti, ci] = loop.cut;
    const table = out[ti]!;
    const column = table.columns[ci]!;
    out[ti] = { ...table, columns: table.columns.map((c, i) => (i === ci ? nullColumn(column) : c)) };
    const message = `${table.name}.${column.name}: always NULL, to break a loop of references; set it with an UPDATE after the load`;
    notes.set(`${table.name}.${column.name}`, message);
    warnings.push(message);
  }
}
