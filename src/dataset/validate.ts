import { DatasetError } from '../errors.ts';
import { compileColumn } from '../generators/index.ts';
import { type ColumnDefinition, type DatasetDefinition, type GenerationParams, type TableDefinition, foreignKeys, shapeParents } from './types.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkNames(names: readonly string[], where: string, what: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new DatasetError(`${where}: ${what} name ${JSON.stringify(name)} must be letters, digits and _ (not starting with a digit)`);
    }
    if (seen.has(name)) throw new DatasetError(`${where}: ${what} "${name}" is defined twice`);
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
    const edges = [...foreignKeys(table).map((fk) => ({ where: `columns.${fk.column}`, table: fk.table })), ...shapeParents(table).map((t) => ({ where: 'shape', table: t }))];
    for (const edge of edges) {
      const parent = index.get(edge.table);
      if (parent === undefined) continue; // reported with its path by checkShape or the generator
      if (state[parent] === 'open') throw new DatasetError(`tables.${table.name}.${edge.where}: references "${edge.table}", which (directly or through other tables) references "${table.name}": cycles of references are not allowed`);
      visit(parent);
    }
    state[i] = 'done';
    order.push(i);
  };
  dataset.tables.forEach((_, i) => visit(i));
  return order;
}

const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

/** Checks a table's shape: numbers in range, parents that exist and are plain where they must be. */
function checkShape(table: TableDefinition, dataset: DatasetDefinition): void {
  const shape = table.shape;
  if (shape === undefined) return;
  const where = `tables.${table.name}.shape`;
  const plain = (name: string): void => {
    const found = dataset.tables.find((t) => t.name === name);
    if (found === undefined) throw new DatasetError(`${where}: references unknown table ${JSON.stringify(name)}`);
    if (shape.kind === 'cross' && found.shape !== undefined) throw new DatasetError(`${where}: crosses "${name}", which is not a plain table`);
  };
  switch (shape.kind) {
    case 'daily':
      if (!finite(shape.rows) || shape.rows < 0) throw new DatasetError(`${where}.rows: must be a number of rows per day, >= 0`);
      if (shape.weekly !== undefined && (!Array.isArray(shape.weekly) || shape.weekly.length !== 7 || !shape.weekly.every((w) => finite(w) && w >= 0))) throw new DatasetError(`${where}.weekly: must be 7 factors >= 0, Monday first`);
      if (shape.yearly !== undefined && !(finite(shape.yearly.amplitude) && Math.abs(shape.yearly.amplitude) <= 1 && finite(shape.yearly.peakDay))) throw new DatasetError(`${where}.yearly: needs amplitude (-1..1) and peakDay (day of the year)`);
      if (shape.growth !== undefined && !(finite(shape.growth) && shape.growth > -1)) throw new DatasetError(`${where}.growth: must be a yearly rate above -1, e.g. 0.1 for +10% a year`);
      return;
    case 'children':
      plain(shape.parent);
      if (!Number.isSafeInteger(shape.min) || !Number.isSafeInteger(shape.max) || shape.min < 0 || shape.min > shape.max || shape.max > 10_000) throw new DatasetError(`${where}: min and max must be whole numbers with 0 <= min <= max <= 10000`);
      return;
    case 'cross':
      if (!Array.isArray(shape.tables) || shape.tables.length === 0) throw new DatasetError(`${where}.tables: must list the tables to cross`);
      shape.tables.forEach(plain);
      return;
    default:
      throw new DatasetError(`${where}.kind: must be daily, children or cross`);
  }
}

/**
 * Checks a dataset before anything runs: names, row counts, and every column's generator (by compiling it
 * once), so that a bad definition fails with its path instead of inside a worker.
 * @throws {DatasetError} naming the path of the first problem, e.g. `tables.items.columns.value: …`.
 */
export function validateDataset(dataset: DatasetDefinition, params: GenerationParams): void {
  if (!Array.isArray(dataset.tables) || dataset.tables.length === 0) {
    throw new DatasetError(`dataset ${JSON.stringify(dataset.name)}: tables must be a non-empty list`);
  }
  checkNames(dataset.tables.map((t) => t.name), 'tables', 'table');
  for (const table of dataset.tables) {
    const where = `tables.${table.name}`;
    if (!Number.isSafeInteger(table.defaultRows) || table.defaultRows < 0) {
      throw new DatasetError(`${where}.defaultRows: must be a non-negative integer`);
    }
    if (!Array.isArray(table.columns) || table.columns.length === 0) {
      throw new DatasetError(`${where}.columns: must be a non-empty list`);
    }
    checkNames(table.columns.map((c: ColumnDefinition) => c.name), `${where}.columns`, 'column');
    for (const key of table.primaryKey ?? []) {
      if (!table.columns.some((c: ColumnDefinition) => c.name === key)) throw new DatasetError(`${where}.primaryKey: unknown column "${key}"`);
    }
    for (const column of table.columns) {
      const rate = column.nullRate;
      if (rate === undefined) continue;
      if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new DatasetError(`${where}.columns.${column.name}.nullRate: must be a share from 0 to 1 (got ${JSON.stringify(rate)})`);
      if (rate > 0 && (table.primaryKey ?? []).includes(column.name)) throw new DatasetError(`${where}.columns.${column.name}.nullRate: a primary key column cannot be null`);
    }
    checkShape(table, dataset);
  }
  // Generators last: references look at other tables' keys, checked above.
  for (const table of dataset.tables) {
    for (const column of table.columns) compileColumn(table.name, column, params, dataset);
  }
  tableOrder(dataset);
}
