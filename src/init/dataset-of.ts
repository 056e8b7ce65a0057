import type { DatasetDefinition, TableDefinition } from '../dataset/types.ts';
import { isName, tableOrder } from '../dataset/validate.ts';
import type { Catalog, CatalogTable } from './catalog.ts';
import type { CheckVerdict } from './check-sample.ts';
import { Unfillable } from './column-facts.ts';
import { typeFit } from './column-types.ts';
import { breakCycles } from './cycles.ts';
import { bookkeeping, cascadeExclusions, globMatcher } from './exclusions.ts';
import { type KeyOf, tableOf } from './table-of.ts';
import { tableSizes } from './table-sizes.ts';
import { brokenTriggers, triggerFilled } from './triggers.ts';

/** A dataset read from a database, with the comments `init` writes beside it. */
export interface InitResult {
  readonly dataset: DatasetDefinition;
  /** Comments by path: `table` for a table, `table.column` for a column. */
  readonly notes: ReadonlyMap<string, string>;
  /** What gen could not honour, one line each (also written into the file). */
  readonly warnings: readonly string[];
  /** Constraints gen does not read, by table of the file (`init --url` asks the database about them). */
  readonly unread: ReadonlyMap<string, readonly string[]>;
}

/** Which tables the user wants: globs of names (`audit_*`, `billing.*`). */
export interface TableChoice {
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** Every schema that holds tables was read (`--all-schemas`): a table in no schema read does not exist. */
  readonly everySchema?: boolean;
}

/**
 * The catalog's tables under their names in the file: plain when one schema was read (the file's
 * `schema:` says which), `schema.table` when several were.
 */
function named(catalog: Catalog): {
  tables: CatalogTable[];
  nameOf: (schema: string, table: string) => string | undefined;
} {
  const schemas = new Set(catalog.tables.map((t) => t.schema));
  const qualify = schemas.size > 1;
  const names = new Map(
    catalog.tables.map((t) => [`${t.schema}.${t.name}`, qualify ? `${t.schema}.${t.name}` : t.name]),
  );
  return {
    tables: catalog.tables.map((t) => ({ ...t, name: names.get(`${t.schema}.${t.name}`)! })),
    nameOf: (schema, table) => names.get(`${schema}.${table}`),
  };
}

/**
 * How references to each table's columns are made: its one-column integer or uuid primary key as a plain
 * reference, any other one-column key or unique column rendered (`column:`, a code `C001`), and a key of
 * several columns through its first column (the others are lookups through it).
 */
function keysOf(tables: readonly CatalogTable[], nameOf: (schema: string, table: string) => string | undefined): KeyOf {
  const keys = new Map<string, { plain: string | null; sets: string[][] }>();
  for (const table of tables) {
    const pk = table.constraints.find((c) => c.type === 'p');
    const single = pk?.columns.length === 1 ? pk.columns[0]! : null;
    const column = single === null ? undefined : table.columns.find((c) => c.name === single);
    const family = column === undefined ? undefined : typeFit(column.type)?.family;
    const sets = table.constraints.filter((c) => c.type === 'u' || c.type === 'p').map((c) => [...c.columns]);
    // A key that is itself a foreign key (one-to-one) is not a sequence: references render its values.
    const referencing = table.constraints.some(
      (c) => c.type === 'f' && c.columns.length === 1 && c.columns[0] === single,
    );
    const plain = (family === 'int' || family === 'uuid') && !referencing ? single : null;
    keys.set(table.name, { plain, sets });
  }
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
  return (schema, table, columns) => {
    const name = nameOf(schema, table);
    const key = name === undefined ? undefined : keys.get(name);
    if (name === undefined || key === undefined) return undefined;
    if (columns.length === 1 && key.plain === columns[0]) return { name, column: null };
    return key.sets.some((set) => same(set, columns)) ? { name, column: columns[0]! } : undefined;
  };
}

/** Why a partitioned table with no partition is left out: gen does not change the schema to make one. */
const NO_PARTITION =
  'partitioned, with no partition yet: its rows have nowhere to go until the application makes one (gen does not change the schema)';

/**
 * Tables left out before any is read, by their names in the file: the user's choice, extensions',
 * frameworks', partitioned tables with no partition, tables whose triggers would fail every insert, and
 * those the triggers of the tables gen fills fill themselves (`tables` as the catalog names them).
 */
function leftOut(
  tables: readonly CatalogTable[],
  choice: TableChoice,
  nameOf: (schema: string, table: string) => string | undefined,
): Map<string, string> {
  const excluded = new Map<string, string>();
  const include = choice.include === undefined ? null : globMatcher(choice.include);
  const exclude = globMatcher(choice.exclude ?? []);
  const fileName = (table: CatalogTable) => nameOf(table.schema, table.name)!;
  const empty = new Set<string>();
  for (const table of tables) {
    const name = fileName(table);
    if (table.partitioning !== null && table.partitioning.bounds.length === 0) empty.add(name);
    if (!isName(name, true))
      excluded.set(name, 'its name holds a control character, a dot or a slash, which gen cannot hold in a name');
    else if (include !== null && !include(table)) excluded.set(name, 'not in --include');
    else if (exclude(table)) excluded.set(name, 'in --exclude');
    else {
      const other = bookkeeping(table) ?? (empty.has(name) ? NO_PARTITION : null);
      if (other !== null) excluded.set(name, other);
    }
  }
  const schemas = new Set(tables.map((t) => t.schema));
  const context = { keyOf: nameOf, complete: (schema: string) => choice.everySchema === true || schemas.has(schema) };
  const kept = () => tables.filter((t) => !excluded.has(fileName(t)));
  for (const [name, reason] of brokenTriggers(kept(), fileName, empty, context)) excluded.set(name, reason);
  const byName = new Map(tables.map((t) => [fileName(t), t]));
  for (const [name, reason] of triggerFilled(kept(), byName, fileName, context))
    if (!excluded.has(name)) excluded.set(name, reason);
  return excluded;
}

/** Every enum's labels by its name (without its schema), from the columns of the tables read. */
function enumsOf(tables: readonly CatalogTable[]): Map<string, readonly string[]> {
  const enums = new Map<string, readonly string[]>();
  for (const column of tables.flatMap((t) => t.columns))
    if (column.type.kind === 'e' && column.type.labels !== null)
      enums.set(column.type.base.slice(column.type.base.lastIndexOf('.') + 1), column.type.labels);
  return enums;
}

/**
 * Builds the dataset of a database schema: a table per table, in reference order, every column guessed
 * from its key, type, checks and name, and sizes from the database's estimates or the reference graph.
 * What gen cannot make is left out with its reason (`exclude:` in the file), and so is whatever needs it:
 * the file always loads. `verdicts`: what the database said of the CHECKs gen does not read.
 */
export async function datasetOf(
  catalog: Catalog,
  name: string,
  description: string,
  today: string,
  choice: TableChoice = {},
  verdicts?: ReadonlyMap<string, ReadonlyMap<string, CheckVerdict>>,
): Promise<InitResult> {
  const notes = new Map<string, string>();
  const warnings: string[] = [];
  const { tables: all, nameOf } = named(catalog);
  const excluded = leftOut(catalog.tables, choice, nameOf);
  const unread = new Map<string, string[]>();
  const context = {
    keyOf: keysOf(all, nameOf),
    enums: enumsOf(all),
    today,
    notes,
    warnings,
    unread,
    ...(verdicts === undefined ? {} : { verdicts }),
  };
  const made: TableDefinition[] = [];
  for (const table of all) {
    if (excluded.has(table.name)) continue;
    try {
      made.push(tableOf(table, context));
    } catch (error) {
      if (!(error instanceof Unfillable)) throw error;
      excluded.set(table.name, error.message);
    }
  }
  const acyclic = cascadeExclusions(
    breakCycles(cascadeExclusions(made, excluded, notes), excluded, notes, warnings),
    excluded,
    notes,
  );
  const sized = tableSizes(acyclic, all, notes);
  const schemas = [...new Set(catalog.tables.map((t) => t.schema))];
  for (const [table, reason] of excluded) warnings.push(`${table}: left out, ${reason}`);
  const exclude = Object.fromEntries([...excluded].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const dataset: DatasetDefinition = {
    name,
    version: 1,
    description,
    tables: sized,
    ...(schemas.length === 1 ? { schema: schemas[0]! } : {}),
    ...(excluded.size === 0 ? {} : { exclude }),
  };
  const ordered = tableOrder(dataset).map((i) => sized[i]!);
  for (const table of unread.keys()) if (excluded.has(table)) unread.delete(table);
  return { dataset: { ...dataset, tables: ordered }, notes, warnings, unread };
}
