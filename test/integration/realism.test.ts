import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/coordinator/generate.ts';
import { tempDir } from '../helpers/run.ts';

/*
 * The seeds' own analytics, computed on generated output read back by DuckDB (an independent reader of
 * the Parquet files): Shiny Rocks' marketing mart (seed 004), retail's prices and promotions (seed 002),
 * the catalog's questionnaire (seed 003) and the transactions file's shape (seed 001).
 */

const dir = tempDir();
type Query = (sql: string) => Promise<[unknown[], ...unknown[][]]>;

async function run(dataset: string, options: Record<string, unknown>): Promise<Query> {
  const out = join(dir, dataset);
  const report = await generate({ dataset, seed: 11, format: 'parquet', workers: 2, out, ...options });
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  for (const t of report.tables) await con.run(`CREATE VIEW ${t.name} AS SELECT * FROM read_parquet('${t.path}')`);
  return async (sql) => (await con.runAndReadAll(sql)).getRows() as [unknown[], ...unknown[][]];
}

const num = (v: unknown): number => Number(v);

describe('shiny-rocks over a year: the seed’s curve and its marketing mart', () => {
  let q: Query;
  beforeAll(async () => {
    q = await run('shiny-rocks', { date: '2026-12-31', days: 365 });
  }, 120_000);

  it('orders follow the yearly curve: about 645-967 a day, mean ~806, peak at the end of June, no growth', async () => {
    const [[min, max, mean, peak, first, last]] = await q(
      `WITH d AS (SELECT order_date, count(*) AS n FROM orders GROUP BY 1)
       SELECT min(n), max(n), avg(n), (SELECT strftime(order_date, '%m-%d') FROM d ORDER BY n DESC, order_date LIMIT 1),
              (SELECT avg(n) FROM d WHERE month(order_date) = 1), (SELECT avg(n) FROM d WHERE month(order_date) = 12) FROM d`,
    );
    expect(num(min)).toBeGreaterThan(630);
    expect(num(max)).toBeLessThan(990);
    expect(num(mean)).toBeCloseTo(806, -1);
    expect(String(peak) >= '06-15' && String(peak) <= '07-15').toBe(true);
    expect(Math.abs(num(first) - num(last)) / num(first)).toBeLessThan(0.05);
  });

  it('marketing_investments: exactly one cost per date and platform, and the ROI mart gives a few x', async () => {
    const [[days, rows, pairs, platforms]] = await q(
      `SELECT count(DISTINCT date), count(*), count(DISTINCT (date, platform)), count(DISTINCT platform) FROM marketing_investments`,
    );
    expect([num(days), num(rows), num(pairs), num(platforms)]).toEqual([365, 1460, 1460, 4]);
    // The seed's mart: sales per day and platform (utm_source) joined to that day's cost on the platform.
    const [[joined, low, median, high]] = await q(
      `WITH sales AS (SELECT order_date AS date, utm_source AS platform, sum(product_id * 99) AS sales_amount FROM orders GROUP BY 1, 2),
            mart AS (SELECT m.date, m.platform, s.sales_amount / m.marketing_cost AS marketing_roi
                     FROM marketing_investments m JOIN sales s USING (date, platform))
       SELECT count(*), min(marketing_roi), median(marketing_roi), max(marketing_roi) FROM mart`,
    );
    expect(num(joined)).toBe(1460);
    expect(num(low)).toBeGreaterThan(0.8);
    expect(num(median)).toBeGreaterThan(2);
    expect(num(median)).toBeLessThan(5);
    expect(num(high)).toBeLessThan(12);
  });

  it('payments and services belong to their orders: user, product, day and amount agree', async () => {
    const [[payments, badPayments]] = await q(
      `SELECT count(*), count(*) FILTER (WHERE p.order_date <> o.order_date OR p.amount <> o.product_id * 99)
       FROM payments p JOIN orders o USING (order_id)`,
    );
    expect(num(badPayments)).toBe(0);
    expect(num(payments)).toBe(num((await q('SELECT count(*) FROM orders'))[0]![0]));
    const [[services, bad, most]] = await q(
      `SELECT count(*), count(*) FILTER (WHERE s.user_id <> o.user_id OR s.product_id <> o.product_id OR s.run_date <> o.order_date),
              (SELECT max(n) FROM (SELECT count(*) AS n FROM services GROUP BY order_id))
       FROM services s JOIN orders o USING (order_id)`,
    );
    expect(num(services)).toBeGreaterThan(1_000_000);
    expect(num(bad)).toBe(0);
    expect(num(most)).toBe(10);
  });

  it('no user places more than a handful of orders a month (the flattened Zipf head)', async () => {
    const [[top, total]] = await q(`SELECT max(n), sum(n) FROM (SELECT count(*) AS n FROM orders GROUP BY user_id)`);
    expect(num(top) / num(total)).toBeLessThan(0.0005);
  });
});

describe('retail: prices, promotions, hours, baskets and stock', () => {
  let q: Query;
  beforeAll(async () => {
    q = await run('retail', { scale: 'medium', days: 14, date: '2026-03-31' });
  }, 120_000);

  it('a line sells at its product’s price, less its promotion’s discount; a promotion is for its product and in its dates', async () => {
    const [[lines, promoted, wrongPrice, wrongProduct, outside]] = await q(
      `SELECT count(*), count(i.promotion_id),
              count(*) FILTER (WHERE abs(i.unit_price - round(p.price * (100 - coalesce(pr.discount_pct, 0)) / 100, 2)) > 0.005),
              count(*) FILTER (WHERE pr.product_id <> i.product_id),
              count(*) FILTER (WHERE CAST(o.ordered_at AS DATE) NOT BETWEEN pr.starts_on AND pr.ends_on)
       FROM order_items i JOIN products p USING (product_id) JOIN orders o USING (order_id)
       LEFT JOIN promotions pr ON pr.promotion_id = i.promotion_id`,
    );
    expect(num(wrongPrice)).toBe(0);
    expect(num(wrongProduct)).toBe(0);
    expect(num(outside)).toBe(0);
    expect(num(promoted) / num(lines)).toBeGreaterThan(0.05);
    expect(num(promoted) / num(lines)).toBeLessThan(0.33);
    const [[ends]] = await q('SELECT count(*) FILTER (WHERE ends_on < starts_on) FROM promotions');
    expect(num(ends)).toBe(0);
  });

  it('orders follow opening hours; most baskets are small; no customer dominates; names vary', async () => {
    const [[night, peak]] = await q(
      `SELECT avg((hour(ordered_at) < 6)::INT), (SELECT hour(ordered_at) FROM orders GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) FROM orders`,
    );
    expect(num(night)).toBeLessThan(0.05);
    expect(num(peak)).toBeGreaterThanOrEqual(11);
    expect(num(peak)).toBeLessThanOrEqual(19);
    const sizes = await q(
      `SELECT n, count(*) FROM (SELECT count(*) AS n FROM order_items GROUP BY order_id) GROUP BY 1 ORDER BY 1`,
    );
    const counts = sizes.map((r) => num(r[1]));
    expect(sizes.map((r) => num(r[0]))).toEqual([1, 2, 3, 4, 5]);
    expect(counts.every((c, i) => i === 0 || c < counts[i - 1]!)).toBe(true);
    const [[topShare]] = await q(`SELECT max(n) / sum(n) FROM (SELECT count(*) AS n FROM orders GROUP BY customer_id)`);
    expect(num(topShare)).toBeLessThan(0.002);
    const [[names, products, brands]] = await q(
      'SELECT count(DISTINCT name), count(*), count(DISTINCT brand) FROM products',
    );
    expect(num(names) / num(products)).toBeGreaterThan(0.85);
    expect(num(brands)).toBeGreaterThan(200);
  });

  it('stock moves from day to day: it sells down and is restocked, per store and product', async () => {
    const [[changed, restocks, spread]] = await q(
      `WITH s AS (SELECT store_id, product_id, on_hand - lag(on_hand) OVER (PARTITION BY store_id, product_id ORDER BY snapshot_date) AS delta FROM inventory_snapshots)
       SELECT avg((delta <> 0)::INT), avg((delta > 20)::INT), (SELECT stddev(on_hand) FROM inventory_snapshots) FROM s WHERE delta IS NOT NULL`,
    );
    expect(num(changed)).toBeGreaterThan(0.8);
    expect(num(restocks)).toBeGreaterThan(0.03);
    expect(num(restocks)).toBeLessThan(0.2);
    expect(num(spread)).toBeGreaterThan(50);
  });
});

describe('catalog: each question once per product, each response of its question’s type', () => {
  it('(product_id, question_id) pairs are unique; ratings, yes/no answers and comments fit the type', async () => {
    const q = await run('catalog', { scale: 3, date: '2026-01-01' });
    const [[pairs, distinct]] = await q(
      'SELECT count(*), count(DISTINCT (product_id, question_id)) FROM product_questions',
    );
    expect(num(distinct)).toBe(num(pairs));
    const rows = await q(
      `SELECT answer_type, count(*), count(rating), count(answer) FILTER (WHERE answer IN ('yes', 'no')), count(answer), count(comment)
       FROM responses r JOIN product_questions pq USING (product_question_id) JOIN questions USING (question_id) GROUP BY 1 ORDER BY 1`,
    );
    const byType = Object.fromEntries(rows.map(([t, ...n]) => [t, n.map(num)]));
    expect(byType.rating!.slice(1)).toEqual([byType.rating![0], 0, 0, 0]);
    expect(byType.yes_no!.slice(1)).toEqual([0, byType.yes_no![0], byType.yes_no![0], 0]);
    expect(byType.free_text!.slice(1)).toEqual([0, 0, 0, byType.free_text![0]]);
    const [[yes]] = await q(`SELECT avg((answer = 'yes')::INT) FROM responses WHERE answer IS NOT NULL`);
    expect(num(yes)).toBeCloseTo(0.72, 1);
  });
});

describe('transactions: the seed’s test-file shape', () => {
  it('id, customer_id as the customer’s C-code, transaction_date as a date, amount', async () => {
    const q = await run('transactions', { date: '2026-01-01' });
    const columns = await q(`SELECT column_name, column_type FROM (DESCRIBE transactions)`);
    expect(columns.map((c) => c[0])).toEqual(['id', 'customer_id', 'transaction_date', 'amount']);
    expect(columns[2]![1]).toBe('DATE');
    const [[malformed, orphans]] = await q(
      `SELECT count(*) FILTER (WHERE NOT regexp_full_match(t.customer_id, 'C[0-9]{3,}')),
              count(*) FILTER (WHERE c.customer_code IS NULL)
       FROM transactions t LEFT JOIN customers c ON c.customer_code = t.customer_id`,
    );
    expect([num(malformed), num(orphans)]).toEqual([0, 0]);
  });
});
