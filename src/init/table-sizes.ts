import type { TableDefinition } from '../dataset/types.ts';
import { fewestCombinations } from '../generators/key-tuple.ts';
import type { CatalogTable } from './catalog.ts';

/** Rows of a table no one references, when the database has no estimates: 1000, ×10 per level below. */
const BASE_ROWS = 1000;
const MAX_LEVEL = 3;
/** The fewest rows a table gets, so that references to a table that is empty today still have parents. */
const MIN_ROWS = 10;

/** A table's depth in the reference graph: 0 when it references no other table, else 1 + its parents' most. */
function levels(tables: readonly TableDefinition[]): Map<string, number> {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const level = new Map<string, number>();
  const of = (name: string, seen: ReadonlySet<string>): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    const parents = byName
      .get(name)!
      .columns.flatMap((c) => (c.generator.kind === 'reference' ? [c.generator.table] : []))
      .filter((p) => p !== name && byName.has(p) && !seen.has(p));
    const value = parents.length === 0 ? 0 : 1 + Math.max(...parents.map((p) => of(p, new Set([...seen, name]))));
    level.set(name, value);
    return value;
  };
  for (const t of tables) of(t.name, new Set());
  return level;
}

/**
 * Rows at scale 1 per table (`--rows N` then sizes the largest and the others in proportion): the
 * database's own estimates (`pg_class.reltuples`) when it has data, else from the reference graph (a
 * table others reference is smaller than the tables referencing it).
 */
export function tableSizes(
  tables: readonly TableDefinition[],
  catalog: readonly CatalogTable[],
  notes: Map<string, string>,
): TableDefinition[] {
  const estimates = new Map(catalog.map((t) => [t.name, t.estimatedRows]));
  const measured = [...estimates.values()].some((rows) => rows > 0);
  const depth = levels(tables);
  const sized = tables.map((table) => {
    const estimate = estimates.get(table.name) ?? -1;
    const rows = measured
      ? Math.max(MIN_ROWS, Math.round(estimate))
      : BASE_ROWS * 10 ** Math.min(MAX_LEVEL, depth.get(table.name) ?? 0);
    notes.set(
      table.name,
      measured
        ? `rows: ${estimate > 0 ? `the database's estimate (pg_class.reltuples, ${Math.round(estimate)})` : `at least ${MIN_ROWS}: the database estimates none`}; --rows N sizes the largest table, the others in proportion`
        : `rows: guessed from the references (no estimates: run ANALYZE for real proportions); --rows N sizes the largest table, the others in proportion`,
    );
    return { ...table, defaultRows: rows };
  });
  return capToKeys(sized, notes);
}

/** Headroom below a key's combinations, so that rounding at other scales does not reach them. */
const KEY_SHARE = 0.9;

/**
 * A table whose key of several columns combines references and ints (`generators/key-tuple.ts`) can hold
 * at most one row per combination: its rows are capped at 90% of them (parents first, so that a capped
 * parent caps its children too).
 */
function capToKeys(tables: TableDefinition[], notes: Map<string, string>): TableDefinition[] {
  const rows = new Map(tables.map((t) => [t.name, t.defaultRows]));
  const out = [...tables];
  for (let pass = 0; pass < tables.length; pass++) {
    let changed = false;
    out.forEach((table, i) => {
      const combinations = fewestCombinations(table, (name) => rows.get(name));
      const cap = Math.max(MIN_ROWS, Math.floor(combinations * KEY_SHARE));
      if (table.defaultRows <= cap) return;
      out[i] = { ...table, defaultRows: cap };
      rows.set(table.name, cap);
      notes.set(
        table.name,
        `rows: ${cap}, 90% of the ${combinations} combinations its key of several columns can take; --rows N sizes the largest table, the others in proportion`,
      );
      changed = true;
    });
    if (!changed) break;
  }
  return out;
}
