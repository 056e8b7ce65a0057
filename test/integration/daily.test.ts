import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/coordinator/generate.ts';
import { UsageError } from '../../src/errors.ts';
import { planRun } from '../../src/planner/run-plan.ts';
import { tempDir } from '../helpers/run.ts';

const dir = tempDir();
let runs = 0;
const out = (): string => join(dir, `run-${runs++}`);
const lines = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .filter((l) => l !== '');
const rowsOf = (plan: ReturnType<typeof planRun>, table: string): number => {
  const slice = plan.slices.find((s) => s.name === table)!;
  return slice.end - slice.start;
};

describe('tables keyed by date', () => {
  it.each(['retail', 'shiny-rocks'])(
    '%s: --date D alone makes exactly the rows a 10-day run makes for D, in every table',
    async (dataset) => {
      const day = '2026-01-06';
      const long = await generate({
        dataset,
        from: '2026-01-01',
        to: '2026-01-10',
        seed: 5,
        date: '2026-01-10',
        out: out(),
        workers: 2,
      });
      const one = await generate({ dataset, date: day, seed: 5, out: out(), workers: 2 });
      const file = (report: typeof long, table: string): string => report.tables.find((t) => t.name === table)!.path!;
      for (const table of one.tables) {
        const mine = lines(file(one, table.name));
        const all = new Set(lines(file(long, table.name)));
        expect(mine.length, `${table.name} has rows`).toBeGreaterThan(0);
        expect(
          mine.filter((l) => !all.has(l)),
          `${table.name}: rows of the one-day run missing from the long run`,
        ).toEqual([]);
      }
      // And no more than that day's: the long run's rows of D (by their date, or their order's) are all there.
      const dated =
        dataset === 'retail'
          ? ['orders', 'inventory_snapshots']
          : ['orders', 'payments', 'services', 'marketing_investments'];
      for (const table of dated) {
        const ofDay = lines(file(long, table)).filter((l) => l.includes(`"${day}T`) || l.includes(`"${day}"`));
        expect(ofDay.length, table).toBe(lines(file(one, table)).length);
      }
      if (dataset === 'retail') {
        const orders = new Set(lines(file(one, 'orders')).map((l) => (JSON.parse(l) as { order_id: number }).order_id));
        const items = lines(file(long, 'order_items')).filter((l) =>
          orders.has((JSON.parse(l) as { order_id: number }).order_id),
        );
        expect(items).toEqual(lines(file(one, 'order_items')));
      }
    },
  );

  it("retail presets land on the seed's sizes (14 days where the yearly wave is near 1)", () => {
    const at = { dataset: 'retail', to: '2026-03-28', from: '2026-03-15', date: '2026-03-28' };
    const sizes = {
      small: [10, 200, 2000, 4000],
      medium: [50, 1000, 25_000, 75_000],
      large: [200, 5000, 120_000, 500_000],
    } as const;
    for (const [scale, [stores, products, customers, orders]] of Object.entries(sizes)) {
      const plan = planRun({ ...at, scale });
      expect([rowsOf(plan, 'stores'), rowsOf(plan, 'products'), rowsOf(plan, 'customers')], scale).toEqual([
        stores,
        products,
        customers,
      ]);
      expect(Math.abs(rowsOf(plan, 'orders') / orders - 1), `${scale}: ${rowsOf(plan, 'orders')} orders`).toBeLessThan(
        0.05,
      );
      const items = rowsOf(plan, 'order_items') / rowsOf(plan, 'orders');
      // Weights 40/25/17/11/7 for 1..5 lines: 2.2 on average.
      expect(items, 'items per order: 1-5, 2.2 on average').toBeGreaterThan(2.1);
      expect(items).toBeLessThan(2.3);
      expect(rowsOf(plan, 'inventory_snapshots')).toBe(stores * products * 14);
    }
  });

  it("shiny-rocks: the daily volume follows its curve; the seed's weights hold; amount = product × 99", async () => {
    const july = planRun({ dataset: 'shiny-rocks', from: '2025-07-01', to: '2025-07-31', date: '2025-07-31' });
    const december = planRun({ dataset: 'shiny-rocks', from: '2025-12-01', to: '2025-12-31', date: '2025-12-31' });
    // The yearly wave peaks at the end of June (±20%): July is about 1.5x December; no growth from year to year.
    expect(rowsOf(july, 'orders') / rowsOf(december, 'orders')).toBeGreaterThan(1.4);
    const later = planRun({ dataset: 'shiny-rocks', from: '2027-07-01', to: '2027-07-31', date: '2027-07-31' });
    expect(Math.abs(rowsOf(later, 'orders') / rowsOf(july, 'orders') - 1)).toBeLessThan(0.01);
    const report = await generate({
      dataset: 'shiny-rocks',
      days: 120,
      date: '2025-06-30',
      format: 'parquet',
      out: out(),
      workers: 2,
    });
    const file = (table: string): string => report.tables.find((t) => t.name === table)!.path!;
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const query = async (sql: string): Promise<unknown[][]> => (await con.runAndReadAll(sql)).getRows() as unknown[][];
    const [[orders, product3, amazon]] = (await query(
      `SELECT count(*)::INT, avg((product_id = 3)::INT), avg((utm_source = '_amazon')::INT) FROM read_parquet('${file('orders')}')`,
    )) as [[number, number, number]];
    expect(orders).toBeGreaterThan(100_000);
    expect(product3).toBeCloseTo(0.64, 2);
    expect(amazon).toBeCloseTo(0.6, 2);
    const [[paid, wrong, card, apple]] = (await query(
      `SELECT count(*)::INT, count(*) FILTER (WHERE p.amount <> o.product_id * 99 OR p.order_date <> o.order_date)::INT, avg((payment_method = 'CARD')::INT), avg((payment_method = 'APPLE_PAY')::INT) FROM read_parquet('${file('payments')}') p JOIN read_parquet('${file('orders')}') o USING (order_id)`,
    )) as [[number, number, number, number]];
    expect([paid, wrong]).toEqual([orders, 0]);
    expect(card).toBeCloseTo(0.8, 2);
    expect(apple).toBeCloseTo(0.03, 2);
    const [[maps, shortest, longest]] = (await query(
      `SELECT avg((service_id = 'MAPS')::INT), min(duration), max(duration) FROM read_parquet('${file('services')}')`,
    )) as [[number, bigint, bigint]];
    expect(maps).toBeCloseTo(0.3, 2);
    expect([shortest, longest]).toEqual([5n, 3600n]);
  });

  it('day options are checked: --days with --from, days before 2000, --rows on a daily dataset, --days on items', () => {
    expect(() => planRun({ dataset: 'retail', days: 3, from: '2026-01-01' }, 'flag')).toThrow(
      '--days and --from/--to both pick the days: give one',
    );
    expect(() => planRun({ dataset: 'retail', from: '1999-12-01', to: '2000-01-05' }, 'flag')).toThrow(
      'daily data starts on 2000-01-01',
    );
    expect(() => planRun({ dataset: 'retail', rows: 10 }, 'flag')).toThrow(UsageError);
    expect(() => planRun({ dataset: 'items', days: 3 }, 'flag')).toThrow(
      '--days applies to datasets with tables keyed by date; items has none',
    );
    expect(() => planRun({ dataset: 'retail', from: '2026-02-01', to: '2026-01-01' }, 'flag')).toThrow(
      '--from (2026-02-01) must not be after --to (2026-01-01)',
    );
  });
});

describe('--partition-by day', () => {
  it('writes one Hive-style folder per day that DuckDB reads back; the parts are the unpartitioned file', async () => {
    const options = {
      dataset: 'retail',
      from: '2026-01-01',
      to: '2026-01-04',
      seed: 2,
      date: '2026-01-04',
      workers: 2,
    } as const;
    const whole = await generate({ ...options, out: out() });
    const root = out();
    const parted = await generate({ ...options, out: root, partitionBy: 'day' });
    for (const table of ['orders', 'order_items', 'inventory_snapshots']) {
      const parts = parted.tables.filter((t) => t.name === table);
      expect(parts.map((t) => t.partition)).toEqual(['01', '02', '03', '04'].map((d) => `year=2026/month=01/day=${d}`));
      expect(
        parts.flatMap((t) => lines(t.path!)),
        table,
      ).toEqual(lines(whole.tables.find((t) => t.name === table)!.path!));
    }
    expect(parted.tables.filter((t) => t.name === 'stores').map((t) => t.partition)).toEqual([undefined]);
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (
      await con.runAndReadAll(`
      SELECT i.day::INT, count(*)::INT, count(*) FILTER (WHERE strftime(o.ordered_at::TIMESTAMPTZ AT TIME ZONE 'UTC', '%d')::INT <> i.day)::INT
      FROM read_json('${root}/order_items/*/*/*/*.ndjson', hive_partitioning = true) i JOIN read_json('${root}/orders/*/*/*/*.ndjson') o USING (order_id)
      GROUP BY 1 ORDER BY 1`)
    ).getRows();
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4]);
    expect(
      rows.every((r) => r[2] === 0),
      "every item lies in its order's day",
    ).toBe(true);
    expect(rows.reduce((sum, r) => sum + (r[1] as number), 0)).toBe(
      whole.tables.find((t) => t.name === 'order_items')!.rows,
    );
  });

  it('is refused for stdout, Postgres and datasets without days', () => {
    expect(() => planRun({ dataset: 'retail', out: '-', partitionBy: 'day' }, 'flag')).toThrow(
      '--partition-by writes directories of files: give --out DIR',
    );
    expect(() => planRun({ dataset: 'items', partitionBy: 'day' }, 'flag')).toThrow(
      '--partition-by day applies to datasets with tables keyed by date; items has none',
    );
  });
});
