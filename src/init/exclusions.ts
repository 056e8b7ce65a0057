import type { ColumnDefinition, GeneratorSpec, TableDefinition } from '../dataset/types.ts';
import type { CatalogTable } from './catalog.ts';

/*
 * Tables `gen init` leaves out of the file, each with its reason: what the user asked (`--exclude`,
 * `--include`), tables that are not the application's data (an extension's, a framework's bookkeeping),
 * tables the schema's own triggers fill while others load (`triggers.ts`), tables gen cannot make, and whatever depends on
 * those through NOT NULL references. The file then always loads; the header names every table left out.
 */

/**
 * Migration and bookkeeping tables of frameworks and migration tools, by name: Rails, Django, diesel,
 * Flyway, Liquibase, Alembic, Knex, Prisma, goose, golang-migrate, sqlx, node-pg-migrate, Sequelize,
 * TypeORM, Ecto, Laravel; and PostGIS's `spatial_ref_sys` when it is not marked as the extension's.
 */
const BOOKKEEPING = new Set([
  'schema_migrations',
  'ar_internal_metadata',
  'django_migrations',
  '__diesel_schema_migrations',
  'flyway_schema_history',
  'schema_version',
  'databasechangelog',
  'databasechangeloglock',
  'alembic_version',
  'knex_migrations',
  'knex_migrations_lock',
  '_prisma_migrations',
  'goose_db_version',
  '_sqlx_migrations',
  'pgmigrations',
  'sequelizemeta',
  'typeorm_metadata',
  'migrations',
  'migrations_lock',
  'spatial_ref_sys',
]);

/**
 * A PL/pgSQL RAISE that aborts the insert: any but the levels that only report (DEBUG … WARNING), so
 * `RAISE EXCEPTION`, `RAISE 'text'` and `RAISE foreign_key_violation USING …` alike
 * (https://www.postgresql.org/docs/15/plpgsql-errors-and-messages.html).
 */
const RAISES = /\braise\b(?!\s+(debug|log|info|notice|warning)\b)/i;

/** `current_setting('name')` with one argument: an error where the setting is not set. */
const SESSION_SETTING = /\bcurrent_setting\s*\(\s*'[^']*'\s*\)/i;

/** What a table is when it is not the application's data (or guards itself against rows like gen's), or null. */
export function bookkeeping(table: CatalogTable): string | null {
  if (table.extension !== null) return `belongs to the extension ${table.extension}`;
  if (BOOKKEEPING.has(table.name.toLowerCase())) return 'bookkeeping of a framework or migration tool';
  // A trigger that refuses rows by the application's own rules (a role that must exist, a migration guard).
  const guard = table.triggers.find((t) => t.onInsert && RAISES.test(t.body));
  if (guard !== undefined)
    return `its trigger ${guard.name} refuses rows by the application's own rules (RAISE EXCEPTION)`;
  // A setting the application sets in its sessions (`current_setting('request.jwt.claims')`, no missing_ok):
  // outside them the trigger fails.
  const session = table.triggers.find((t) => t.onInsert && SESSION_SETTING.test(t.body));
  if (session !== undefined) return `its trigger ${session.name} reads a setting of the application's sessions`;
  return null;
}

/** `*` and `?` globs, matched against a table's name and its `schema.name`. */
export function globMatcher(globs: readonly string[]): (table: CatalogTable) => boolean {
  const patterns = globs.map((g) => {
    const source = g
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    return new RegExp(`^${source}$`);
  });
  return (table) => patterns.some((p) => p.test(table.name) || p.test(`${table.schema}.${table.name}`));
}

/** A reference column's target table, or null. */
function targetOf(column: ColumnDefinition): string | null {
  return column.generator.kind === 'reference' ? column.generator.table : null;
}

/**
 * Leaves out every table that references a left-out table through a NOT NULL column (its rows need a
 * parent gen does not make); a nullable reference to one becomes always NULL. Returns the tables kept.
 */
export function cascadeExclusions(
  tables: readonly TableDefinition[],
  excluded: Map<string, string>,
  notes: Map<string, string>,
): TableDefinition[] {
  let kept = tables.filter((t) => !excluded.has(t.name));
  for (let changed = true; changed; ) {
    changed = false;
    for (const table of kept) {
      const needed = table.columns.find((c) => {
        const target = targetOf(c);
        return target !== null && target !== table.name && excluded.has(target) && (c.nullRate ?? 0) === 0;
      });
      if (needed === undefined) continue;
      excluded.set(table.name, `its NOT NULL column ${needed.name} references ${targetOf(needed)}, left out`);
      changed = true;
    }
    kept = kept.filter((t) => !excluded.has(t.name));
  }
  return kept.map((table) => ({
    ...table,
    columns: table.columns.map((c) => {
      const target = targetOf(c);
      if (target === null || !excluded.has(target)) return c;
      notes.set(`${table.name}.${c.name}`, `always NULL: it references ${target}, which gen leaves out`);
      return nullColumn(c);
    }),
  }));
}

/** A generator of the column's type; its values never show (the column is always NULL). */
function placeholder(type: ColumnDefinition['type']): GeneratorSpec {
  switch (type.kind) {
    case 'uuid':
      return { kind: 'uuid' };
    case 'utf8':
      return { kind: 'choice', values: [''] };
    case 'bool':
      return { kind: 'bool' };
    case 'timestamp':
    case 'date':
      return { kind: 'timestamp', fromDays: 0, toDays: 1 };
    case 'time':
      return { kind: 'timeOfDay' };
    case 'int64':
      return { kind: 'int', min: 0, max: 0 };
    default:
      return { kind: 'float', min: 0, max: 0 };
  }
}

/** A column that is always NULL, keeping its type and the database's own type. */
export function nullColumn(column: ColumnDefinition): ColumnDefinition {
  return {
    name: column.name,
    type: column.type,
    generator: placeholder(column.type),
    nullRate: 1,
    ...(column.length === undefined ? {} : { length: column.length }),
    ...(column.sql === undefined ? {} : { sql: column.sql }),
  };
}
