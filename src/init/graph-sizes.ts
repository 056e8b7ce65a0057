import type { TableDefinition } from '../dataset/types.ts';
import { tableOrder } from '../dataset/validate.ts';

/*
 * Rows a person would pick for a schema whose database holds no statistics, from the whole reference
 * graph: lookups small, what others refer to in the thousands, and each table that refers to others a
 * multiple of its largest parent (its fan-out): an event or a line many per parent (nothing refers to it),
 * a link table of two references a few, a table others refer to in turn as many (so that chains of
 * has-a references, address → city → country, do not multiply), a one-to-one table one. Self references
 * do not count, and a lookup parent (a status, a country) does not make its children large.
 */

/** A table of values others pick from: referenced, referencing nothing, with a name that says so or few columns. */
const LOOKUP_NAME =
  /(type|types|kind|status|statuses|state|states|category|categories|country|countries|currenc|language|locale|role|roles|tag|tags|unit|region|setting|config|level|priority|genre|format|source|channel|reason)s?$/i;

/** Rows of a table that refers to none and is referred to (an entity), and of a lookup. */
export const ENTITY_ROWS = 1000;
export const LOOKUP_ROWS = 50;
/** Children per parent row: an event, a line or a detail table; a link between two; a middle table. */
const FAN_OUT = { leaf: 10, link: 5, middle: 1 } as const;
/** The largest a guess goes (`--rows N` sizes the largest table anyway). */
const MOST = 10_000_000;

/** The tables a table's reference columns point at, itself and tables not in the set left out. */
function parentsOf(table: TableDefinition, known: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const c of table.columns)
    if (c.generator.kind === 'reference' && c.generator.table !== table.name && known.has(c.generator.table))
      out.add(c.generator.table);
  return [...out];
}

/** Why a table gets its rows, for the file's comment. */
export interface GraphSize {
  readonly rows: number;
  readonly why: string;
  /** A list others pick from: the file says `lookup: true` (an append into rows already there adds none). */
  readonly lookup?: boolean;
}

/** Each table's rows from the reference graph (tables in any order; references must not loop). */
export function graphSizes(tables: readonly TableDefinition[]): Map<string, GraphSize> {
  const known = new Set(tables.map((t) => t.name));
  const parents = new Map(tables.map((t) => [t.name, parentsOf(t, known)]));
  const referenced = new Map<string, number>();
  for (const list of parents.values()) for (const p of list) referenced.set(p, (referenced.get(p) ?? 0) + 1);
  const sizes = new Map<string, GraphSize>();
  const order = tableOrder({ name: 'sizes', version: 1, description: '', tables });
  const lookup = (t: TableDefinition): boolean =>
    parents.get(t.name)!.length === 0 &&
    (referenced.get(t.name) ?? 0) > 0 &&
    (LOOKUP_NAME.test(t.name) || t.columns.length <= 3);
  for (const i of order) {
    const table = tables[i]!;
    const mine = parents.get(table.name)!;
    if (mine.length === 0) {
      sizes.set(
        table.name,
        lookup(table)
          ? { rows: LOOKUP_ROWS, why: 'a lookup others refer to', lookup: true }
          : {
              rows: ENTITY_ROWS,
              why: (referenced.get(table.name) ?? 0) > 0 ? 'referred to by other tables' : 'refers to no other table',
            },
      );
      continue;
    }
    const big = mine.filter((p) => !lookup(tables.find((t) => t.name === p)!));
    const base = Math.max(ENTITY_ROWS, ...big.map((p) => sizes.get(p)!.rows));
    const once = table.columns.some((c) => c.generator.kind === 'reference' && c.generator.distribution === 'once');
    const refs = (table.primaryKey ?? []).filter(
      (k) => table.columns.find((c) => c.name === k)?.generator.kind === 'reference',
    );
    const link = refs.length >= 2;
    const kind = once ? null : (referenced.get(table.name) ?? 0) > 0 ? 'middle' : link ? 'link' : 'leaf';
    const fan = kind === null ? 1 : FAN_OUT[kind];
    const why =
      kind === null
        ? 'one per row of the table it extends'
        : kind === 'middle'
          ? 'as many as its largest parent (others refer to it in turn)'
          : `${fan} per row of its largest parent (${kind === 'leaf' ? 'nothing refers to it' : 'it links its parents'})`;
    sizes.set(table.name, { rows: Math.min(MOST, base * fan), why });
  }
  return sizes;
}
