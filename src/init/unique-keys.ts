import type { ColumnDefinition } from '../dataset/types.ts';
import type { CatalogTable } from './catalog.ts';
import { codeCapacity, codeTemplate } from './fit-length.ts';

/*
 * Keys of several columns that real schemas declare (a project's (project_id, name), a scheduler's
 * (sched_name, job_name, job_group), a permission per (entity, object, kind)), made unique: as
 * combinations of their columns' values where gen can (`generators/key-tuple.ts`), else by one column
 * made unique.
 */

/** An integer column drawn from a curve (zipf, normal…) as a uniform `int` over its range, a digit of a key; else null. */
function asDigit(column: ColumnDefinition | undefined): ColumnDefinition | null {
  const spec = column?.generator as { kind: string; min?: number; max?: number } | undefined;
  if (column?.type.kind !== 'int64' || spec?.min === undefined || spec.max === undefined || spec.kind === 'int')
    return null;
  return { ...column, generator: { kind: 'int', min: Math.ceil(spec.min), max: Math.floor(spec.max) } };
}

/** The largest value of Postgres's integer types, as `sql:` names them. */
const INT_MAX: Readonly<Record<string, number>> = { smallint: 32767, integer: 2 ** 31 - 1, bigint: 2 ** 52 - 1 };

/** Generators that never repeat a value within a run. */
const UNIQUE_KINDS = new Set(['sequence', 'uuid']);

/**
 * A column made unique so that a key of several columns is (a project's (project_id, name), a scheduler's
 * (sched_name, job_name, job_group)): text becomes a code of the row, an integer a permutation of a wide
 * range, a uuid stays random; null when the column is none of these or is a reference or lookup.
 */
function madeUnique(column: ColumnDefinition): ColumnDefinition | null {
  const kind = column.generator.kind;
  if (kind === 'reference' || kind === 'lookup' || kind === 'parent') return null;
  // Values a check, an enum or a partition lists stay those values; a type of its own (`sql:` jsonb, inet…) keeps its form.
  const text = column.sql === undefined || /^(text|character varying|character|citext|name)\b/.test(column.sql);
  if (column.type.kind === 'utf8' && kind !== 'choice' && text) {
    const named = `${column.name}-{id}`;
    const template =
      column.length === undefined || codeCapacity(named, column.length) >= 1e6
        ? named
        : codeTemplate(column.name.slice(0, 1).toUpperCase(), column.length);
    return { ...column, generator: { kind: 'template', template }, unique: true };
  }
  if (column.type.kind === 'int64' && kind === 'int') {
    const { min } = column.generator as { min: number };
    const max = INT_MAX[column.sql ?? 'bigint'] ?? 2 ** 31 - 1;
    return { ...column, generator: { kind: 'int', min: Math.max(min, 1), max }, unique: true };
  }
  if (column.type.kind === 'uuid') return { ...column, generator: { kind: 'uuid' }, unique: true };
  return null;
}

/**
 * Keys of several columns: the combination must be unique, which gen promises when one of its columns is
 * (a sequence, a uuid, a unique column), or when all of them are references or ints, each column in no
 * earlier key (`generators/key-tuple.ts`: every row a different combination). Any other key gets one of
 * its columns made unique (`madeUnique`); a key gen still cannot promise is named in a warning.
 */
export function uniqueKeys(
  table: CatalogTable,
  given: readonly ColumnDefinition[],
  context: { readonly notes: Map<string, string>; readonly warnings: string[] },
): ColumnDefinition[] {
  const columns = [...given];
  const column = (name: string) => columns.find((c) => c.name === name);
  const unique = (name: string): boolean => {
    const found = column(name);
    return found !== undefined && (found.unique === true || UNIQUE_KINDS.has(found.generator.kind));
  };
  const seen = new Set<string>();
  const digit = (name: string, names: readonly string[]): boolean => {
    const kind = column(name)?.generator.kind;
    return (
      kind === 'reference' ||
      kind === 'choice' ||
      (kind === 'lookup' && names.includes((column(name)!.generator as { via: string }).via)) ||
      kind === 'timestamp' ||
      (kind === 'int' && column(name)?.unique !== true)
    );
  };
  const combined = (names: readonly string[]): boolean => {
    // An integer drawn from a curve (a quantity, mostly 1) becomes uniform when that makes the key a combination.
    const fresh = names.every((name) => !seen.has(name));
    if (fresh && names.every((name) => digit(name, names) || asDigit(column(name)) !== null))
      for (const name of names.filter((n) => !digit(n, names)))
        columns[columns.indexOf(column(name)!)] = asDigit(column(name))!;
    const ok = fresh && names.every((name) => digit(name, names));
    for (const name of names) seen.add(name);
    return ok;
  };
  const keys = [...table.constraints].sort((a, b) => (a.type === 'p' ? -1 : b.type === 'p' ? 1 : 0));
  for (const c of keys) {
    if (!(c.type === 'p' || c.type === 'u') || c.columns.length < 2 || c.columns.some(unique) || combined(c.columns))
      continue;
    const made = c.columns
      .map((name) => column(name))
      .find((found) => found !== undefined && madeUnique(found) !== null);
    if (made !== undefined) {
      columns[columns.indexOf(made)] = madeUnique(made)!;
      context.notes.set(`${table.name}.${made.name}`, `unique, so that ${c.name} (${c.columns.join(', ')}) is`);
      continue;
    }
    context.warnings.push(
      `${table.name}: ${c.type === 'p' ? 'primary key' : 'unique constraint'} ${c.name} (${c.columns.join(', ')}) spans several columns and gen cannot promise unique combinations of them (no column of it can be made unique, and not all are references or ints), so a large load may clash: edit the generators (e.g. make one column unique)`,
    );
  }
  return columns;
}
