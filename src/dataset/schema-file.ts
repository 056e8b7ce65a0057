import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { DatasetError } from '../errors.ts';
import type { ColumnDefinition, ColumnType, DatasetDefinition, GeneratorSpec, TableDefinition, TableShape } from './types.ts';
import { validateDataset } from './validate.ts';

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

/** The options each generator takes besides `generator` (and whether each is required). */
const OPTIONS: { readonly [K in GeneratorSpec['kind']]: Readonly<Record<string, boolean>> } = {
  sequence: { start: false, step: false },
  int: { min: true, max: true },
  float: { min: true, max: true },
  choice: { values: true, weights: false },
  bool: { probability: false },
  timestamp: { fromDays: false, toDays: false, from: false, to: false },
  template: { template: true },
  normal: { mean: true, sd: true, min: false, max: false },
  lognormal: { mu: true, sigma: true, min: false, max: false },
  zipf: { min: true, max: true, s: false },
  reference: { table: true, distribution: false, s: false },
  faker: { data: true },
  email: { first: true, last: true },
  dayTime: { midnight: false },
  parent: { table: false },
  childIndex: {},
  parentColumn: { column: true, multiply: false },
};

/** Columns per table: PostgreSQL's own limit (https://www.postgresql.org/docs/15/limits.html). */
const MAX_COLUMNS = 1600;

const TYPES = 'int64, float64, decimal(S), bool, utf8, timestamp';

let yamlModule: typeof Yaml | undefined;
/** The YAML library, loaded on first use: it costs ~30 ms, which runs without a schema file should not pay. */
function yaml(): typeof Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yamlModule;
}

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

function parseType(value: unknown, path: string): ColumnType {
  const text = typeof value === 'string' ? value.trim() : '';
  const decimal = /^decimal(?:\((\d)\))?$/.exec(text);
  if (decimal !== null) return { kind: 'decimal', scale: Number(decimal[1] ?? 2) };
  if (text === 'text') return { kind: 'utf8' };
  if (['int64', 'float64', 'bool', 'utf8', 'timestamp'].includes(text)) return { kind: text } as ColumnType;
  throw new DatasetError(`${path}.type: must be one of ${TYPES} (got ${JSON.stringify(value)})`);
}

function parseColumn(name: string, node: unknown, path: string): ColumnDefinition {
  const column = map(node, path, 'type, generator and its options');
  const kind = column.generator;
  if (typeof kind !== 'string' || !Object.hasOwn(OPTIONS, kind)) {
    throw new DatasetError(`${path}.generator: must be one of ${Object.keys(OPTIONS).join(', ')} (got ${JSON.stringify(kind)})`);
  }
  const options = OPTIONS[kind as GeneratorSpec['kind']];
  onlyKeys(column, ['type', 'generator', 'nullRate', 'unique', ...Object.keys(options)], path);
  const missing = Object.keys(options).find((k) => options[k] === true && column[k] === undefined);
  if (missing !== undefined) throw new DatasetError(`${path}: generator ${kind} needs "${missing}"`);
  const { type, generator: _, nullRate, unique, ...rest } = column;
  if (unique !== undefined && typeof unique !== 'boolean') throw new DatasetError(`${path}.unique: must be true or false`);
  return {
    name, type: parseType(type, path), generator: { kind, ...rest } as GeneratorSpec,
    ...(nullRate === undefined ? {} : { nullRate: nullRate as number }), ...(unique === undefined ? {} : { unique }),
  };
}

const ROWS_HINT = 'a whole number of rows at scale 1, or { perDay: N }, { perParent: TABLE, min: N, max: N } or { cross: [TABLES], daily: true }';

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
    onlyKeys(value, ['perParent', 'min', 'max'], `${path}.rows`);
    return { defaultRows: 0, shape: { kind: 'children', parent: value.perParent, min: value.min, max: value.max } as TableShape };
  }
  if ('cross' in value) {
    onlyKeys(value, ['cross', 'daily'], `${path}.rows`);
    return { defaultRows: 0, shape: { kind: 'cross', tables: value.cross, ...(value.daily === undefined ? {} : { daily: value.daily }) } as TableShape };
  }
  throw new DatasetError(`${path}.rows: must be ${ROWS_HINT}`);
}

/** The `rows:` of a table in a schema document. */
function rowsOf(table: TableDefinition): unknown {
  const shape = table.shape;
  if (shape === undefined) return table.defaultRows;
  if (shape.kind === 'daily') {
    const { kind: _, rows, ...curve } = shape;
    return { perDay: rows, ...curve };
  }
  if (shape.kind === 'children') return { perParent: shape.parent, min: shape.min, max: shape.max };
  return { cross: shape.tables, ...(shape.daily === undefined ? {} : { daily: shape.daily }) };
}

function parseTable(name: string, node: unknown, path: string): TableDefinition {
  const table = map(node, path, 'rows, primaryKey and columns');
  onlyKeys(table, ['rows', 'primaryKey', 'columns'], path);
  const rows = parseRows(table.rows, path);
  const key = table.primaryKey;
  if (key !== undefined && (!Array.isArray(key) || !key.every((k) => typeof k === 'string'))) {
    throw new DatasetError(`${path}.primaryKey: must be a list of column names`);
  }
  const specs = Object.entries(map(table.columns, `${path}.columns`, 'columns'));
  if (specs.length > MAX_COLUMNS) throw new DatasetError(`${path}.columns: ${specs.length} columns; a table has at most ${MAX_COLUMNS} (Postgres's limit)`);
  const columns = specs.map(([c, spec]) => parseColumn(c, spec, `${path}.columns.${c}`));
  return { name, ...rows, columns, ...(key === undefined ? {} : { primaryKey: key as string[] }) };
}

/**
 * Turns a parsed schema document into a dataset; `validateDataset` then checks generators and references.
 * @throws {DatasetError} naming the path of the first problem, e.g. `tables.orders.rows: must be …`.
 */
export function datasetFromSchema(document: unknown): DatasetDefinition {
  const root = map(document, '(top level)', 'name, version, description, scales and tables');
  onlyKeys(root, ['name', 'version', 'description', 'scales', 'defaultDays', 'tables'], '(top level)');
  if (typeof root.name !== 'string' || root.name === '') throw new DatasetError('name: must be the dataset\'s name');
  const version = root.version ?? 1;
  if (typeof version !== 'number' || !Number.isSafeInteger(version)) throw new DatasetError('version: must be a whole number');
  const scales = root.scales === undefined ? undefined : map(root.scales, 'scales', 'names to factors');
  const factorOk = (f: unknown): boolean => typeof f === 'number' && f >= 0 && Number.isFinite(f);
  for (const [scale, factor] of Object.entries(scales ?? {})) {
    if (!factorOk(factor) && !(isMap(factor) && Object.values(factor).every(factorOk))) throw new DatasetError(`scales.${scale}: must be a factor >= 0, or a map of tables to factors`);
  }
  const days = root.defaultDays;
  if (days !== undefined && (typeof days !== 'number' || !Number.isSafeInteger(days) || days < 1)) throw new DatasetError('defaultDays: must be a whole number of days, >= 1');
  const tables = Object.entries(map(root.tables, 'tables', 'tables')).map(([name, table]) => parseTable(name, table, `tables.${name}`));
  return {
    name: root.name, version, description: typeof root.description === 'string' ? root.description : '', tables,
    ...(scales === undefined ? {} : { scales: scales as Record<string, number> }),
    ...(days === undefined ? {} : { defaultDays: days }),
  };
}

/**
 * Reads a YAML or JSON schema file.
 * @throws {DatasetError} prefixed with the file's name: a YAML syntax error with its line and column, or
 *   the path of the first problem in the document.
 */
export function readSchemaFile(path: string): DatasetDefinition {
  let text: string;
  try {
    text = readBounded(path, MAX_SCHEMA_BYTES);
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a directory' }[code] ?? code;
    throw new DatasetError(`cannot read the schema file ${path}: ${reason || String(error)}; check the --config path`);
  }
  return parseSchema(text, basename(path));
}

/**
 * Largest schema file: a hundred tables of a hundred columns take ~1 MiB. The bound keeps a wrong path
 * (`/dev/zero`, a data file) from filling the memory; it is read at most this far, whatever its kind.
 */
export const MAX_SCHEMA_BYTES = 4 * 1024 * 1024;

/** The text of `path`, read up to `max` bytes (a pipe or device has no size to check first). */
function readBounded(path: string, max: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(max + 1);
    let length = 0;
    for (let n = 1; n > 0 && length <= max; length += n) n = readSync(fd, buffer, length, max + 1 - length, null);
    if (length > max) throw new DatasetError(`the schema file ${path} is larger than ${max / 1024 / 1024} MiB; is --config the right file?`);
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * YAML (or JSON) to plain data. yaml's own duplicate-key check compares every key with every other one
 * (40k columns took 13 s), so it is off, and `duplicateKey` does the same check with a set per map.
 */
function parseYaml(text: string, source: string): unknown {
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: false, prettyErrors: true, lineCounter: lines, logLevel: 'error' });
  if (document.errors[0] !== undefined) throw document.errors[0];
  const duplicate = duplicateKey(document);
  if (duplicate !== null) {
    const at = lines.linePos(duplicate.offset);
    throw new DatasetError(`${source}:${at.line}:${at.col}: duplicate key ${JSON.stringify(duplicate.key)}`);
  }
  return document.toJS({ maxAliasCount: 100 });
}

/** The first key that appears twice in one map of `document`, and where, or null. */
function duplicateKey(document: Yaml.Document): { key: string; offset: number } | null {
  let found: { key: string; offset: number } | null = null;
  yaml().visit(document, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = yaml().isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) {
          found = { key, offset: (pair.key as { range?: [number] } | null)?.range?.[0] ?? 0 };
          return yaml().visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

/** Parses schema text; `source` names it in errors. */
export function parseSchema(text: string, source: string): DatasetDefinition {
  let document: unknown;
  try {
    document = parseYaml(text, source);
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    if (error instanceof yaml().YAMLParseError) {
      const at = error.linePos?.[0];
      throw new DatasetError(`${source}${at === undefined ? '' : `:${at.line}:${at.col}`}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '')}`);
    }
    throw new DatasetError(`${source}: ${error instanceof Error ? error.message.split('\n')[0]! : String(error)}`);
  }
  try {
    const dataset = datasetFromSchema(document);
    const tableRows = Object.fromEntries(dataset.tables.map((t) => [t.name, t.defaultRows]));
    validateDataset(dataset, { seed: 0, referenceDate: 0, tableRows });
    return dataset;
  } catch (error) {
    if (error instanceof DatasetError) throw new DatasetError(`${source}: ${error.message}`);
    throw error;
  }
}

/** A dataset as a schema document: what `gen describe NAME --format yaml` prints. */
export function schemaOf(dataset: DatasetDefinition): string {
  const typeName = (type: ColumnType): string => (type.kind === 'decimal' ? `decimal(${type.scale})` : type.kind);
  const tables = Object.fromEntries(dataset.tables.map((t) => [t.name, {
    rows: rowsOf(t),
    ...(t.primaryKey === undefined ? {} : { primaryKey: t.primaryKey }),
    columns: Object.fromEntries(t.columns.map((c) => {
      const { kind, ...options } = c.generator;
      return [c.name, { type: typeName(c.type), generator: kind, ...options, ...(c.nullRate === undefined ? {} : { nullRate: c.nullRate }), ...(c.unique === undefined ? {} : { unique: c.unique }) }];
    })),
  }]));
  const document = {
    name: dataset.name, version: dataset.version, description: dataset.description,
    ...(dataset.scales ? { scales: dataset.scales } : {}), ...(dataset.defaultDays ? { defaultDays: dataset.defaultDays } : {}), tables,
  };
  // One line per column and per key list, as a person would write them.
  const { Document, isCollection } = yaml();
  const doc = new Document(document);
  for (const t of dataset.tables) {
    for (const path of [['primaryKey'], ['rows'], ...t.columns.map((c) => ['columns', c.name])]) {
      const node = doc.getIn(['tables', t.name, ...path]);
      if (isCollection(node)) node.flow = true;
    }
  }
  return doc.toString({ lineWidth: 120 });
}
