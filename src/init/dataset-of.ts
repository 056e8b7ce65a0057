import type { ColumnDefinition, DatasetDefinition, TableDefinition } from '../dataset/types.ts';
import { tableOrder } from '../dataset/validate.ts';
import { SinkError } from '../errors.ts';
import { catalogType } from '../sinks/postgres-ddl.ts';
import type { Catalog, CatalogTable } from './catalog.ts';
import type { TableRules } from './check-rules.ts';
import type { ColumnFacts } from './column-facts.ts';
import { typeFit } from './column-types.ts';
import { guessColumn } from './guess-column.ts';
import { splitPair } from './pairs.ts';
import { tableRules } from './table-rules.ts';
import { tableSizes } from './table-sizes.ts';

/** A dataset read from a database, with the comments `init` writes beside it. */
export interface InitResult {
  readonly dataset: DatasetDefinition;
  /** Comments by path: `table` for a table, `table.column` for a column. */
  readonly notes: ReadonlyMap<string, string>;
  /** What gen could not honour, one line each (also written into the file). */
  readonly warnings: readonly string[];
}

type Key = 'int' | 'uuid';

/** How each table's one-column primary key is made, when gen can compute references to it. */
function keysOf(catalog: Catalog): Map<string, { column: string; key: Key }> {
  const keys = new Map<string, { column: string; key: Key }>();
  for (const table of catalog.tables) {
    const pk = table.constraints.find((c) => c.type === 'p');
    if (pk?.columns.length !== 1) continue;
    const column = table.columns.find((c) => c.name === pk.columns[0]);
    const family = column === undefined ? undefined : typeFit(column.type)?.family;
    if (family === 'int' || family === 'uuid') keys.set(table.name, { column: pk.columns[0]!, key: family });
  }
  return keys;
}

/**
 * Builds the dataset of a database schema: a table per table, in reference order, every column guessed
 * from its key, type, checks and name, and sizes from the database's estimates or the reference graph.
 * @throws {SinkError} for a NOT NULL column gen cannot fill.
 */
export async function datasetOf(
  catalog: Catalog,
  name: string,
  description: string,
  today: string,
): Promise<InitResult> {
  const notes = new Map<string, string>();
  const warnings: string[] = [];
  const keys = keysOf(catalog);
  const tables: TableDefinition[] = [];
  for (const table of catalog.tables) {
    const rules = tableRules(table);
    const columns = guessColumns(table, rules, keys, today, notes, warnings);
    const pk = table.constraints.find((c) => c.type === 'p');
    const sets = table.constraints.filter((c) => c.type === 'u' && c.columns.length > 1).map((c) => c.columns);
    tables.push({
      name: table.name,
      defaultRows: 0,
      columns,
      ...(pk === undefined ? {} : { primaryKey: pk.columns }),
      ...(sets.length === 0 ? {} : { unique: sets }),
    });
    for (const constraint of rules.unhandled)
      warnings.push(
        `${table.name}: constraint ${constraint} is not of a form gen reads; check the generators of its columns`,
      );
    keyWarnings(table, columns, warnings);
  }
  const acyclic = breakCycles(tables, notes, warnings);
  const sized = tableSizes(acyclic, catalog.tables, notes);
  const ordered = tableOrder({ name, version: 1, description, tables: sized }).map((i) => sized[i]!);
  return { dataset: { name, version: 1, description, tables: ordered }, notes, warnings };
}

function guessColumns(
  table: CatalogTable,
  rules: TableRules,
  keys: ReadonlyMap<string, { column: string; key: Key }>,
  today: string,
  notes: Map<string, string>,
  warnings: string[],
): ColumnDefinition[] {
  const pk = table.constraints.find((c) => c.type === 'p');
  const uniques = new Set(
    table.constraints.filter((c) => c.type === 'u' && c.columns.length === 1).map((c) => c.columns[0]),
  );
  const columns: ColumnDefinition[] = [];
  for (const column of table.columns) {
    const fk = table.constraints.find((c) => c.type === 'f' && c.columns.length === 1 && c.columns[0] === column.name);
    const parent = fk?.references === undefined || fk.references === null ? undefined : keys.get(fk.references.table);
    const references = parent !== undefined && fk!.references!.columns[0] === parent.column;
    if (fk !== undefined && !references)
      warnings.push(
        `${table.name}.${column.name}: its foreign key ${fk.name} does not target a one-column integer or uuid primary key gen makes; edit its generator`,
      );
    const facts: ColumnFacts = {
      table: table.name,
      column,
      rule: rules.columns.get(column.name) ?? {},
      role:
        pk?.columns.length === 1 && pk.columns[0] === column.name
          ? 'key'
          : uniques.has(column.name)
            ? 'unique'
            : 'plain',
      reference: references ? { table: fk!.references!.table, key: parent!.key } : null,
      siblings: table.columns.map((c) => c.name),
      today,
    };
    const guess = guessColumn(facts);
    notes.set(`${table.name}.${column.name}`, guess.note);
    if (guess.column === null) continue;
    const native = catalogType(guess.column);
    columns.push(native === column.type.declared ? guess.column : { ...guess.column, sql: column.type.declared });
  }
  return applyPairs(table.name, columns, rules, notes, warnings);
}

/** Two-column checks (`a < b`, `a <> b`): the columns get windows that cannot overlap. */
function applyPairs(
  table: string,
  columns: ColumnDefinition[],
  rules: TableRules,
  notes: Map<string, string>,
  warnings: string[],
): ColumnDefinition[] {
  const out = [...columns];
  for (const pair of rules.pairs) {
    const [ia, ib] = [out.findIndex((c) => c.name === pair.a), out.findIndex((c) => c.name === pair.b)];
    const split = ia < 0 || ib < 0 ? null : splitPair(out[ia]!, out[ib]!);
    if (split === null) {
      warnings.push(
        `${table}: constraint ${pair.constraint} (${pair.a} ${pair.op} ${pair.b}) needs generators gen cannot order; edit them`,
      );
      continue;
    }
    if (split[0] === out[ia]!.generator && split[1] === out[ib]!.generator) continue;
    out[ia] = { ...out[ia]!, generator: split[0] };
    out[ib] = { ...out[ib]!, generator: split[1] };
    notes.set(
      `${table}.${pair.a}`,
      `before ${pair.b} in every row (constraint ${pair.constraint}): the lower part of their range`,
    );
    notes.set(
      `${table}.${pair.b}`,
      `after ${pair.a} in every row (constraint ${pair.constraint}): the upper part of their range`,
    );
  }
  return out;
}

/** Generators that never repeat a value within a run. */
const UNIQUE_KINDS = new Set(['sequence', 'uuid']);

/**
 * Keys of several columns: the combination must be unique, which gen promises when one of its columns is
 * (a sequence, a uuid, a unique column), or when all of them are references or ints, each column in no
 * earlier key (`generators/key-tuple.ts`: every row a different combination).
 */
function keyWarnings(table: CatalogTable, columns: readonly ColumnDefinition[], warnings: string[]): void {
  const column = (name: string) => columns.find((c) => c.name === name);
  const unique = (name: string): boolean => {
    const found = column(name);
    return found !== undefined && (found.unique === true || UNIQUE_KINDS.has(found.generator.kind));
  };
  const seen = new Set<string>();
  const combined = (names: readonly string[]): boolean => {
    const ok = names.every((name) => {
      const kind = column(name)?.generator.kind;
      return !seen.has(name) && (kind === 'reference' || (kind === 'int' && column(name)?.unique !== true));
    });
    for (const name of names) seen.add(name);
    return ok;
  };
  const keys = [...table.constraints].sort((a, b) => (a.type === 'p' ? -1 : b.type === 'p' ? 1 : 0));
  for (const c of keys) {
    if ((c.type === 'p' || c.type === 'u') && c.columns.length > 1 && !c.columns.some(unique) && !combined(c.columns))
      warnings.push(
        `${table.name}: ${c.type === 'p' ? 'primary key' : 'unique constraint'} ${c.name} (${c.columns.join(', ')}) spans several columns and gen cannot promise unique combinations of them (a column is neither a reference nor an int, or is in an earlier key), so a large load may clash: edit the generators (e.g. make one column unique)`,
      );
  }
}

/**
 * References that loop (a → b → a) cannot all be loaded in one order: one nullable reference on each loop
 * becomes always NULL, for the user to set with an UPDATE after the load.
 * @throws {SinkError} when a loop has no nullable reference.
 */
function breakCycles(tables: TableDefinition[], notes: Map<string, string>, warnings: string[]): TableDefinition[] {
  const out = [...tables];
  for (;;) {
    const loop = findLoop(out);
    if (loop === null) return out;
    const [ti, ci] = loop;
    const table = out[ti]!;
    const column = table.columns[ci]!;
    const broken: ColumnDefinition = {
      name: column.name,
      type: column.type,
      generator: column.type.kind === 'uuid' ? { kind: 'uuid' } : { kind: 'int', min: 0, max: 0 },
      nullRate: 1,
      ...(column.sql === undefined ? {} : { sql: column.sql }),
    };
    out[ti] = { ...table, columns: table.columns.map((c, i) => (i === ci ? broken : c)) };
    const message = `${table.name}.${column.name}: always NULL, to break a loop of references; set it with an UPDATE after the load`;
    notes.set(`${table.name}.${column.name}`, message);
    warnings.push(message);
  }
}

/** A nullable reference column on a loop of references (table index, column index), or null. */
function findLoop(tables: readonly TableDefinition[]): [number, number] | null {
  const index = new Map(tables.map((t, i) => [t.name, i]));
  const state = tables.map(() => 0);
  const path: [number, number][] = [];
  const visit = (i: number): [number, number] | null => {
    state[i] = 1;
    for (const [ci, column] of tables[i]!.columns.entries()) {
      if (column.generator.kind !== 'reference') continue;
      const j = index.get(column.generator.table);
      if (j === undefined || j === i) continue;
      path.push([i, ci]);
      if (state[j] === 1) {
        const start = path.findIndex(([t]) => t === j);
        const cut = path.slice(start).find(([t, c]) => (tables[t]!.columns[c]!.nullRate ?? 0) > 0);
        if (cut === undefined)
          throw new SinkError(
            `tables ${path
              .slice(start)
              .map(([t]) => tables[t]!.name)
              .join(
                ' → ',
              )} reference each other through NOT NULL columns only; gen cannot load them in any order: make one of those foreign keys nullable or DEFERRABLE, or write the schema file by hand`,
          );
        return cut;
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
