import type { TableDefinition } from '../dataset/types.ts';
import { fewestCombinations } from '../generators/key-tuple.ts';
import { onceRows } from '../generators/reference-draw.ts';
import { templateCapacity } from '../generators/template.ts';
import type { CatalogTable } from './catalog.ts';
import { graphSizes } from './graph-sizes.ts';

/** The fewest rows a table gets, so that references to a table that is empty today still have parents. */
const MIN_ROWS = 10;

/**
 * Rows at scale 1 per table (`--rows N` then sizes the largest and the others in proportion): the
 * database's own estimate (`pg_class.reltuples`) for a table that has one, else from the reference graph
 * (`graph-sizes.ts`); one table's statistics never change another's guess.
 */
export function tableSizes(
  tables: readonly TableDefinition[],
  catalog: readonly CatalogTable[],
  notes: Map<string, string>,
): TableDefinition[] {
  const estimates = new Map(catalog.map((t) => [t.name, t.estimatedRows]));
  const guesses = graphSizes(tables);
  const sized = tables.map((table) => {
    const estimate = Math.round(estimates.get(table.name) ?? -1);
    const guess = guesses.get(table.name)!;
    const rows = estimate > 0 ? Math.max(MIN_ROWS, estimate) : guess.rows;
    notes.set(
      table.name,
      estimate > 0
        ? `rows: the database's estimate (pg_class.reltuples, ${estimate})`
        : `rows: ${guess.rows}, ${guess.why}`,
    );
    return { ...table, defaultRows: rows, ...(guess.lookup === true ? { lookup: true } : {}) };
  });
  return capToKeys(sized, notes);
}

/**
 * The smallest key space of a table's text keys (a `char(2)` code holds 26² codes): its column, how many
 * codes fit, and the rows the table then gets (90% of them, at least 1), or null when no key is that small.
 */
function codeSpace(table: TableDefinition): { column: string; capacity: number; rows: number } | null {
  let found: { column: string; capacity: number; rows: number } | null = null;
  const key = table.primaryKey?.length === 1 ? table.columns.find((c) => c.name === table.primaryKey![0]) : undefined;
  // A boolean key (`id boolean PRIMARY KEY DEFAULT true CHECK (id)`): a table of one row, settings.
  const single = key?.generator.kind === 'choice' && key.generator.values.length === 1;
  if (key?.type.kind === 'bool' || single) return { column: key!.name, capacity: 1, rows: 1 };
  for (const column of table.columns) {
    const keyed = column.unique === true || (table.primaryKey?.length === 1 && table.primaryKey[0] === column.name);
    if (!keyed || column.generator.kind !== 'template' || column.length === undefined) continue;
    const capacity = templateCapacity(column.generator.template, column.length);
    if (capacity === null || capacity > 1e6 || (found !== null && found.capacity <= capacity)) continue;
    found = { column: column.name, capacity, rows: Math.max(1, Math.floor(capacity * KEY_SHARE)) };
  }
  return found;
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
        `rows: ${cap}, 90% of the ${combinations} combinations its key of several columns can take`,
      );
      changed = true;
    });
    out.forEach((table, i) => {
      const parents = onceRows(table, (name) => rows.get(name));
      if (table.defaultRows <= parents) return;
      out[i] = { ...table, defaultRows: parents };
      rows.set(table.name, parents);
      notes.set(table.name, `rows: ${parents}, at most one per row of the table it references one-to-one`);
      changed = true;
    });
    out.forEach((table, i) => {
      const space = codeSpace(table);
      if (space === null || table.defaultRows <= space.rows) return;
      out[i] = { ...table, defaultRows: space.rows, scaled: false };
      rows.set(table.name, space.rows);
      notes.set(
        table.name,
        space.capacity === 1
          ? `rows: 1, a singleton: its key ${space.column} takes one value`
          : `rows: ${space.rows}, a fixed list: its key ${space.column} holds ${space.capacity} different codes in its length`,
      );
      changed = true;
    });
    if (!changed) break;
  }
  return out;
}
