import type { ColumnDefinition, GeneratorSpec, TableDefinition } from '../dataset/types.ts';
import { isName } from '../dataset/validate.ts';
import { catalogType } from '../sinks/postgres-ddl.ts';
import type { CatalogConstraint, CatalogTable } from './catalog.ts';
import type { TableRules } from './check-rules.ts';
import type { CheckVerdict } from './check-sample.ts';
import { type ColumnFacts, required, Unfillable } from './column-facts.ts';
import { nullColumn } from './exclusions.ts';
import { guessColumn } from './guess-column.ts';
import { splitPair } from './pairs.ts';
import { tableRules } from './table-rules.ts';
import { uniqueKeys } from './unique-keys.ts';

/**
 * How gen makes a reference to column `column` of a table: the table's name in the file, and the column
 * to render when it is not the table's sequence or uuid key; undefined when gen cannot (the table is not
 * read, or the column is neither its key nor unique).
 */
export type KeyOf = (
  schema: string,
  table: string,
  columns: readonly string[],
) => { readonly name: string; readonly column: string | null } | undefined;

/** What `init` writes of one table: its definition, and the notes and warnings it adds. */
interface TableContext {
  readonly keyOf: KeyOf;
  /** Every enum's labels by its name (a trigger may cast a column to one). */
  readonly enums: ReadonlyMap<string, readonly string[]>;
  readonly today: string;
  readonly notes: Map<string, string>;
  readonly warnings: string[];
  /** Constraints gen does not read, by table: what `init --url` asks the database about. */
  readonly unread: Map<string, string[]>;
  /** What the database said of them (`check-sample.ts`); undefined without a database (`init --ddl`). */
  readonly verdicts?: ReadonlyMap<string, ReadonlyMap<string, CheckVerdict>>;
}

/**
 * A table of the catalog as a dataset table (rows are sized later): every column guessed, two-column
 * checks applied, keys of several columns made unique.
 * @throws {Unfillable} when a column cannot be made (the table is then left out).
 */
export function tableOf(table: CatalogTable, context: TableContext): TableDefinition {
  if (table.columns.length === 0) throw new Unfillable(`${table.name} has no columns`);
  const rules = tableRules(table, context.enums);
  const columns = uniqueKeys(
    table,
    applyPairs(table.name, guessColumns(table, rules, context), rules, context),
    context,
  );
  if (columns.length === 0) throw new Unfillable(`${table.name} has no column gen fills (all are generated)`);
  // Keys over a column the database computes (generated) stay the database's to check.
  const made = (names: readonly string[]) => names.every((n) => columns.some((c) => c.name === n));
  const pk = table.constraints.find((c) => c.type === 'p' && made(c.columns));
  const sets = table.constraints
    .filter((c) => c.type === 'u' && c.columns.length > 1 && made(c.columns))
    .map((c) => c.columns);
  unreadChecks(table.name, rules.unhandled, context);
  return {
    name: table.name,
    defaultRows: 0,
    columns,
    ...(pk === undefined ? {} : { primaryKey: pk.columns }),
    ...(sets.length === 0 ? {} : { unique: sets }),
  };
}

/**
 * Constraints gen does not read: kept with a warning when the database passed gen's sample rows, or when
 * it could not be asked; the table left out when the sample fails one.
 * @throws {Unfillable} when gen's sample rows fail one in the database.
 */
function unreadChecks(table: string, constraints: readonly string[], context: TableContext): void {
  if (constraints.length === 0) return;
  context.unread.set(table, [...constraints]);
  for (const constraint of constraints) {
    const verdict = context.verdicts?.get(table)?.get(constraint);
    if (verdict?.kind === 'failed')
      throw new Unfillable(`its constraint ${constraint} is not of a form gen reads, and ${verdict.reason}`);
    const said =
      verdict === undefined
        ? context.verdicts === undefined
          ? 'not checked (init --ddl reads no database; init --url checks it on a sample of rows)'
          : 'not checked'
        : verdict.kind === 'passed'
          ? `checked against the database on ${verdict.rows} sample rows, which all pass it`
          : `not checked (${verdict.reason})`;
    context.warnings.push(
      `${table}: constraint ${constraint} is not of a form gen reads; ${said}; check the generators of its columns`,
    );
  }
}

/** The foreign key of one column, when it has one of one column. */
function foreignKeyOf(table: CatalogTable, column: string): CatalogConstraint | undefined {
  return table.constraints.find((c) => c.type === 'f' && c.columns.length === 1 && c.columns[0] === column);
}

/**
 * A foreign key gen cannot make (of several columns, to a key that is not a sequence or uuid, outside the
 * schemas read): a nullable column is always NULL (a NULL reference is never checked), a NOT NULL one
 * leaves its table out.
 */
function unmade(
  table: CatalogTable,
  column: ColumnDefinition,
  fk: CatalogConstraint,
  context: TableContext,
): ColumnDefinition {
  const target = `${fk.references!.schema}.${fk.references!.table}`;
  const why = `its foreign key ${fk.name} to ${target} is not one gen makes yet`;
  if ((column.nullRate ?? 0) === 0) throw new Unfillable(`${table.name}.${column.name} is NOT NULL and ${why}`);
  context.notes.set(`${table.name}.${column.name}`, `always NULL: ${why}`);
  context.warnings.push(`${table.name}.${column.name}: always NULL, as ${why}; set it after the load`);
  return nullColumn(column);
}

function guessColumns(table: CatalogTable, rules: TableRules, context: TableContext): ColumnDefinition[] {
  const pk = table.constraints.find((c) => c.type === 'p');
  const uniques = new Set(
    table.constraints.filter((c) => c.type === 'u' && c.columns.length === 1).map((c) => c.columns[0]),
  );
  const columns: ColumnDefinition[] = [];
  for (const column of table.columns) {
    const fk = foreignKeyOf(table, column.name);
    const ref = fk?.references ?? null;
    const parent = ref === null ? undefined : context.keyOf(ref.schema, ref.table, ref.columns);
    const role =
      pk?.columns.length === 1 && pk.columns[0] === column.name ? 'key' : uniques.has(column.name) ? 'unique' : 'plain';
    const facts: ColumnFacts = {
      table: table.name,
      column,
      rule: rules.columns.get(column.name) ?? {},
      role,
      // A foreign key that is also the key or unique here is one-to-one.
      reference: parent === undefined ? null : { table: parent.name, column: parent.column, once: role !== 'plain' },
      inKey: table.constraints.some(
        (c) => (c.type === 'p' || c.type === 'u') && c.columns.length > 1 && c.columns.includes(column.name),
      ),
      siblings: table.columns.map((c) => c.name),
      today: context.today,
    };
    if (!isName(column.name)) {
      if (required(facts) && column.default === null)
        throw new Unfillable(
          `${table.name}.${JSON.stringify(column.name)} is NOT NULL, and its name holds a dot, a slash or a control character, which gen cannot hold in a name`,
        );
      context.warnings.push(
        `${table.name}.${JSON.stringify(column.name)}: left to the database (its default or NULL): its name holds a dot, a slash or a control character`,
      );
      continue;
    }
    const guess = guessColumn(facts);
    context.notes.set(`${table.name}.${column.name}`, guess.note);
    if (guess.column === null) continue;
    const native = catalogType(guess.column);
    const made = native === column.type.declared ? guess.column : { ...guess.column, sql: column.type.declared };
    columns.push(fk !== undefined && parent === undefined ? unmade(table, made, fk, context) : made);
  }
  return compositeForeignKeys(table, columns, context);
}

/**
 * Foreign keys of several columns: to a key of the parent gen makes, the first column is a reference that
 * renders the parent's first key column and the others look up the rest through it (the same parent row);
 * else one nullable column of each is always NULL, since a row with a NULL in one is not checked (MATCH
 * SIMPLE, Postgres's default).
 * @throws {Unfillable} when a foreign key gen cannot make has only NOT NULL columns.
 */
function compositeForeignKeys(
  table: CatalogTable,
  columns: ColumnDefinition[],
  context: TableContext,
): ColumnDefinition[] {
  const out = [...columns];
  const at = (name: string) => out.findIndex((c) => c.name === name);
  // A column in two foreign keys is made by the first (a second one over it is left to NULL or out).
  const claimed = new Set<string>();
  for (const fk of table.constraints.filter((c) => c.type === 'f' && c.columns.length > 1)) {
    const ref = fk.references!;
    const parent = context.keyOf(ref.schema, ref.table, ref.columns);
    const free = fk.columns.every(
      (name) => at(name) >= 0 && !claimed.has(name) && out[at(name)]!.generator.kind !== 'reference',
    );
    if (parent !== undefined && free) {
      for (const name of fk.columns) claimed.add(name);
      const first = fk.columns[0]!;
      // The foreign key is also a key here: each row its own parent (one-to-one).
      const once = table.constraints.some(
        (c) =>
          (c.type === 'p' || c.type === 'u') &&
          c.columns.length === fk.columns.length &&
          c.columns.every((n) => fk.columns.includes(n)),
      );
      fk.columns.forEach((name, k) => {
        const i = at(name);
        const generator: GeneratorSpec =
          k === 0
            ? {
                kind: 'reference',
                table: parent.name,
                column: ref.columns[0]!,
                ...(once ? { distribution: 'once' as const } : {}),
              }
            : { kind: 'lookup', via: first, column: ref.columns[k]! };
        const { nullRate: _, ...column } = out[i]!;
        const nullable = k > 0 && (out[at(first)]!.nullRate ?? 0) > 0 ? { nullable: true } : {};
        out[i] = { ...(k === 0 ? out[i]! : column), generator, ...nullable };
        context.notes.set(
          `${table.name}.${name}`,
          k === 0
            ? `foreign key ${fk.name} to ${parent.name}: the ${ref.columns[0]} of a row of this run`
            : `foreign key ${fk.name}: the same row's ${ref.columns[k]}`,
        );
      });
      continue;
    }
    const i = out.findIndex((c) => fk.columns.includes(c.name) && (c.nullRate ?? 0) > 0);
    if (i < 0) {
      if (fk.columns.every((name) => at(name) >= 0))
        throw new Unfillable(
          `${table.name}: its foreign key ${fk.name} (${fk.columns.join(', ')}) to ${ref.schema}.${ref.table} is not one gen makes yet, and its columns are NOT NULL`,
        );
      continue;
    }
    out[i] = unmade(table, out[i]!, fk, context);
  }
  return out;
}

/** Two-column checks (`a < b`, `a <> b`): the columns get windows that cannot overlap. */
function applyPairs(
  table: string,
  columns: ColumnDefinition[],
  rules: TableRules,
  { notes, warnings }: TableContext,
): ColumnDefinition[] {
  const out = [...columns];
  for (const pair of rules.pairs) {
    const [ia, ib] = [out.findIndex((c) => c.name === pair.a), out.findIndex((c) => c.name === pair.b)];
    const [a, b] = [out[ia]?.generator, out[ib]?.generator];
    if (pair.op === '<>' && a?.kind === 'reference' && b?.kind === 'reference' && a.table === b.table) {
      out[ib] = { ...out[ib]!, generator: { ...b, distinctFrom: pair.a } };
      notes.set(
        `${table}.${pair.b}`,
        `${notes.get(`${table}.${pair.b}`) ?? ''}; never the row ${pair.a} takes (constraint ${pair.constraint})`,
      );
      continue;
    }
    const split = ia < 0 || ib < 0 ? null : splitPair(out[ia]!, out[ib]!);
    // An order read from names (`name-pairs.ts`) is a nicety: no warning when it cannot be had.
    const named = pair.constraint.startsWith('(');
    const why = named ? pair.constraint.slice(1, -1) : `constraint ${pair.constraint}`;
    if (split === null && named) continue;
    if (split === null) {
      warnings.push(
        `${table}: constraint ${pair.constraint} (${pair.a} ${pair.op} ${pair.b}) needs generators gen cannot order; edit them`,
      );
      continue;
    }
    if (split[0] === out[ia]!.generator && split[1] === out[ib]!.generator) continue;
    out[ia] = { ...out[ia]!, generator: split[0] };
    out[ib] = { ...out[ib]!, generator: split[1] };
    notes.set(`${table}.${pair.a}`, `before ${pair.b} in every row (${why}): the lower part of their range`);
    notes.set(`${table}.${pair.b}`, `after ${pair.a} in every row (${why}): the upper part of their range`);
  }
  return out;
}
