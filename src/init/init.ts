import { basename } from 'node:path';
import type { DatasetDefinition } from '../dataset/types.ts';
import { DatasetError } from '../errors.ts';
import { schemaOf } from '../schema/schema-print.ts';
import { connectPg, type PgConnection } from '../sinks/postgres-connection.ts';
import { TOOL } from '../version.ts';
import type { Catalog } from './catalog.ts';
import { SAMPLE_ROWS, sampleChecks, type UnreadChecks } from './check-sample.ts';
import { datasetOf, type InitResult } from './dataset-of.ts';
import { profiled } from './profile.ts';
import { readCatalog, type SchemaChoice } from './read-catalog.ts';
import { readDdl } from './read-ddl.ts';

/** What `gen init` reads. */
export interface InitOptions {
  /** A Postgres URL; else pg's defaults (PGHOST, PGUSER…). */
  readonly url?: string;
  /** CREATE statements to read instead of a live database: the file's name (for messages) and its text. */
  readonly ddl?: { readonly file: string; readonly sql: string };
  /** The schemas to read: a list, or `all` that hold tables (not the system's or extensions'). */
  readonly schemas: SchemaChoice;
  /** Globs of the tables to read (`--include`), and of tables to leave out (`--exclude`). */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** Also read pg_stats (aggregates only) into null rates, weighted values and ranges. */
  readonly profile: boolean;
  /** The reference day (`YYYY-MM-DD`) for bounds the checks give as dates. */
  readonly date: string;
  readonly signal?: AbortSignal;
}

/** A schema file, and what gen could not honour (also written into the file, as comments). */
export interface InitOutput {
  readonly yaml: string;
  readonly warnings: readonly string[];
  readonly tables: number;
}

/**
 * Reads a live database schema (or a file of CREATE statements) and writes it as a gen schema file: every
 * table in reference order, each column's generator guessed from its key, type, checks and name, with a
 * comment saying where each guess came from. Only the catalog is read (and pg_stats with `profile`), never
 * a table's rows.
 * @throws {SinkError} when the server cannot be reached, the schema does not exist, or a column cannot be
 *   made; {DatasetError} for a file that does not parse.
 */
export async function initSchema(options: InitOptions): Promise<InitOutput> {
  if (options.ddl !== undefined) {
    const catalog = await readDdl(options.ddl.sql, options.ddl.file, options.schemas);
    const name = basename(options.ddl.file).replace(/\.[^.]*$/, '') || 'app';
    return schemaFile(catalog, name, options, `file "${basename(options.ddl.file)}"`);
  }
  const main = await connectPg(options.url, 'shardgen/init', options.signal);
  try {
    const catalog = await readCatalog(main, options.schemas, options.profile);
    const database = main.target.database;
    const schemas = schemasIn(catalog);
    const name = schemas.length === 1 && schemas[0] !== 'public' ? schemas[0]! : database || 'app';
    return await schemaFile(catalog, name, options, `database "${database}"`, main);
  } finally {
    await main.close();
  }
}

/** The schemas of the tables read, in order. */
function schemasIn(catalog: Catalog): string[] {
  return [...new Set(catalog.tables.map((t) => t.schema))];
}

/** pg_stats under the tables' names in the file (plain for one schema, `schema.table` for several). */
function statsByName(catalog: Catalog): Catalog['stats'] {
  if (catalog.stats === null || schemasIn(catalog).length > 1) return catalog.stats;
  return new Map([...catalog.stats].map(([key, columns]) => [key.slice(key.indexOf('.') + 1), columns]));
}

/** The dataset of a catalog as the file holds it (profiled with pg_stats when read). */
async function datasetFile(
  catalog: Catalog,
  name: string,
  options: InitOptions,
  description: string,
  verdicts?: Awaited<ReturnType<typeof sampleChecks>>,
): Promise<{ result: InitResult; dataset: DatasetDefinition; notes: Map<string, string> }> {
  const choice = {
    everySchema: options.schemas === 'all',
    ...(options.include === undefined ? {} : { include: options.include }),
    ...(options.exclude === undefined ? {} : { exclude: options.exclude }),
  };
  const result = await datasetOf(catalog, name, description, options.date, choice, verdicts);
  const notes = new Map(result.notes);
  const stats = statsByName(catalog);
  const dataset =
    stats === null ? result.dataset : { ...result.dataset, tables: profiled(result.dataset.tables, stats, notes) };
  return { result, dataset, notes };
}

/** The CHECKs gen does not read of the tables kept, with their text where the catalog has it. */
function unreadChecks(catalog: Catalog, result: InitResult): UnreadChecks[] {
  const qualified = result.dataset.schema === undefined;
  return [...result.unread].map(([table, names]) => {
    const found = catalog.tables.find((t) => (qualified ? `${t.schema}.${t.name}` : t.name) === table);
    const definition = (name: string) =>
      found?.constraints.find((c) => c.type === 'c' && c.name === name)?.definition ?? null;
    return { table, checks: names.map((name) => ({ name, definition: definition(name) })) };
  });
}

/**
 * The file's dataset; with a database (`main`), the CHECKs gen does not read are asked of it on a sample
 * of the file's rows, and the file is made again with its answers (a table whose sample fails one is left
 * out, and so is what needs it).
 */
async function checkedFile(
  catalog: Catalog,
  name: string,
  options: InitOptions,
  description: string,
  main: PgConnection | undefined,
): ReturnType<typeof datasetFile> {
  const first = await datasetFile(catalog, name, options, description);
  if (main === undefined || first.result.unread.size === 0) return first;
  const verdicts = await sampleChecks(main, first.dataset, unreadChecks(catalog, first.result), options.date);
  return datasetFile(catalog, name, options, description, verdicts);
}

/** The schema file of a catalog, with its header: where it came from, what was read, what to check. */
async function schemaFile(
  catalog: Catalog,
  name: string,
  options: InitOptions,
  source: string,
  main?: PgConnection,
): Promise<InitOutput> {
  const schemas = schemasIn(catalog);
  const which = `${schemas.length === 1 ? 'Schema' : 'Schemas'} ${schemas.join(', ')}`;
  const description = `${which} of ${source}, read by gen init`;
  const { result, dataset, notes } = await checkedFile(catalog, name, options, description, main);
  if (result.dataset.tables.length === 0)
    throw new DatasetError(
      `every table was left out, so there is nothing to fill: ${result.warnings
        .filter((w) => w.includes('left out'))
        .slice(0, 3)
        .join('; ')}`,
    );
  const read =
    options.ddl !== undefined
      ? 'Only CREATE statements were read.'
      : `Only the catalog${options.profile ? ' and pg_stats (aggregates)' : ''} ${options.profile ? 'were' : 'was'} read, never a row.`;
  // Without a database, the CHECKs gen does not read stay unverified (each is listed below).
  const unverified =
    main === undefined && result.unread.size > 0
      ? [
          ' CHECKs gen does not read were not verified: init --ddl reads no database (init --url tries each on',
          ` ${SAMPLE_ROWS} sample rows of a table in the database, read-only).`,
        ]
      : main !== undefined && result.unread.size > 0
        ? [
            ` CHECKs gen does not read were tried in the database (read-only) on ${SAMPLE_ROWS} sample rows of their`,
            ' table, as the file makes them; a table whose sample fails one is left out.',
          ]
        : [];
  const header = [
    ` ${which} of ${source}, read by ${TOOL.name} ${TOOL.version} init on ${options.date}.`,
    ` ${read}`,
    ...unverified,
    ' Each comment says where a generator came from: edit any of them. `sql:` keeps a type the database chose.',
    " Rows at scale 1: the database's estimate where it has one; else 50 for a lookup, 1000 for a table others",
    ' refer to, and a table that refers to others a multiple of its largest parent (10 for events and lines,',
    ' 5 for links, 1 for tables others refer to in turn and one-to-one). --rows N sizes the largest table and the',
    ' others in proportion; `scaled: false` tables (codes, singletons) keep their rows.',
    ' Fill the tables: gen --config THIS_FILE --url URL --append --rows N. Into tables that hold rows, an append',
    ' continues their ids, draws references among the rows there too, and adds none to a `lookup: true` table.',
    ...(result.warnings.length === 0 ? [] : [' To check by hand:', ...result.warnings.map((w) => `  - ${w}`)]),
  ].join('\n');
  return {
    yaml: schemaOf(dataset, { header, notes, unfolded: true }),
    warnings: result.warnings,
    tables: dataset.tables.length,
  };
}
