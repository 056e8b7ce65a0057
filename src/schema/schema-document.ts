import type {
  ColumnDefinition,
  ColumnType,
  DatasetDefinition,
  GeneratorSpec,
  TableDefinition,
  TableShape,
} from '../dataset/types.ts';
import { DEFECT_KINDS, type DefectKind } from '../dataset/types.ts';
import { DatasetError } from '../errors.ts';
import { GENERATOR_KINDS, registrationOf } from '../generators/registry.ts';
import type { OptionType } from '../generators/types.ts';
import { suggest } from '../suggest.ts';

/**
 * The schema language as a file (YAML or JSON, which is YAML too): the dataset model with tables and
 * columns as maps, a column's type as a word and its generator's options beside `generator`:
 *
 *     name: shop
 *     tables:
 *       customers:
 *         rows: 1000
 *         primaryKey: [customer_id]      # rows may also be { perDay: N }, { perParent: T, min, max }, { cross: [A, B] }
 *         columns:
 *           customer_id: { type: int64, generator: sequence, start: 1 }
 *           segment: { type: utf8, generator: choice, values: [retail, pro], weights: [9, 1] }
 *
 * `gen describe NAME --format yaml` prints every built-in dataset this way.
 */

/** Columns per table: PostgreSQL's own limit (https://www.postgresql.org/docs/15/limits.html). */
const MAX_COLUMNS = 1600;

const TYPES = 'int64, float64, decimal(S), bool, utf8, timestamp, date, time, uuid';
const TYPE_NAMES = ['int64', 'float64', 'bool', 'utf8', 'timestamp', 'date', 'time', 'uuid'];
/** What other tools call the types (SQL, Arrow, Python): the hint says ours. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  int: 'int64',
  integer: 'int64',
  bigint: 'int64',
  long: 'int64',
  float: 'float64',
  double: 'float64',
  number: 'float64',
  numeric: 'decimal(2)',
  money: 'decimal(2)',
  boolean: 'bool',
  string: 'utf8',
  str: 'utf8',
  varchar: 'utf8',
  datetime: 'timestamp',
  timestamptz: 'timestamp',
};

type Node = Record<string, unknown>;

function isMap(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function map(value: unknown, path: string, what: string): Node {
  if (!isMap(value)) throw new DatasetError(`${path}: must be a map of ${what}`);
  return value;
}

function onlyKeys(node: Node, allowed: readonly string[], path: string): void {
  const extra = Object.keys(node).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw new DatasetError(`${path}: unknown key "${extra}"; expected ${allowed.join(', ')}`);
}

/** How errors name an option type. */
const TYPE_WORDS: Readonly<Record<OptionType, string>> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  strings: 'a list of values',
  numbers: 'a list of numbers',
};

/** Whether `value` is written as `type`; a list of values may hold numbers (an int64 column's choices). */
function isOfType(value: unknown, type: OptionType): boolean {
  const scalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number';
  switch (type) {
    case 'strings':
      return Array.isArray(value) && value.every(scalar);
    case 'numbers':
      return Array.isArray(value) && value.every((v) => typeof v === 'number');
    default:
      return typeof value === type;
  }
}

function parseType(value: unknown, path: string): ColumnType {
  const text = typeof value === 'string' ? value.trim() : '';
  const decimal = /^decimal(?:\((\d)\))?$/.exec(text);
  if (decimal !== null) return { kind: 'decimal', scale: Number(decimal[1] ?? 2) };
  if (text === 'text') return { kind: 'utf8' };
  if (TYPE_NAMES.includes(text)) return { kind: text } as ColumnType;
  const hint = suggest(text, TYPE_NAMES, TYPE_ALIASES);
  throw new DatasetError(
    `${path}.type: must be one of ${TYPES} (got ${JSON.stringify(value)})${hint === undefined ? '' : `; did you mean ${hint}?`}`,
  );
}

function parseColumn(name: string, node: unknown, path: string): ColumnDefinition {
  const column = map(node, path, 'type, generator and its options');
  const kind = column.generator;
  const registration = registrationOf(kind);
  if (registration === undefined) {
    throw new DatasetError(
      `${path}.generator: must be one of ${GENERATOR_KINDS.join(', ')} (got ${JSON.stringify(kind)})`,
    );
  }
  const options: Readonly<Record<string, { type: OptionType; required: boolean }>> = registration.options;
  onlyKeys(
    column,
    ['type', 'generator', 'nullRate', 'nullable', 'nullWhen', 'unique', 'sql', 'length', ...Object.keys(options)],
    path,
  );
  for (const [name, option] of Object.entries(options)) {
    const value = column[name];
    if (value === undefined && option.required)
      throw new DatasetError(`${path}: generator ${String(kind)} needs "${name}"`);
    if (value !== undefined && !isOfType(value, option.type)) {
      throw new DatasetError(`${path}.${name}: must be ${TYPE_WORDS[option.type]} (got ${JSON.stringify(value)})`);
    }
  }
  const { type, generator: _, nullRate, nullable, nullWhen, unique, sql, length, ...rest } = column;
  if (unique !== undefined && typeof unique !== 'boolean')
    throw new DatasetError(`${path}.unique: must be true or false`);
  if (nullable !== undefined && typeof nullable !== 'boolean')
    throw new DatasetError(`${path}.nullable: must be true or false`);
  if (nullWhen !== undefined && (typeof nullWhen !== 'string' || nullWhen.trim() === ''))
    throw new DatasetError(`${path}.nullWhen: must be a condition, e.g. "status <> 'shipped'"`);
  if (sql !== undefined && (typeof sql !== 'string' || sql.trim() === ''))
    throw new DatasetError(`${path}.sql: must be a Postgres type name, e.g. integer or varchar(40)`);
  if (length !== undefined && !(Number.isSafeInteger(length) && (length as number) > 0))
    throw new DatasetError(`${path}.length: must be a whole number of characters, > 0`);
  return {
    name,
    type: parseType(type, path),
    generator: { kind, ...rest } as GeneratorSpec,
    ...(nullRate === undefined ? {} : { nullRate: nullRate as number }),
    ...(nullable === undefined ? {} : { nullable }),
    ...(nullWhen === undefined ? {} : { nullWhen: nullWhen as string }),
    ...(unique === undefined ? {} : { unique }),
    ...(sql === undefined ? {} : { sql: sql as string }),
    ...(length === undefined ? {} : { length: length as number }),
  };
}

const ROWS_HINT =
  'a whole number of rows at scale 1, or { perDay: N }, { perParent: TABLE, min: N, max: N, weights: [W, …] } or { cross: [TABLES], daily: true }';

/** `rows:` as a count, or as a shape (see `TableShape`). */
function parseRows(value: unknown, path: string): { defaultRows: number; shape?: TableShape } {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return { defaultRows: value };
  if (!isMap(value)) throw new DatasetError(`${path}.rows: must be ${ROWS_HINT} (got ${JSON.stringify(value)})`);
  if ('perDay' in value) {
    onlyKeys(value, ['perDay', 'weekly', 'yearly', 'growth'], `${path}.rows`);
    const { perDay, ...curve } = value;
    return { defaultRows: 0, shape: { kind: 'daily', rows: perDay, ...curve } as TableShape };
  }
  if ('perParent' in value) {
    onlyKeys(value, ['perParent', 'min', 'max', 'weights'], `${path}.rows`);
    const { perParent, min, max, weights } = value;
    return {
      defaultRows: 0,
      shape: {
        kind: 'children',
        parent: perParent,
        min,
        max,
        ...(weights === undefined ? {} : { weights }),
      } as TableShape,
    };
  }
  if ('cross' in value) {
    onlyKeys(value, ['cross', 'daily'], `${path}.rows`);
    return {
      defaultRows: 0,
      shape: {
        kind: 'cross',
        tables: value.cross,
        ...(value.daily === undefined ? {} : { daily: value.daily }),
      } as TableShape,
    };
  }
  throw new DatasetError(`${path}.rows: must be ${ROWS_HINT}`);
}

function parseTable(name: string, node: unknown, path: string): TableDefinition {
  const table = map(node, path, 'rows, primaryKey, unique and columns');
  onlyKeys(table, ['rows', 'scaled', 'lookup', 'primaryKey', 'unique', 'columns'], path);
  for (const flag of ['scaled', 'lookup'] as const)
    if (table[flag] !== undefined && typeof table[flag] !== 'boolean')
      throw new DatasetError(`${path}.${flag}: must be true or false`);
  const rows = parseRows(table.rows, path);
  const key = table.primaryKey;
  if (key !== undefined && (!Array.isArray(key) || !key.every((k) => typeof k === 'string'))) {
    throw new DatasetError(`${path}.primaryKey: must be a list of column names`);
  }
  const unique = table.unique;
  const names = (list: unknown): boolean => Array.isArray(list) && list.every((k) => typeof k === 'string');
  if (unique !== undefined && !(Array.isArray(unique) && unique.every(names)))
    throw new DatasetError(`${path}.unique: must be a list of column lists, e.g. [[user_id, role_id]]`);
  const specs = Object.entries(map(table.columns, `${path}.columns`, 'columns'));
  if (specs.length > MAX_COLUMNS)
    throw new DatasetError(
      `${path}.columns: ${specs.length} columns; a table has at most ${MAX_COLUMNS} (Postgres's limit)`,
    );
  const columns = specs.map(([c, spec]) => parseColumn(c, spec, `${path}.columns.${c}`));
  return {
    name,
    ...rows,
    ...(table.scaled === undefined ? {} : { scaled: table.scaled as boolean }),
    ...(table.lookup === undefined ? {} : { lookup: table.lookup as boolean }),
    columns,
    ...(key === undefined ? {} : { primaryKey: key as string[] }),
    ...(unique === undefined ? {} : { unique: unique as string[][] }),
  };
}

/**
 * Turns a parsed schema document into a dataset; `parseSchema` then checks its structure and generators.
 * @throws {DatasetError} naming the path of the first problem, e.g. `tables.orders.rows: must be …`.
 */
export function datasetFromSchema(document: unknown): DatasetDefinition {
  const root = map(document, '(top level)', 'name, version, description, scales and tables');
  onlyKeys(
    root,
    ['name', 'version', 'description', 'schema', 'scales', 'defaultDays', 'defects', 'exclude', 'tables'],
    '(top level)',
  );
  if (typeof root.name !== 'string' || root.name === '') throw new DatasetError("name: must be the dataset's name");
  const version = root.version ?? 1;
  if (typeof version !== 'number' || !Number.isSafeInteger(version))
    throw new DatasetError('version: must be a whole number');
  const scales = root.scales === undefined ? undefined : map(root.scales, 'scales', 'names to factors');
  const factorOk = (f: unknown): boolean => typeof f === 'number' && f >= 0 && Number.isFinite(f);
  for (const [scale, factor] of Object.entries(scales ?? {})) {
    if (!factorOk(factor) && !(isMap(factor) && Object.values(factor).every(factorOk)))
      throw new DatasetError(`scales.${scale}: must be a factor >= 0, or a map of tables to factors`);
  }
  const days = root.defaultDays;
  if (days !== undefined && (typeof days !== 'number' || !Number.isSafeInteger(days) || days < 1))
    throw new DatasetError('defaultDays: must be a whole number of days, >= 1');
  const defects = root.defects === undefined ? undefined : defectRates(root.defects);
  if (root.schema !== undefined && (typeof root.schema !== 'string' || root.schema === ''))
    throw new DatasetError('schema: must be the name of a Postgres schema, e.g. public');
  const exclude = root.exclude === undefined ? undefined : excluded(root.exclude);
  const tables = Object.entries(map(root.tables, 'tables', 'tables')).map(([name, table]) =>
    parseTable(name, table, `tables.${name}`),
  );
  return {
    name: root.name,
    version,
    description: typeof root.description === 'string' ? root.description : '',
    tables,
    ...(scales === undefined ? {} : { scales: scales as Record<string, number> }),
    ...(days === undefined ? {} : { defaultDays: days }),
    ...(defects === undefined ? {} : { defects }),
    ...(root.schema === undefined ? {} : { schema: root.schema as string }),
    ...(exclude === undefined ? {} : { exclude }),
  };
}

/** `exclude: { table: reason }`: tables gen leaves alone; a reason may be left empty (`~`). */
function excluded(value: unknown): Record<string, string> {
  const given = map(value, 'exclude', 'tables to the reason gen leaves them alone');
  for (const [table, reason] of Object.entries(given))
    if (reason !== null && typeof reason !== 'string')
      throw new DatasetError(`exclude.${table}: must be the reason, as text (or ~)`);
  return Object.fromEntries(Object.entries(given).map(([table, reason]) => [table, (reason as string | null) ?? '']));
}

/** `defects: { orphan: 0.001, null: 0.002 }`: known kinds, each a share of rows, at most 0.5 together. */
function defectRates(value: unknown): Partial<Record<DefectKind, number>> {
  const given = map(value, 'defects', 'kinds of defect to shares of rows');
  // YAML reads a bare `null:` key as no key at all (''): in this map it can only mean the kind `null`.
  const rates = Object.fromEntries(Object.entries(given).map(([k, v]) => [k === '' ? 'null' : k, v]));
  for (const [kind, rate] of Object.entries(rates)) {
    if (!(DEFECT_KINDS as readonly string[]).includes(kind))
      throw new DatasetError(`defects.${kind}: not a kind of defect; the kinds are ${DEFECT_KINDS.join(', ')}`);
    if (typeof rate !== 'number' || !(rate > 0 && rate <= 0.5))
      throw new DatasetError(`defects.${kind}: must be a share of rows above 0 and at most 0.5, e.g. 0.001`);
  }
  const total = Object.values(rates).reduce((sum: number, r) => sum + (r as number), 0);
  if (total > 0.5) throw new DatasetError(`defects: the shares add up to ${total}, more than 0.5`);
  return rates as Partial<Record<DefectKind, number>>;
}
