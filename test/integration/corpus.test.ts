import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetDefinition } from '../../src/dataset/types.ts';
import { readSchemaFile } from '../../src/schema/schema-file.ts';
import { DATE } from '../helpers/fixed.ts';
import { queryUrl as query, usePostgres } from '../helpers/postgres.ts';
import { runGen, tempDir } from '../helpers/run.ts';

/*
 * Real public schemas nobody here wrote (test/fixtures/corpus: sample databases, a Rails structure.sql,
 * Prisma, golang-migrate and Flyway-style folders, Java engines' DDL, test fixtures of a PostgREST, with
 * partitions, triggers, several schemas, PostGIS), as a user meets gen: `gen init --url … --all-schemas`,
 * then `gen --config … --url … --append --rows 20000`, with no edit. Each fills with at most 5% of its
 * tables left out (each named with its reason), two loads into two databases are the same rows, and
 * `gen init --ddl` of a `pg_dump -s` of the database writes the same file as the database itself.
 */

const db = usePostgres();
const dir = tempDir('shardgen-corpus-');
const CORPUS = new URL('../fixtures/corpus/', import.meta.url).pathname;
const ROWS = '20000';

const names = readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

function urlOf(database: string): string {
  const url = new URL(db.server.url);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A database made by the corpus schema's own script, run by psql as its users run it. */
async function template(name: string): Promise<string> {
  const database = `tpl_${name.replace(/\W/g, '_')}`;
  await db.admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await db.admin.query(`CREATE DATABASE ${database}`);
  execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-f', join(CORPUS, name, 'schema.sql'), urlOf(database)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
  });
  return database;
}

/** A copy of the template (its roles are the cluster's, so the script itself runs once). */
async function copyOf(tpl: string, name: string): Promise<string> {
  await db.admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await db.admin.query(`CREATE DATABASE ${name} TEMPLATE ${tpl}`);
  return urlOf(name);
}

/**
 * Every application table's rows: count and an MD5 of them sorted by their text, by `schema.table`. Of a
 * table in `counted` only the count: the schema's own triggers write its rows, with what the database
 * gives them (hatchet's `last_active_at DEFAULT CURRENT_TIMESTAMP`, the time of the load).
 */
async function digest(url: string, counted: ReadonlySet<string>): Promise<Record<string, string>> {
  const tables = await query(
    url,
    `SELECT schemaname || '.' || tablename AS name, format('%I.%I', schemaname, tablename) AS t FROM pg_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema', 'shardgen') AND tablename NOT LIKE '\\_shardgen\\_%' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name, t } of tables) {
    const rows = counted.has(name as string) ? "''" : "md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), ''))";
    const [row] = await query(url, `SELECT count(*) || ':' || ${rows} AS d FROM ${t as string} x`);
    out[name as string] = row!.d as string;
  }
  return out;
}

async function init(name: string, ...args: string[]): Promise<{ file: string; dataset: DatasetDefinition }> {
  const file = join(dir, `${name}-${args[0]!.slice(2)}.yaml`);
  const result = await runGen(['init', ...args, '--all-schemas', '--date', DATE, '--out', file, '--force', '-q']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return { file, dataset: readSchemaFile(file) };
}

/**
 * A schema file without its comments, the lines that name where it was read from, and its sizes (a live
 * database's statistics size the tables that have some; a dump has none), nor the tables of extensions,
 * which a dump does not hold (CREATE EXTENSION makes them).
 */
function body(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*#|^name:|^description:|^\s+rows: \d|belongs to the extension/.test(line));
}

/**
 * Tables left out for what they are, not for what gen lacks: an extension's, a framework's bookkeeping,
 * those the schema's own triggers fill during the load (the database writes their rows), and partitioned
 * tables with no partition, which no tool can fill without changing the schema (hatchet's 22 `v1_*`
 * tables get theirs from the application at run time; gen does not make partitions in a user's database).
 */
const EXPECTED =
  /^(belongs to the extension|bookkeeping of a framework|filled by trigger|partitioned, with no partition)/;

/** `"schema"."table"` of a table of the file (a plain name is in the file's schema). */
function sqlName(dataset: DatasetDefinition, table: string): string {
  const [schema, name] = table.includes('.') ? table.split('.', 2) : [dataset.schema ?? 'public', table];
  return `"${schema}"."${name}"`;
}

/** The ordered pairs the file's comments promise: `a: … # before b in every row`, by table. */
function orderedPairs(text: string): { table: string; a: string; b: string }[] {
  const out: { table: string; a: string; b: string }[] = [];
  let table = '';
  for (const line of text.split('\n')) {
    const head = /^ {2}("?)([^ #].*?)\1:$/.exec(line);
    if (head !== null) table = head[2]!;
    const pair = /^ {6}("?)(.+?)\1: \{.*\} # before (\S+) in every row/.exec(line);
    if (pair !== null) out.push({ table, a: pair[2]!, b: pair[3]! });
  }
  return out;
}

/**
 * What a person expects of the rows: the times the file orders (by their checks or their names) in order
 * in every row, a tree where a table refers to itself (a parent row before its child), and references that
 * favour some parents (the busiest parent of a Zipf reference well above the average).
 */
/** How many of each realism rule the corpus held: a rule never met would hold vacuously. */
const held = { pairs: 0, trees: 0, skewed: 0 };

async function realism(url: string, dataset: DatasetDefinition, text: string): Promise<void> {
  for (const { table, a, b } of orderedPairs(text)) {
    held.pairs++;
    const [row] = await query(url, `SELECT count(*)::int AS n FROM ${sqlName(dataset, table)} WHERE "${a}" > "${b}"`);
    expect(row!.n, `${table}: ${a} after ${b}`).toBe(0);
  }
  for (const table of dataset.tables) {
    const key = table.primaryKey?.length === 1 ? table.columns.find((c) => c.name === table.primaryKey![0]) : undefined;
    for (const c of table.columns) {
      const g = c.generator;
      if (g.kind !== 'reference') continue;
      const where = sqlName(dataset, table.name);
      if (g.earlier === true && key?.generator.kind === 'sequence') {
        const [row] = await query(url, `SELECT count(*)::int AS n FROM ${where} WHERE "${c.name}" >= "${key.name}"`);
        expect(row!.n, `${table.name}.${c.name}: a parent after its child`).toBe(0);
        held.trees++;
      }
      if (g.distribution !== 'zipf') continue;
      const [row] = await query(
        url,
        `SELECT max(n)::float8 AS most, avg(n)::float8 AS mean, count(*)::int AS parents, sum(n)::int AS rows
           FROM (SELECT count(*) AS n FROM ${where} WHERE "${c.name}" IS NOT NULL GROUP BY "${c.name}") x`,
      );
      if ((row!.rows as number) < 5000 || (row!.parents as number) < 100) continue;
      held.skewed++;
      expect(row!.most as number, `${table.name}.${c.name}: no parent busier than others`).toBeGreaterThan(
        3 * (row!.mean as number),
      );
    }
  }
}

describe('gen init fills real public schemas with no edit', () => {
  it.each(names)('%s', { timeout: 300_000 }, async (name) => {
    const tpl = await template(name);
    const url = urlOf(tpl);
    const { file, dataset } = await init(name, '--url', url);
    // The same file from a pg_dump -s of the database (psql meta-commands, ATTACH PARTITION and all).
    const dump = join(dir, `${name}.dump.sql`);
    writeFileSync(dump, execFileSync('pg_dump', ['--schema-only', url], { encoding: 'utf8', maxBuffer: 64 << 20 }));
    expect(body((await init(name, '--ddl', dump)).file)).toEqual(body(file));
    const left = Object.entries(dataset.exclude ?? {}).filter(([, why]) => !EXPECTED.test(why));
    const all = dataset.tables.length + left.length;
    expect(left.length, `left out: ${JSON.stringify(dataset.exclude)}`).toBeLessThanOrEqual(Math.floor(all * 0.05));
    const [a, b] = [await copyOf(tpl, `${tpl}_a`), await copyOf(tpl, `${tpl}_b`)];
    for (const target of [a, b]) {
      const load = await runGen(['--config', file, '--url', target, '--append', '--rows', ROWS, '--date', DATE, '-q']);
      expect(load.stderr).toBe('');
      expect(load.code).toBe(0);
    }
    const triggered = Object.entries(dataset.exclude ?? {}).filter(([, why]) => why.startsWith('filled by trigger'));
    const counted = new Set(triggered.map(([t]) => (t.includes('.') ? t : `${dataset.schema ?? 'public'}.${t}`)));
    const [first, second] = [await digest(a, counted), await digest(b, counted)];
    expect(first).toEqual(second);
    const filled = Object.values(first).filter((d) => !d.startsWith('0:')).length;
    expect(filled).toBeGreaterThanOrEqual(dataset.tables.length);
    await realism(a, dataset, readFileSync(file, 'utf8'));
  });

  it('held each realism rule somewhere in the corpus', () => {
    expect(held.pairs).toBeGreaterThanOrEqual(10);
    expect(held.trees).toBeGreaterThanOrEqual(2);
    expect(held.skewed).toBeGreaterThanOrEqual(10);
  });
});
