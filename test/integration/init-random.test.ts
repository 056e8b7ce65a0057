import { readFileSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DATE } from '../helpers/fixed.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { runGen, tempDir } from '../helpers/run.ts';

/*
 * A property test of `gen init`: random valid schemas (seeded, so a failure replays) of the types, keys
 * and check forms init reads; for each, init then `--append` must load every table, the server
 * enforcing every constraint.
 */

const db = usePostgres();
const dir = tempDir('shardgen-init-random-');

/** mulberry32: a small seeded generator for the schemas (https://gist.github.com/tommyettinger/46a874533244883189143505d203312c). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A column type and the checks that may go with it (`$` is the column). */
const TYPES: readonly [string, readonly string[]][] = [
  ['smallint', ['$ >= 0', '$ BETWEEN 10 AND 20']],
  ['integer', ['$ > 100', '$ IN (1, 2, 3)']],
  ['bigint', ['$ <> 7']],
  ['numeric(8,2)', ['$ > 0', '$ BETWEEN 1.5 AND 99.5']],
  ['real', ['$ >= 0']],
  ['double precision', []],
  ['boolean', []],
  ['text', ["$ IN ('red', 'green')", 'length($) > 5']],
  ['varchar(12)', ['length($) >= 2']],
  ['char(3)', []],
  ['date', ["$ >= '2020-01-01'"]],
  ['time', []],
  ['timestamp', ["$ < '2030-01-01'"]],
  ['timestamptz', []],
  ['interval', []],
  ['uuid', []],
  ['json', []],
  ['jsonb', []],
  ['bytea', []],
  ['inet', []],
  ['mood', []],
  ['positive', []],
  ['int[]', []],
  ['text[]', []],
  ['tsvector', []],
];

function schema(seed: number): string {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const sql = [
    "CREATE TYPE mood AS ENUM ('happy', 'sad', 'calm')",
    'CREATE DOMAIN positive AS integer CHECK (VALUE > 0)',
  ];
  const tables: string[] = [];
  const count = 2 + Math.floor(next() * 4);
  for (let t = 0; t < count; t++) {
    const name = `t${t}`;
    const key = pick(['bigserial', 'integer GENERATED ALWAYS AS IDENTITY', 'uuid']);
    const parts = [`id ${key} PRIMARY KEY`];
    const checks: string[] = [];
    const columns = 2 + Math.floor(next() * 7);
    for (let c = 0; c < columns; c++) {
      const [type, forms] = pick(TYPES);
      const notNull = next() < 0.5 ? ' NOT NULL' : '';
      const unique = ['integer', 'bigint', 'text', 'uuid'].includes(type) && next() < 0.2 ? ' UNIQUE' : '';
      parts.push(`c${c} ${type}${notNull}${unique}`);
      if (forms.length > 0 && next() < 0.6 && unique === '')
        checks.push(`CHECK (${pick(forms).replaceAll('$', `c${c}`)})`);
    }
    if (next() < 0.4) {
      parts.push('starts timestamptz NOT NULL', 'ends timestamptz NOT NULL');
      checks.push('CHECK (starts < ends)');
    }
    if (tables.length > 0 && next() < 0.8) {
      const parent = pick(tables);
      const parentKey = sql.find((s) => s.startsWith(`CREATE TABLE ${parent} `))!.includes('(id uuid')
        ? 'uuid'
        : 'bigint';
      parts.push(`${parent}_id ${parentKey}${next() < 0.5 ? ' NOT NULL' : ''} REFERENCES ${parent} (id)`);
    }
    if (next() < 0.2) parts.push(`parent_id ${key.startsWith('uuid') ? 'uuid' : 'bigint'} REFERENCES ${name} (id)`);
    sql.push(`CREATE TABLE ${name} (${[...parts, ...checks].join(', ')})`);
    tables.push(name);
  }
  // A join table of two of them, its key the pair.
  if (tables.length >= 2 && next() < 0.7) {
    const [a, b] = [tables[0]!, tables[tables.length - 1]!];
    const type = (t: string) =>
      sql.find((s) => s.startsWith(`CREATE TABLE ${t} `))!.includes('(id uuid') ? 'uuid' : 'bigint';
    sql.push(
      `CREATE TABLE link (a_id ${type(a)} REFERENCES ${a} (id), b_id ${type(b)} REFERENCES ${b} (id), PRIMARY KEY (a_id, b_id))`,
    );
  }
  return `${sql.join(';\n')};`;
}

describe('gen init on random valid schemas', () => {
  // 166 seeds passed when this was written (1-6, 100-139, 200-259; with join tables 1-10, 300-349); CI runs ten.
  it.each(Array.from({ length: 10 }, (_, i) => i + 1))(
    'seed %i: init, then every table loads under its constraints',
    async (seed) => {
      const sql = schema(seed);
      const name = `random_${seed}`;
      const url = new URL(await db.database(name));
      const client = new pg.Client(url.toString());
      await client.connect();
      try {
        await client.query(sql);
        const file = `${dir}/${name}.yaml`;
        const init = await runGen(['init', '--url', url.toString(), '--date', DATE, '--out', file]);
        expect(init.code, `${sql}\n${init.stderr}`).toBe(0);
        const load = await runGen([
          '--config',
          file,
          '--url',
          url.toString(),
          '--append',
          '--rows',
          '3000',
          '--date',
          DATE,
          '-q',
        ]);
        expect(load.stderr, `${sql}\n${readFileSync(file, 'utf8')}`).toBe('');
        const { rows } = await client.query(
          `SELECT relname, n_live_tup::int AS n FROM pg_stat_user_tables WHERE relname ~ '^(t\\d|link)$' ORDER BY relname`,
        );
        // One query at a time: a pg client runs one statement at once.
        const counts: number[] = [];
        for (const r of rows)
          counts.push((await client.query(`SELECT count(*)::int AS n FROM ${r.relname}`)).rows[0].n);
        expect(
          counts.every((n) => n > 0),
          sql,
        ).toBe(true);
      } finally {
        await client.end();
      }
    },
  );
});
