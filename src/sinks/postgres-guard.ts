import type { TableDefinition } from '../dataset/types.ts';
import { SinkError } from '../errors.ts';
import { pause } from '../pause.ts';
import type { PgConnection } from './postgres-connection.ts';
import { catalogType, placeOf, qualified, schemasOf } from './postgres-ddl.ts';

/**
 * What a Postgres load checks and takes before it generates a single row: a lock per table against other
 * gen runs, and whether it may touch each target at all. Nothing here changes a table.
 */

/** gen's mark on the tables it creates (their comment starts with it): only those are replaced by default. */
export const OWNER_MARK = 'shardgen:';

/** `COMMENT ON TABLE` that marks `name` (in `schema`) as made by gen for `dataset`. */
export function markSql(schema: string, name: string, dataset: string): string {
  const text = `${OWNER_MARK} made by gen (dataset ${dataset}); gen may replace this table. Change this comment to protect it.`;
  return `COMMENT ON TABLE ${qualified(schema, name)} IS '${text.replace(/'/g, "''")}'`;
}

/** How a run holds its tables: an overwrite alone, appends side by side (shards of one load). */
export type TableLockMode = 'exclusive' | 'shared';

export interface TableLockOptions {
  readonly wait: boolean;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
}

const POLL_MS = 250;

/** The other gen runs holding advisory locks in this database, for the message of a refused lock. */
async function otherRuns(main: PgConnection): Promise<string> {
  const found = await main.query(
    `SELECT a.application_name AS app, a.pid, to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS') AS since FROM pg_stat_activity a
     WHERE a.application_name LIKE 'shardgen/%' AND a.pid <> pg_backend_pid() AND a.pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`,
    'looking up other gen runs',
  );
  const runs = found.rows.map((r) => `${r.app as string}, pid ${r.pid as number}, since ${r.since as string}`);
  return runs.length === 0 ? 'another gen run' : `another gen run (${runs.join('; ')})`;
}

/**
 * Takes a session advisory lock per table (keyed by schema and name; held until the connection closes, so
 * a killed run never leaves one behind): exclusive to replace tables, shared to append to them.
 * @throws {SinkError} when another run holds one (at once, or after `timeoutMs` with `wait`).
 */
export async function lockTables(
  main: PgConnection,
  schema: string,
  tables: readonly TableDefinition[],
  mode: TableLockMode,
  options: TableLockOptions,
): Promise<void> {
  const fn = mode === 'exclusive' ? 'pg_try_advisory_lock' : 'pg_try_advisory_lock_shared';
  const deadline = Date.now() + options.timeoutMs;
  for (const table of tables) {
    const name = qualified(schema, table.name);
    for (;;) {
      const got = await main.query(`SELECT ${fn}(hashtext('shardgen'), hashtext($1)) AS ok`, `locking ${table.name}`, [
        name,
      ]);
      if (got.rows[0]?.ok === true) break;
      const held = `${await otherRuns(main)} is loading ${name}`;
      if (!options.wait) throw new SinkError(`${held}; wait for it (--wait), or load into another --schema`);
      if (Date.now() >= deadline)
        throw new SinkError(
          `waited ${Math.round(options.timeoutMs / 1000)} s: ${held}; raise --lock-timeout, or load into another --schema`,
        );
      await pause(POLL_MS, options.signal);
    }
  }
}

interface Target {
  readonly oid: string;
  /** The dataset's name of the table (`orders`, or `sales.orders` for a table of another schema). */
  readonly name: string;
  readonly kind: string;
  readonly comment: string | null;
  readonly owns: boolean;
  readonly owner: string;
  readonly canInsert: boolean;
}

const KINDS: Record<string, string> = {
  v: 'a view',
  m: 'a materialized view',
  f: 'a foreign table',
  S: 'a sequence',
  i: 'an index',
  c: 'a type',
};

/** The dataset's tables that already exist (each in its schema: `placeOf`), by the dataset's name. */
async function existingTargets(
  main: PgConnection,
  schema: string,
  tables: readonly TableDefinition[],
): Promise<Map<string, Target>> {
  const places = tables.map((t) => placeOf(schema, t.name));
  const found = await main.query(
    `SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS relname, c.relkind AS kind, obj_description(c.oid, 'pg_class') AS comment,
            pg_has_role(c.relowner, 'MEMBER') AS owns, pg_get_userbyid(c.relowner) AS owner, has_table_privilege(c.oid, 'INSERT') AS "canInsert"
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE (n.nspname, c.relname) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    'looking up the tables',
    [places.map((p) => p.schema), places.map((p) => p.name)],
  );
  const names = new Map(tables.map((t, i) => [`${places[i]!.schema}.${places[i]!.name}`, t.name]));
  return new Map(
    found.rows.map((r) => {
      const name = names.get(`${r.schema as string}.${r.relname as string}`)!;
      return [name, { ...r, name } as Target];
    }),
  );
}

/** gen may create tables in every schema of the run's tables. */
async function checkCreate(main: PgConnection, schema: string, tables: readonly TableDefinition[]): Promise<void> {
  for (const each of schemasOf(schema, tables)) {
    const found = await main.query(
      `SELECT has_schema_privilege($1, 'CREATE') AS ok, current_user AS "user"`,
      'checking privileges',
      [each],
    );
    const { ok, user } = found.rows[0] as { ok: boolean; user: string };
    if (!ok)
      throw new SinkError(
        `permission denied: user "${user}" may not create tables in schema "${each}"; GRANT CREATE ON SCHEMA ${each} TO ${user}, or use another --schema`,
      );
  }
}

function checkKind(schema: string, target: Target): void {
  if (target.kind === 'r' || target.kind === 'p') return;
  throw new SinkError(
    `${qualified(schema, target.name)} is ${KINDS[target.kind] ?? 'not a table'}, not a table gen made; drop it or use another --schema`,
  );
}

/** Objects outside the dataset that a DROP of the targets would break: foreign keys, views, child tables. */
async function dependents(main: PgConnection, targets: readonly Target[]): Promise<string[]> {
  const found = await main.query(
    `SELECT format('%I.%I', dn.nspname, d.relname) AS who, 'a foreign key of ' AS how, t.relname AS target
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.confrelid JOIN pg_class d ON d.oid = k.conrelid JOIN pg_namespace dn ON dn.oid = d.relnamespace
      WHERE k.contype = 'f' AND t.oid = ANY($1::oid[]) AND NOT d.oid = ANY($1::oid[])
     UNION SELECT format('%I.%I', vn.nspname, v.relname), 'the view ', t.relname
       FROM pg_depend p JOIN pg_rewrite r ON r.oid = p.objid JOIN pg_class v ON v.oid = r.ev_class JOIN pg_namespace vn ON vn.oid = v.relnamespace JOIN pg_class t ON t.oid = p.refobjid
      WHERE p.classid = 'pg_rewrite'::regclass AND p.refclassid = 'pg_class'::regclass AND t.oid = ANY($1::oid[]) AND v.oid <> t.oid
     UNION SELECT format('%I.%I', cn.nspname, c.relname), 'the child table ', t.relname
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace JOIN pg_class t ON t.oid = i.inhparent
      WHERE t.oid = ANY($1::oid[]) AND NOT c.oid = ANY($1::oid[])
     ORDER BY 3, 1`,
    'looking up what depends on the tables',
    [targets.map((t) => t.oid)],
  );
  return found.rows.map((r) => `${r.target as string} is used by ${r.how as string}${r.who as string}`);
}

/**
 * Before an overwrite: gen may create tables in `schema`, and every table it would replace is a table
 * that gen made (or `force`), that this user owns, and that nothing outside the dataset depends on.
 * @throws {SinkError} naming the first table in the way and what to do about it.
 */
export async function checkOverwrite(
  main: PgConnection,
  schema: string,
  tables: readonly TableDefinition[],
  force: boolean,
): Promise<void> {
  await checkCreate(main, schema, tables);
  const targets = [...(await existingTargets(main, schema, tables)).values()];
  for (const target of targets) {
    const name = qualified(schema, target.name);
    checkKind(schema, target);
    if (!force && target.comment?.startsWith(OWNER_MARK) !== true) {
      throw new SinkError(
        `${name} exists and was not made by gen; gen replaces only tables it made: --force replaces it (its rows, triggers and grants are lost), --append adds rows to it, or use another --schema`,
      );
    }
    if (!target.owns)
      throw new SinkError(
        `cannot replace ${name}: it belongs to "${target.owner}"; connect as its owner, or use another --schema`,
      );
  }
  const users = targets.length === 0 ? [] : await dependents(main, targets);
  if (users.length > 0)
    throw new SinkError(
      `cannot replace the tables: ${users.slice(0, 3).join('; ')}; drop those first, or load into another --schema`,
    );
}

/**
 * Before an append: gen may insert into every existing table, each takes the dataset's rows (same
 * columns and types), and it may create the missing ones.
 * @throws {SinkError} naming the first table in the way.
 */
export async function checkAppend(
  main: PgConnection,
  schema: string,
  tables: readonly TableDefinition[],
): Promise<void> {
  const targets = await existingTargets(main, schema, tables);
  if (targets.size < tables.length)
    await checkCreate(
      main,
      schema,
      tables.filter((t) => !targets.has(t.name)),
    );
  for (const target of targets.values()) {
    checkKind(schema, target);
    if (!target.canInsert)
      throw new SinkError(
        `permission denied: this user may not insert into ${qualified(schema, target.name)}; GRANT INSERT on it, or use another --schema`,
      );
  }
  const columns = await main.query(
    `SELECT c.oid::text AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.oid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped`,
    'looking up the columns',
    [[...targets.values()].map((t) => t.oid)],
  );
  for (const table of tables.filter((t) => targets.has(t.name))) {
    checkColumns(
      schema,
      table,
      new Map(
        columns.rows
          .filter((r) => r.table === targets.get(table.name)!.oid)
          .map((r) => [r.name as string, r.type as string]),
      ),
    );
  }
}

/** Refuses to append to a table whose columns do not take the dataset's rows, naming the first difference. */
function checkColumns(schema: string, table: TableDefinition, columns: ReadonlyMap<string, string>): void {
  for (const column of table.columns) {
    const found = columns.get(column.name);
    const expected = catalogType(column);
    if (found !== undefined && (expected === null || found === expected)) continue;
    const has = found === undefined ? `has no column "${column.name}"` : `has column "${column.name}" of type ${found}`;
    throw new SinkError(
      `cannot append to ${qualified(schema, table.name)}: it ${has}, the dataset's is ${expected ?? column.sql}; use --overwrite to replace it, or another --schema`,
    );
  }
}
