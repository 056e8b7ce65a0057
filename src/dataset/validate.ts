import { DatasetError } from '../errors.ts';
import { type DatasetDefinition, foreignKeys, shapeParents, type TableDefinition } from './types.ts';

/**
 * A name, as real schemas have them (`OrderLines`, `Straße`, `unit price`): any characters but control
 * characters, `.` (it separates a lookup's path and a table's schema) and `/` or `\\` (names become file
 * names), not empty and not starting or ending with a space.
 */
const PART = String.raw`(?! )[^\x00-\x1f\x7f./\\]+(?<! )`;
const NAME = new RegExp(`^${PART}$`);
/** A table's name may also give its Postgres schema: `sales.orders`. */
const TABLE_NAME = new RegExp(`^(?:${PART}\\.)?${PART}$`);

/** Whether gen can hold `name` as a column's name (`table`: a table's, which may give its schema). */
export function isName(name: string, table = false): boolean {
  return (table ? TABLE_NAME : NAME).test(name);
}

function checkNames(names: readonly string[], where: readonly string[], what: string): void {
  const seen = new Set<string>();
  const pattern = what === 'table' ? TABLE_NAME : NAME;
  for (const name of names) {
    if (typeof name !== 'string' || !pattern.test(name)) {
      const schema = what === 'table' ? ', or schema.table' : '';
      const problem = `${what} name ${JSON.stringify(name)} must be a name without control characters, dots or slashes${schema}`;
      throw new DatasetError(where, problem);
    }
    if (seen.has(name)) throw new DatasetError(where, `${what} "${name}" is defined twice`);
    seen.add(name);
  }
}

/**
 * The order to make tables in: every table after the tables it references (stable otherwise), so that a
 * Postgres append can create parents first.
 * @throws {DatasetError} naming a column on a cycle of references (a table cannot be its own ancestor:
 *   its keys could not be computed from a parent's id space that depends on it).
 */
export function tableOrder(dataset: DatasetDefinition): number[] {
  const index = new Map(dataset.tables.map((t, i) => [t.name, i]));
  const state: ('new' | 'open' | 'done')[] = dataset.tables.map(() => 'new');
  const order: number[] = [];
  const visit = (i: number): void => {
    if (state[i] === 'done') return;
    const table = dataset.tables[i]!;
    state[i] = 'open';
    const edges = [
      ...foreignKeys(table).map((fk) => ({ where: ['columns', fk.column], table: fk.table })),
      ...shapeParents(table).map((t) => ({ where: ['shape'], table: t })),
    ];
    for (const edge of edges) {
      const parent = index.get(edge.table);
      if (parent === undefined) continue; // reported with its path by checkShape or the generator
      // A table may reference its own rows (a comment's parent comment): its keys are computed all the same.
      if (parent === i && edge.where[0] === 'columns') continue;
      if (state[parent] === 'open') {
        const cycle = `references "${edge.table}", which (directly or through other tables) references "${table.name}": cycles of references are not allowed`;
        throw new DatasetError(['tables', table.name, ...edge.where], cycle);
      }
      visit(parent);
    }
    state[i] = 'done';
    order.push(i);
  };
  dataset.tables.forEach((_, i) => {
    visit(i);
  });
  return order;
}

const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const factors = (list: unknown): boolean =>
  Array.isArray(list) && list.length === 7 && list.every((w) => finite(w) && w >= 0);

/** Checks a daily table's curve. */
function checkDaily(shape: TableDefinition['shape'] & { kind: 'daily' }, where: readonly string[]): void {
  const fail = (key: string, problem: string): never => {
    throw new DatasetError([...where, key], problem);
  };
  if (!finite(shape.rows) || shape.rows < 0) fail('rows', 'must be a number of rows per day, >= 0');
  if (shape.weekly !== undefined && !factors(shape.weekly)) fail('weekly', 'must be 7 factors >= 0, Monday first');
  const { yearly, growth } = shape;
  if (
    yearly !== undefined &&
    !(finite(yearly.amplitude) && Math.abs(yearly.amplitude) <= 1 && finite(yearly.peakDay))
  ) {
    fail('yearly', 'needs amplitude (-1..1) and peakDay (day of the year)');
  }
  if (growth !== undefined && !(finite(growth) && growth > -1)) {
    fail('growth', 'must be a yearly rate above -1, e.g. 0.1 for +10% a year');
  }
}

/** Checks a children table's weights: one per count from min to max, >= 0, some on a count above 0. */
function checkWeights(weights: unknown, min: number, max: number, where: readonly string[]): void {
  if (weights === undefined) return;
  const span = max - min + 1;
  if (!Array.isArray(weights) || weights.length !== span || !weights.every((w) => finite(w) && w >= 0))
    throw new DatasetError(where, `must be ${span} weights >= 0, one per count from ${min} to ${max}`);
  if (!weights.some((w, k) => w > 0 && min + k > 0))
    throw new DatasetError(where, 'needs a weight above 0 on a count above 0');
}

/** Checks a table's shape: numbers in range, parents that exist and are plain where they must be. */
function checkShape(table: TableDefinition, dataset: DatasetDefinition): void {
  const shape = table.shape;
  if (shape === undefined) return;
  const where = ['tables', table.name, 'shape'];
  const plain = (key: string) => (name: string) => {
    const found = dataset.tables.find((t) => t.name === name);
    if (found === undefined)
      throw new DatasetError([...where, key], `references unknown table ${JSON.stringify(name)}`);
    if (shape.kind === 'cross' && found.shape !== undefined) {
      throw new DatasetError([...where, key], `crosses "${name}", which is not a plain table`);
    }
  };
  switch (shape.kind) {
    case 'daily':
      checkDaily(shape, where);
      return;
    case 'children': {
      plain('parent')(shape.parent);
      const { min, max } = shape;
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || min > max || max > 10_000) {
        throw new DatasetError([...where, 'min'], 'min and max must be whole numbers with 0 <= min <= max <= 10000');
      }
      checkWeights(shape.weights, min, max, [...where, 'weights']);
      return;
    }
    case 'cross':
      if (!Array.isArray(shape.tables) || shape.tables.length === 0) {
        throw new DatasetError([...where, 'tables'], 'must list the tables to cross');
      }
      shape.tables.forEach(plain('tables'));
      return;
    default:
      throw new DatasetError([...where, 'kind'], 'must be daily, children or cross');
  }
}

/** Checks one table's rows, columns, key and null rates. */
function checkTable(table: TableDefinition, dataset: DatasetDefinition): void {
  const where = ['tables', table.name];
  if (!Number.isSafeInteger(table.defaultRows) || table.defaultRows < 0) {
    throw new DatasetError([...where, 'defaultRows'], 'must be a non-negative integer');
  }
  if (!Array.isArray(table.columns) || table.columns.length === 0) {
    throw new DatasetError([...where, 'columns'], 'must be a non-empty list');
  }
  checkNames(
    table.columns.map((c) => c.name),
    [...where, 'columns'],
    'column',
  );
  const key = table.primaryKey ?? [];
  const unknown = key.find((k) => !table.columns.some((c) => c.name === k));
  if (unknown !== undefined) throw new DatasetError([...where, 'primaryKey'], `unknown column "${unknown}"`);
  for (const [i, set] of (table.unique ?? []).entries()) {
    const missing = set.find((k) => !table.columns.some((c) => c.name === k));
    if (missing !== undefined) throw new DatasetError([...where, 'unique', String(i)], `unknown column "${missing}"`);
    if (set.length < 2)
      throw new DatasetError(
        [...where, 'unique', String(i)],
        'a set of two or more columns (one column: unique: true on it)',
      );
  }
  for (const column of table.columns) {
    const rate = column.nullRate;
    if (rate === undefined) continue;
    const at = [...where, 'columns', column.name, 'nullRate'];
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw new DatasetError(at, `must be a share from 0 to 1 (got ${JSON.stringify(rate)})`);
    }
    if (rate > 0 && key.includes(column.name)) throw new DatasetError(at, 'a primary key column cannot be null');
  }
  checkShape(table, dataset);
}

/**
 * Checks a dataset's structure before anything runs: names, row counts, keys, shapes and that references
 * form no cycle. Generators check their own options when they are compiled (`generators/index.ts`).
 * @throws {DatasetError} with the path of the first problem, e.g. `tables.items.columns`.
 */
export function validateDataset(dataset: DatasetDefinition): void {
  if (!Array.isArray(dataset.tables) || dataset.tables.length === 0) {
    throw new DatasetError(`dataset ${JSON.stringify(dataset.name)}: tables must be a non-empty list`);
  }
  checkNames(
    dataset.tables.map((t) => t.name),
    ['tables'],
    'table',
  );
  for (const table of dataset.tables) checkTable(table, dataset);
  const both = dataset.tables.find((t) => Object.hasOwn(dataset.exclude ?? {}, t.name));
  if (both !== undefined) throw new DatasetError(['exclude', both.name], 'is also in tables: keep it in one of them');
  tableOrder(dataset);
}
