import { DatasetError } from '../errors.ts';
import { compileColumn } from '../generators/index.ts';
import { type ColumnDefinition, type DatasetDefinition, type GenerationParams, foreignKeys } from './types.ts';

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
    for (const fk of foreignKeys(table)) {
      const parent = index.get(fk.table);
      if (parent === undefined) continue; // reported by the reference generator, with its path
      if (state[parent] === 'open') throw new DatasetError(`tables.${table.name}.columns.${fk.column}: references "${fk.table}", which (directly or through other tables) references "${table.name}": cycles of references are not allowed`);
      visit(parent);
    }
    state[i] = 'done';
    order.push(i);
  };
  dataset.tables.forEach((_, i) => visit(i));
  return order;
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
  }
  // Generators last: references look at other tables' keys, checked above.
  for (const table of dataset.tables) {
    for (const column of table.columns) compileColumn(table.name, column, params, dataset);
  }
  tableOrder(dataset);
}
