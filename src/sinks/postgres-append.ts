import type { TableDefinition } from '../dataset/types.ts';
import type { PgConnection } from './postgres-connection.ts';
import { parallelCopy } from './postgres-copy.ts';
import { dayReplacer, loadedDays } from './postgres-days.ts';
import { createTableSql, foreignKeySql, keySql, placeOf, qualified } from './postgres-ddl.ts';
import { markSql } from './postgres-guard.ts';
import { inPhase, type LoadContext, type Loader } from './postgres-load.ts';
import { createEnums, enumsOf } from './postgres-types.ts';

/**
 * Append mode: one transaction on one connection COPYs straight into the target tables (creating a
 * missing one, with its key), so the rows become visible together at commit, or not at all. Days that a
 * completed run loaded are replaced in the same transaction (`postgres-days.ts`). Any other row whose key
 * is already there fails the COPY (unique violation, reported with the key and `--start-id`), and the
 * whole transaction rolls back: nothing is half-loaded.
 */
export async function appendLoader({ config, main, enums }: LoadContext): Promise<Loader> {
  const { schema } = config;
  let begun = false;
  const loaded: TableDefinition[] = [];
  const exists = async (table: TableDefinition): Promise<boolean> => {
    const found = await main.query('SELECT to_regclass($1) IS NOT NULL AS e', `looking up ${table.name}`, [
      qualified(schema, table.name),
    ]);
    return found.rows[0]?.e === true;
  };
  /**
   * Whether the table exists, from `pg_class` itself: a scan under the statement's snapshot sees a table
   * another session committed a moment ago, where `to_regclass` may still answer from this backend's
   * catalog cache, which an advisory lock does not refresh (8 shards at once: 7 failed with "relation
   * already exists" before this).
   */
  const committed = async (table: TableDefinition): Promise<boolean> => {
    const found = await main.query(
      'SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2',
      `looking up ${table.name}`,
      [placeOf(schema, table.name).schema, placeOf(schema, table.name).name],
    );
    return (found.rowCount ?? 0) > 0;
  };
  const create = async (table: TableDefinition): Promise<void> => {
    // Two shards appending at once may both find the table missing: a lock per table name makes the second
    // wait, then find the first one's table (created inside the first shard's transaction).
    await main.query('SELECT pg_advisory_xact_lock(hashtext($1))', `locking ${table.name}`, [
      qualified(schema, table.name),
    ]);
    if (await committed(table)) return;
    await createEnums(main, enumsOf(enums, table));
    await main.query(createTableSql(schema, table.name, table), `creating ${table.name}`);
    await main.query(markSql(schema, table.name, config.dataset), `marking ${table.name} as gen's`);
    for (const sql of keySql(schema, table.name, table)) await main.query(sql, `creating the keys of ${table.name}`);
    // Parents come first (the run's table order), so they exist by now, in this transaction or before.
    for (const sql of foreignKeySql(schema, table.name, table, config.tables, (name) => name))
      await main.query(sql, `creating the foreign keys of ${table.name}`);
  };
  // Days a completed run loaded (the run log says so) are loaded again: their rows are replaced.
  const replacing =
    config.days !== null && config.run !== null && (await loadedDays(main, schema, config.dataset, config.days));
  const replacer = replacing ? dayReplacer(main, schema, config.tables, config.ranges, exists) : null;
  return {
    async open(table) {
      if (!begun) {
        await main.query('BEGIN', 'starting the load');
        await replacer?.deleteRanges();
      }
      begun = true;
      // Existing tables were checked before generating (checkAppend); a missing one is created here.
      const existed = await exists(table);
      if (!existed) await create(table);
      const output =
        (existed ? await replacer?.upsert(table, loaded.length) : null) ??
        (await parallelCopy([main], table, table.name, schema));
      loaded.push(table);
      return output;
    },
    async publish() {
      for (const table of loaded) await advanceSequences(main, qualified(schema, table.name), table.name);
      // Fresh statistics, so that the planner's first queries after the load see the new rows.
      if (loaded.length > 0)
        await inPhase(config, 'analysing the tables', () =>
          main.query(`ANALYZE ${loaded.map((t) => qualified(schema, t.name)).join(', ')}`, 'analysing the tables'),
        );
    },
    leftovers: () => [],
    close: async () => {},
  };
}

/**
 * Moves the sequences behind a table's serial and identity columns past the values loaded into them (COPY
 * writes those columns but never calls nextval), so that the application's next INSERT gets a new key.
 * A sequence already further along is left alone.
 */
async function advanceSequences(main: PgConnection, table: string, name: string): Promise<void> {
  const found = await main.query(
    `SELECT quote_ident(a.attname) AS col, pg_get_serial_sequence($1, a.attname) AS seq FROM pg_attribute a
     WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND pg_get_serial_sequence($1, a.attname) IS NOT NULL`,
    `looking up the sequences of ${name}`,
    [table],
  );
  for (const { col, seq } of found.rows as { col: string; seq: string }[]) {
    await main.query(
      `SELECT setval($1::regclass, m) FROM (SELECT max(${col})::bigint AS m FROM ${table}) x
       WHERE m IS NOT NULL AND m > coalesce(pg_sequence_last_value($1::regclass), 0)`,
      `advancing sequence ${seq}`,
      [seq],
    );
  }
}
