import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type * as Yaml from 'yaml';
import type { DatasetDefinition } from '../dataset/types.ts';
import { validateDataset } from '../dataset/validate.ts';
import { DatasetError } from '../errors.ts';
import { compileTable } from '../generators/index.ts';
import { datasetFromSchema } from './schema-document.ts';
import { yaml } from './yaml.ts';

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
    if (length > max)
      throw new DatasetError(
        `the schema file ${path} is larger than ${max / 1024 / 1024} MiB; is --config the right file?`,
      );
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
  const document = parseDocument(text, {
    uniqueKeys: false,
    prettyErrors: true,
    lineCounter: lines,
    logLevel: 'error',
  });
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
      throw new DatasetError(
        `${source}${at === undefined ? '' : `:${at.line}:${at.col}`}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '')}`,
      );
    }
    throw new DatasetError(`${source}: ${error instanceof Error ? error.message.split('\n')[0]! : String(error)}`);
  }
  try {
    const dataset = datasetFromSchema(document);
    validateDataset(dataset);
    const tableRows = Object.fromEntries(dataset.tables.map((t) => [t.name, t.defaultRows]));
    // One table at a time, each dropped once compiled: held together, a schema's compiled tables grow
    // with its tables (see planner/compiled-tables.ts).
    for (const table of dataset.tables) compileTable(dataset, table, { seed: 0, referenceDate: 0, tableRows });
    return dataset;
  } catch (error) {
    throw inFileWords(error, source);
  }
}

/** Keys of a table's `shape` in the model, as a schema file writes them under `rows:`. */
const SHAPE_KEYS: Readonly<Record<string, string>> = { rows: 'perDay', parent: 'perParent', tables: 'cross' };

/**
 * A `DatasetError` about a dataset read from file `source`, with its path in the file's words
 * (`tables.orders.rows.perDay`, not the model's `tables.orders.shape.rows`) and the file named first;
 * any other error as it is.
 */
export function inFileWords(error: unknown, source: string): unknown {
  if (!(error instanceof DatasetError)) return error;
  const [top, table, key, detail, ...rest] = error.path;
  let path = error.path;
  if (top === 'tables' && key === 'defaultRows') path = ['tables', table!, 'rows'];
  if (top === 'tables' && key === 'shape') {
    path = [
      'tables',
      table!,
      'rows',
      ...(detail === undefined || detail === 'kind' ? [] : [SHAPE_KEYS[detail] ?? detail]),
      ...rest,
    ];
  }
  return new DatasetError(`${source}: ${path.length === 0 ? '' : `${path.join('.')}: `}${error.problem}`);
}
