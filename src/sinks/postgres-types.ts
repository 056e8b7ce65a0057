import type { TableDefinition } from '../dataset/types.ts';
import { SinkError } from '../errors.ts';
import type { PgConnection } from './postgres-connection.ts';

/**
 * The enum types a load creates, as it creates tables: a schema file `gen init` wrote names each enum
 * column's type (`sql: order_status`) and gives it a `choice` of the enum's labels, in order
 * (`src/init/text-forms.ts`), so an empty database can take the file's tables without the source's
 * `CREATE TYPE` first. A domain is written as its base type and its checks, without the base's own SQL
 * type, so it cannot be created from the file: a missing one is named before a row is generated.
 */

/** An enum type the database lacks: its name as the file writes it, the labels its columns take, and where. */
export interface MissingEnum {
  readonly sql: string;
  readonly labels: readonly string[];
  readonly columns: readonly string[];
}

/** A type name with no modifiers and no array brackets: `order_status`, `sales.channel`, `"Order Status"`. */
const IDENT = `(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")`;
const PLAIN_NAME = new RegExp(`^(?:${IDENT}\\.)?${IDENT}$`);

/**
 * The serial types are no types but CREATE TABLE shorthand for an integer with a sequence
 * (https://www.postgresql.org/docs/15/datatype-numeric.html#DATATYPE-SERIAL): to_regtype knows none of them.
 */
const SERIAL = /^(?:small|big)?serial[248]?$/i;

/** A string literal for SQL (standard_conforming_strings, on since PostgreSQL 9.1: backslashes are plain). */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Each type a `sql:` names in `tables`, with the columns (`table.column`) of that type and what they choose. */
function typesOf(tables: readonly TableDefinition[]): Map<string, { columns: string[]; labels: string[] | null }> {
  const types = new Map<string, { columns: string[]; labels: string[] | null }>();
  for (const table of tables) {
    for (const column of table.columns) {
      if (column.sql === undefined) continue;
      const sql = column.sql.trim();
      const entry = types.get(sql) ?? { columns: [], labels: [] };
      types.set(sql, entry);
      entry.columns.push(`${table.name}.${column.name}`);
      // An enum's column chooses among its labels; any other generator makes the type something else.
      const { generator } = column;
      if (generator.kind !== 'choice' || !PLAIN_NAME.test(sql) || entry.labels === null) entry.labels = null;
      else for (const value of generator.values) if (!entry.labels.includes(value)) entry.labels.push(value);
    }
  }
  return types;
}

/** What the database has of a type: its `typtype` and, for an enum, its labels. */
type Found = { kind: string; labels: string[] | null } | null;

const LABELS = `(SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) AS labels`;

/** A type as a `CREATE TABLE` would resolve `sql` (the search path for a bare name); null when there is none. */
async function lookUp(main: PgConnection, sql: string): Promise<Found> {
  const found = await main.query(
    `SELECT t.typtype AS kind, ${LABELS} FROM (SELECT to_regtype($1) AS oid) r LEFT JOIN pg_type t ON t.oid = r.oid`,
    `looking up type ${sql}`,
    [sql],
  );
  const row = found.rows[0] as { kind: string | null; labels: string[] | null } | undefined;
  return row?.kind == null ? null : { kind: row.kind, labels: row.labels };
}

/**
 * The type `CREATE TYPE sql` would clash with (a bare name goes to the first schema of the search path),
 * from `pg_type` itself: a scan sees what another session committed a moment ago, where `to_regtype` may
 * answer from this backend's catalog cache (see `postgres-append.ts` on `to_regclass`).
 */
async function lookUpCommitted(main: PgConnection, sql: string): Promise<Found> {
  const found = await main.query(
    `SELECT t.typtype AS kind, ${LABELS} FROM parse_ident($1) p, pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typname = p[cardinality(p)] AND n.nspname = CASE WHEN cardinality(p) = 2 THEN p[1] ELSE current_schema() END`,
    `looking up type ${sql}`,
    [sql],
  );
  const row = found.rows[0] as { kind: string; labels: string[] | null } | undefined;
  return row === undefined ? null : row;
}

/** Refuses an existing enum that lacks labels the file's columns make: COPY would fail on the first. */
function checkLabels(
  sql: string,
  existing: readonly string[],
  wanted: readonly string[],
  columns: readonly string[],
): void {
  const lacking = wanted.filter((label) => !existing.includes(label));
  if (lacking.length === 0) return;
  throw new SinkError(
    `type ${sql} exists with labels ${existing.join(', ')}, but ${columns[0]} makes ${lacking.join(', ')} too; add them (ALTER TYPE ${sql} ADD VALUE ${literal(lacking[0]!)}) or edit the column's values in the schema file`,
  );
}

/**
 * Before a row is generated: each type a `sql:` of the tables the run creates names, looked up in the
 * database. Missing enums are returned, to be created with the tables; an existing enum must have every
 * label its columns make.
 * @throws {SinkError} for a missing type gen cannot create (a domain, a composite, an extension's type),
 *   naming the step that creates it, or an enum without the labels the file's columns make.
 */
export async function planTypes(main: PgConnection, tables: readonly TableDefinition[]): Promise<MissingEnum[]> {
  const types = [...typesOf(tables)];
  // A name to_regtype cannot read (a typo, modifiers it rejects) is left to CREATE TABLE's own message.
  const found: Found[] = [];
  for (const [sql] of types)
    found.push(await lookUp(main, sql).catch((): Found => ({ kind: 'unreadable', labels: null })));
  const missing: MissingEnum[] = [];
  types.forEach(([sql, { columns, labels }], i) => {
    const type = found[i]!;
    if (type?.kind === 'e' && labels !== null) checkLabels(sql, type.labels ?? [], labels, columns);
    if (type === null && labels !== null) missing.push({ sql, labels, columns });
  });
  types.forEach(([sql, { columns, labels }], i) => {
    // An array of a missing enum comes with it (`CREATE TYPE` makes the array type too).
    const element = sql.endsWith('[]') ? sql.slice(0, -2).trim() : undefined;
    if (found[i] !== null || labels !== null || SERIAL.test(sql) || missing.some((m) => m.sql === element)) return;
    throw new SinkError(
      `type ${sql} of ${columns[0]} does not exist in database "${main.target.database}", and the schema file does not say how to make it; create it first (pg_dump --schema-only of the source database holds its CREATE TYPE or CREATE DOMAIN), or remove the column's sql: to load it as gen's own type`,
    );
  });
  return missing;
}

/** The enums of `missing` that `table`'s columns use (themselves or as arrays). */
export function enumsOf(missing: readonly MissingEnum[], table: TableDefinition): MissingEnum[] {
  const uses = new Set(table.columns.map((c) => c.sql?.trim().replace(/\s*\[\]$/, '')));
  return missing.filter((m) => uses.has(m.sql));
}

/**
 * Creates each enum of `enums` that is still missing, in the transaction `main` is in: a lock per type
 * name makes a concurrent run (another shard of an append) wait for the first one's commit, then find
 * its type. The names it created.
 * @throws {SinkError} when a run created the type meanwhile with other labels.
 */
export async function createEnums(main: PgConnection, enums: readonly MissingEnum[]): Promise<string[]> {
  const created: string[] = [];
  for (const { sql, labels, columns } of enums) {
    await main.query(`SELECT pg_advisory_xact_lock(hashtext('shardgen'), hashtext($1))`, `locking type ${sql}`, [
      `type ${sql}`,
    ]);
    const found = await lookUpCommitted(main, sql);
    if (found !== null) {
      if (found.kind === 'e') checkLabels(sql, found.labels ?? [], labels, columns);
      continue;
    }
    await main.query(`CREATE TYPE ${sql} AS ENUM (${labels.map(literal).join(', ')})`, `creating type ${sql}`);
    created.push(sql);
  }
  return created;
}

/** Drops the enums a failed run created (best effort: a table of another run may use one by now). */
export async function dropEnums(connection: PgConnection, names: readonly string[]): Promise<void> {
  for (const sql of names) await connection.client.query(`DROP TYPE IF EXISTS ${sql}`).catch(() => undefined);
}
