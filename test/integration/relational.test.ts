import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/coordinator/generate.ts';
import { foreignKeys } from '../../src/dataset/types.ts';
import { DATASETS } from '../../src/datasets/index.ts';
import { forum } from '../fixtures/forum.ts';
import { DATE } from '../helpers/fixed.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/run.ts';

const dir = tempDir();
let runs = 0;
const RELATIONAL = DATASETS.filter((d) => d.tables.some((t) => foreignKeys(t).length > 0));
const db = usePostgres();

async function duck(): Promise<(sql: string) => Promise<unknown[][]>> {
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  return async (sql) => (await con.runAndReadAll(sql)).getRows() as unknown[][];
}

const shaped = (name: string): boolean =>
  DATASETS.find((d) => d.name === name)!.tables.some((t) => t.shape !== undefined);

describe.each(RELATIONAL.map((d) => d.name))('dataset %s: referential integrity', (name) => {
  const dataset = DATASETS.find((d) => d.name === name)!;
  const days = shaped(name) ? { days: 7 } : {};
  it.each([1, 3])(
    'every foreign key in the Parquet files exists in its parent (scale %i, read by DuckDB)',
    async (scale) => {
      const out = join(dir, `run-${runs++}`);
      const report = await generate({
        dataset: name,
        scale,
        seed: 7,
        date: DATE,
        format: 'parquet',
        workers: 2,
        out,
        ...days,
      });
      const file = (table: string): string => report.tables.find((t) => t.name === table)!.path!;
      const query = await duck();
      for (const table of dataset.tables) {
        const [[rows, distinct]] = (await query(
          `SELECT count(*)::BIGINT, count(DISTINCT (${table.primaryKey!.join(', ')}))::BIGINT FROM read_parquet('${file(table.name)}')`,
        )) as [[bigint, bigint]];
        const expected =
          table.shape === undefined
            ? Math.round(table.defaultRows * (table.scaled === false ? 1 : scale))
            : report.tables.find((t) => t.name === table.name)!.rows;
        expect(rows, `${table.name} rows at scale ${scale}`).toBe(BigInt(expected));
        expect(rows, `${table.name} has rows`).toBeGreaterThan(0n);
        expect(distinct, `${table.name} key is unique`).toBe(rows);
        for (const fk of foreignKeys(table)) {
          const parentKey = fk.target ?? dataset.tables.find((t) => t.name === fk.table)!.primaryKey![0]!;
          const [[orphans, used]] = (await query(
            `SELECT count(*) FILTER (WHERE c.${fk.column} IS NOT NULL AND p.${parentKey} IS NULL)::BIGINT, count(DISTINCT c.${fk.column})::BIGINT FROM read_parquet('${file(table.name)}') c LEFT JOIN read_parquet('${file(fk.table)}') p ON c.${fk.column} = p.${parentKey}`,
          )) as [[bigint, bigint]];
          expect(orphans, `${table.name}.${fk.column} → ${fk.table}`).toBe(0n);
          expect(used, `${table.name}.${fk.column} spreads over its parents`).toBeGreaterThan(1n);
        }
      }
    },
  );

  it('loads Postgres with every foreign key enforced, then appends more children', async () => {
    await db.admin.query(`CREATE SCHEMA ${name.replace(/-/g, '_')}`);
    const schema = name.replace(/-/g, '_');
    await generate({ dataset: name, url: db.server.url, schema, seed: 7, date: DATE, workers: 2, ...days });
    const constraints = await db.rowsOf(
      `SELECT conrelid::regclass::text AS child, contype FROM pg_constraint WHERE connamespace = $1::regnamespace AND contype IN ('p', 'f', 'u') ORDER BY 1, 2`,
      [schema],
    );
    const uniques = (t: (typeof dataset.tables)[number]): string[] => [
      ...t.columns.filter((c) => c.unique === true).map(() => 'u'),
      ...(t.unique ?? []).map(() => 'u'),
    ];
    const expected = dataset.tables.flatMap((t) =>
      [...foreignKeys(t).map(() => 'f'), 'p', ...uniques(t)].map((contype) => ({
        child: `${schema}.${t.name}`,
        contype,
      })),
    );
    expect(constraints).toEqual(
      expected.sort((a, b) => `${a.child}${a.contype}`.localeCompare(`${b.child}${b.contype}`)),
    );
    // Loading again replaces all tables at once, though they reference each other.
    await generate({ dataset: name, url: db.server.url, schema, seed: 8, date: DATE, workers: 0, ...days });
    // The database enforces the keys: an append of more rows passes them (a dangling key would fail the load).
    const child = dataset.tables.at(-1)!;
    const count = async (): Promise<number> =>
      (await db.rowsOf(`SELECT count(*)::int AS n FROM ${schema}.${child.name}`))[0]!.n as number;
    const before = await count();
    if (!shaped(name)) {
      await generate({ dataset: name, url: db.server.url, schema, seed: 8, date: DATE, workers: 0, mode: 'append' });
      expect(await count()).toBe(child.defaultRows * 2);
      return;
    }
    // Keyed by date: the next day appends its rows and leaves the dimensions alone.
    const nextDay = () =>
      generate({ dataset: name, url: db.server.url, schema, seed: 8, date: '2026-01-02', workers: 0, mode: 'append' });
    const next = await nextDay();
    expect(
      next.tables
        .filter((t) => t.rows > 0)
        .every((t) => dataset.tables.find((d) => d.name === t.name)!.shape !== undefined),
    ).toBe(true);
    const after = await count();
    expect(after).toBe(before + next.tables.find((t) => t.name === child.name)!.rows);
    // The same day again (a scheduler's retry) replaces that day: the same rows, no clash, no duplicate.
    await nextDay();
    expect(await count()).toBe(after);
  });
});

describe('distributions land on their parameters (1e5+ rows, read back from the files)', () => {
  it('null rates: retail promotion_id, applied inside its dates, nullable in Parquet and Postgres', async () => {
    const report = await generate({
      dataset: 'retail',
      scale: 'medium',
      days: 7,
      date: DATE,
      format: 'parquet',
      out: join(dir, `run-${runs++}`),
    });
    const items = report.tables.find((t) => t.name === 'order_items')!;
    const query = await duck();
    // Every line is offered a promotion, which applies only inside its dates (a few months between 2024 and 2027).
    const [[rows, share, nullable]] = (await query(
      `SELECT count(*)::INT, avg((promotion_id IS NULL)::INT), (SELECT bool_or(stats_null_count > 0) FROM parquet_metadata('${items.path}') WHERE path_in_schema = 'promotion_id') FROM read_parquet('${items.path}')`,
    )) as [[number, number, boolean]];
    expect(rows).toBeGreaterThan(80_000);
    expect(share).toBeGreaterThan(0.8);
    expect(share).toBeLessThan(0.97);
    expect(nullable).toBe(true);
    await db.admin.query('CREATE SCHEMA nulls');
    await generate({ dataset: 'retail', days: 7, date: DATE, url: db.server.url, schema: 'nulls' });
    expect(
      await db.rowsOf(
        `SELECT is_nullable FROM information_schema.columns WHERE table_schema = 'nulls' AND table_name = 'order_items' AND column_name IN ('promotion_id', 'order_id') ORDER BY column_name`,
      ),
    ).toEqual([{ is_nullable: 'NO' }, { is_nullable: 'YES' }]);
  });

  it('weighted choices, Zipf references, normal and log-normal amounts, ranges', async () => {
    const report = await generate({
      dataset: 'catalog',
      seed: 3,
      date: DATE,
      format: 'parquet',
      out: join(dir, `run-${runs++}`),
      scale: 20,
    });
    const file = (table: string): string => report.tables.find((t) => t.name === table)!.path!;
    const query = await duck();
    // questions.answer_type: weights 6:3:1 over 1,000 rows (scale 20), within 4 points.
    const shares = Object.fromEntries(
      (await query(
        `SELECT answer_type, count(*) / sum(count(*)) OVER () FROM read_parquet('${file('questions')}') GROUP BY 1`,
      )) as [string, number][],
    );
    expect(shares.rating).toBeCloseTo(0.6, 1);
    expect(shares.yes_no).toBeCloseTo(0.3, 1);
    expect(shares.free_text).toBeCloseTo(0.1, 1);
    // products.supplier_id: Zipf s = 1.1 with the head flattened (q = 1% of 2,000 suppliers): the first
    // suppliers make the most products, supplier k about ((1 + q) / (k + q))^1.1 of supplier 1's share.
    const top = (await query(
      `SELECT supplier_id, count(*)::DOUBLE FROM read_parquet('${file('products')}') GROUP BY 1 ORDER BY 2 DESC LIMIT 3`,
    )) as [bigint, number][];
    expect(top.map((r) => r[0])).toEqual([1n, 2n, 3n]);
    expect(top[2]![1] / top[0]![1]).toBeCloseTo((21 / 23) ** 1.1, 1);
    // responses.rating: weights 5/8/17/35/35 on rating questions only (60% of questions); helpful: 30%.
    const [[min, max, mean, rated, helpful]] = (await query(
      `SELECT min(rating), max(rating), avg(rating), avg((rating IS NOT NULL)::INT), avg(helpful::INT) FROM read_parquet('${file('responses')}')`,
    )) as [[bigint, bigint, number, number, number]];
    expect([min, max]).toEqual([1n, 5n]);
    expect(mean).toBeCloseTo(0.05 + 0.16 + 0.51 + 1.4 + 1.75, 1);
    expect(rated).toBeGreaterThan(0.45);
    expect(rated).toBeLessThan(0.75);
    expect(helpful).toBeCloseTo(0.3, 2);
    // suppliers.rating: normal(3.8, 0.6) clamped to [1, 5]; products.price: log-normal(3.5, 0.8): median e^3.5.
    const [[ratingMean, ratingSd, low, high]] = (await query(
      `SELECT avg(rating::DOUBLE), stddev(rating::DOUBLE), min(rating::DOUBLE), max(rating::DOUBLE) FROM read_parquet('${file('suppliers')}')`,
    )) as [[number, number, number, number]];
    expect(ratingMean).toBeCloseTo(3.8, 1);
    expect(ratingSd).toBeGreaterThan(0.5);
    expect(ratingSd).toBeLessThan(0.7);
    expect(low).toBeGreaterThanOrEqual(1);
    expect(high).toBeLessThanOrEqual(5);
    const [[median]] = (await query(`SELECT median(price::DOUBLE) FROM read_parquet('${file('products')}')`)) as [
      [number],
    ];
    expect(Math.log(median)).toBeCloseTo(3.5, 1);
  });
});

describe('references to earlier rows of the same table', () => {
  it('load Postgres with their foreign keys enforced, each reply under its own post, for any workers', async () => {
    const dataset = forum();
    const schema = 'forum';
    await db.admin.query(`CREATE SCHEMA ${schema}`);
    await generate({ dataset, url: db.server.url, schema, seed: 3, workers: 2, chunkRows: 100 });
    const [fks] = await db.rowsOf(
      `SELECT count(*)::int AS n FROM pg_constraint WHERE connamespace = $1::regnamespace AND contype = 'f' AND conrelid = confrelid`,
      [schema],
    );
    expect(fks!.n).toBe(2); // comments.reply_to and messages.reply_to reference their own tables
    const [check] = await db.rowsOf(
      `SELECT count(*)::int AS replies, count(*) FILTER (WHERE r.post_id <> c.post_id OR r.id >= c.id)::int AS bad FROM ${schema}.comments c JOIN ${schema}.comments r ON r.id = c.reply_to`,
    );
    expect(check!.replies).toBeGreaterThan(300);
    expect(check!.bad).toBe(0);
    const before = await db.fingerprint(`${schema}.comments`);
    await generate({ dataset, url: db.server.url, schema, seed: 3, workers: 0 });
    expect(await db.fingerprint(`${schema}.comments`)).toEqual(before);
  });
});
