import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/coordinator/generate.ts';
import { defineDataset } from '../../src/dataset/define.ts';
import { childBlocks, childrenSpace, locateChildren } from '../../src/dataset/row-space.ts';
import type { ColumnDefinition, DatasetDefinition, TableDefinition } from '../../src/dataset/types.ts';
import { DatasetError } from '../../src/errors.ts';
import { parseExpr } from '../../src/generators/expr/parse.ts';
import { zipfSampler } from '../../src/random/zipf-sampler.ts';
import { type Rows, rowsOf } from '../helpers/rows.ts';

const int = { kind: 'int64' } as const;
const text = { kind: 'utf8' } as const;
const key = { kind: 'sequence', start: 1 } as const;

/** A shop: products, promotions on products, orders by day, order lines, and a cross of stores × products. */
function shop(extra: ColumnDefinition[] = [], lineExtra: Partial<TableDefinition> = {}): DatasetDefinition {
  return defineDataset({
    name: 'shop',
    version: 1,
    description: 'expression tests',
    defaultDays: 3,
    tables: [
      {
        name: 'products',
        defaultRows: 50,
        primaryKey: ['product_id'],
        columns: [
          { name: 'product_id', type: int, generator: key },
          { name: 'price', type: { kind: 'decimal', scale: 2 }, generator: { kind: 'float', min: 1, max: 100 } },
          { name: 'kind', type: text, generator: { kind: 'choice', values: ['basic', 'pro'] } },
          { name: 'code', type: text, generator: { kind: 'template', template: 'P{id:03}' }, unique: true },
        ],
      },
      {
        name: 'promotions',
        defaultRows: 10,
        primaryKey: ['promotion_id'],
        columns: [
          { name: 'promotion_id', type: int, generator: key },
          { name: 'product_id', type: int, generator: { kind: 'reference', table: 'products' } },
          { name: 'discount', type: int, generator: { kind: 'int', min: 10, max: 50 } },
        ],
      },
      {
        name: 'orders',
        defaultRows: 0,
        shape: { kind: 'daily', rows: 400 },
        primaryKey: ['order_id'],
        columns: [
          { name: 'order_id', type: int, generator: key },
          { name: 'at', type: { kind: 'timestamp' }, generator: { kind: 'dayTime', hours: HOURS } },
        ],
      },
      {
        name: 'lines',
        defaultRows: 0,
        shape: { kind: 'children', parent: 'orders', min: 0, max: 3, weights: [10, 50, 30, 10] },
        primaryKey: ['line_id'],
        ...lineExtra,
        columns: [
          { name: 'line_id', type: int, generator: key },
          { name: 'order_id', type: int, generator: { kind: 'parent' } },
          { name: 'promotion_id', type: int, generator: { kind: 'reference', table: 'promotions' }, nullRate: 0.5 },
          {
            name: 'product_id',
            type: int,
            generator: { kind: 'reference', table: 'products', follow: 'promotion_id.product_id' },
          },
          ...extra,
        ],
      },
      {
        name: 'stock',
        defaultRows: 0,
        shape: { kind: 'cross', tables: ['products'], daily: true },
        columns: [
          { name: 'day', type: { kind: 'date' }, generator: { kind: 'dayTime', midnight: true } },
          { name: 'code', type: text, generator: { kind: 'lookup', via: 'products', column: 'code' } },
        ],
      },
    ],
  });
}

/** Business hours only: nothing from 00:00 to 08:00 or after 20:00. */
const HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 4, 3, 2, 1, 1, 1, 1, 0, 0, 0, 0];

const column = (name: string, expr: string, type: ColumnDefinition['type'], extra = {}): ColumnDefinition => ({
  name,
  type,
  generator: { kind: 'expr', expr },
  ...extra,
});

const byId = (rows: Rows, key: string) => new Map(rows.map((r) => [r[key], r]));

describe('the expression language', () => {
  it('parses SQL-like syntax and reports errors with their position', () => {
    expect(parseExpr("case when a.b between 1 and 2 then 'x' else 'y' end")).toMatchObject({ k: 'case' });
    expect(() => parseExpr('1 +')).toThrow('expected a value at the end');
    expect(() => parseExpr('(1 + 2')).toThrow('expected ")" at the end');
    expect(() => parseExpr('1 2')).toThrow('unexpected text at 3 (found "2")');
    expect(() => parseExpr("a = 'open")).toThrow(/unexpected "'" at 5/);
  });

  it('computes arithmetic, rounding, case, coalesce, in and between over the row, with SQL NULL logic', () => {
    const dataset = shop([
      column('unit', 'round(product_id.price * (100 - coalesce(promotion_id.discount, 0)) / 100, 2)', {
        kind: 'decimal',
        scale: 2,
      }),
      column('pro', "case product_id.kind when 'pro' then 1 else 0 end", int),
      column('big', 'promotion_id.discount > 20', { kind: 'bool' }, { nullable: true }),
      column('early', 'line_id in (1, 2, 3) or promotion_id is null', { kind: 'bool' }),
      column('label', "case when promotion_id is null then 'full' else 'promo' end", text),
    ]);
    const products = byId(rowsOf(dataset, 'products'), 'product_id');
    const promotions = byId(rowsOf(dataset, 'promotions'), 'promotion_id');
    const lines = rowsOf(dataset, 'lines');
    expect(lines.length).toBeGreaterThan(300);
    for (const line of lines) {
      const product = products.get(line.product_id)!;
      const promotion = line.promotion_id === null ? null : promotions.get(line.promotion_id)!;
      if (promotion !== null) expect(line.product_id).toBe(promotion.product_id);
      const discount = (promotion?.discount as number | undefined) ?? 0;
      expect(line.unit).toBeCloseTo(Math.round((product.price as number) * (100 - discount)) / 100, 2);
      expect(line.pro).toBe(product.kind === 'pro' ? 1 : 0);
      expect(line.big).toBe(promotion === null ? null : discount > 20 ? 1 : 0);
      expect(line.early).toBe((line.line_id as number) <= 3 || promotion === null ? 1 : 0);
      expect(line.label).toBe(promotion === null ? 'full' : 'promo');
    }
    // Any range of rows gives the same values as the whole run (row N needs no rows before it).
    const first = (lines[0]!.line_id as number) - 1; // the key is the row id + 1
    expect(rowsOf(dataset, 'lines', first + 400, 37)).toEqual(lines.slice(400, 437));
  });

  it('a subexpression said twice is one value, a random call said twice two draws; noise of a NULL is NULL', () => {
    const dataset = shop([
      column(
        'same',
        'noise(promotion_id, line_id) - noise(promotion_id, line_id)',
        { kind: 'float64' },
        {
          nullable: true,
        },
      ),
      column('twice', 'uniform(0, 1) - uniform(0, 1)', { kind: 'float64' }),
      column('n', 'noise(line_id)', { kind: 'float64' }),
    ]);
    const lines = rowsOf(dataset, 'lines');
    for (const line of lines) {
      expect(line.same).toBe(line.promotion_id === null ? null : 0);
      expect(line.n).toBeGreaterThanOrEqual(0);
      expect(line.n).toBeLessThan(1);
    }
    expect(lines.filter((l) => l.promotion_id === null).length).toBeGreaterThan(100);
    expect(lines.filter((l) => l.twice !== 0).length).toBe(lines.length);
    expect(new Set(lines.map((l) => l.n)).size).toBe(lines.length);
  });

  it('a chunk of many blocks gives the values of any other chunking (text, NULLs, numbers)', () => {
    const dataset = defineDataset({
      name: 'blocks',
      version: 1,
      description: 'expressions over more rows than one block',
      tables: [
        {
          name: 't',
          defaultRows: 10_000,
          primaryKey: ['id'],
          columns: [
            { name: 'id', type: int, generator: key },
            column('x', 'round(noise(id) * 100 + uniform(0, 1), 3)', { kind: 'float64' }),
            column('label', "case when id % 3 = 0 then 'fizz' when id % 5 = 0 then null else 'x' end", text, {
              nullable: true,
            }),
          ],
        },
      ],
    });
    const all = rowsOf(dataset, 't', 0, 10_000);
    for (const size of [1, 777, 5000]) {
      const parts: Rows = [];
      for (let start = 0; start < 10_000; start += size)
        parts.push(...rowsOf(dataset, 't', start, Math.min(size, 10_000 - start)));
      expect(parts, `chunks of ${size}`).toEqual(all);
    }
    expect(all.filter((r) => r.label === null).length).toBeGreaterThan(500);
  });

  it('random draws stay in range, and time functions read instants', () => {
    const dataset = shop([
      column('u', 'uniform(2, 3)', { kind: 'float64' }),
      column('n', 'int(1, 6)', int),
      column('later', 'order_id.at + minutes(lognormal(3, 0.5))', { kind: 'timestamp' }),
      column('h', 'hour(order_id.at)', int),
      column('d', 'date(order_id.at)', { kind: 'date' }),
    ]);
    const orders = byId(rowsOf(dataset, 'orders'), 'order_id');
    const lines = rowsOf(dataset, 'lines');
    const dice = new Set(lines.map((l) => l.n));
    expect([...dice].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const line of lines) {
      const at = orders.get(line.order_id)!.at as number;
      expect(line.u).toBeGreaterThanOrEqual(2);
      expect(line.u).toBeLessThan(3);
      expect(line.later).toBeGreaterThan(at);
      expect(line.h).toBe(new Date(at).getUTCHours());
      expect(line.d).toBe(Math.floor(at / 86_400_000) * 86_400_000);
      // Business hours only (the orders' intraday curve has no weight at night).
      expect(line.h).toBeGreaterThanOrEqual(8);
      expect(line.h).toBeLessThan(20);
    }
  });

  it('a lookup goes through a cross table dimension by name; a reference renders a unique code', () => {
    const dataset = shop([
      { name: 'code', type: text, generator: { kind: 'reference', table: 'products', column: 'code' } },
      { name: 'kind', type: text, generator: { kind: 'lookup', via: 'product_id', column: 'kind' } },
    ]);
    const stock = rowsOf(dataset, 'stock');
    expect(stock.slice(0, 3).map((r) => r.code)).toEqual(['P001', 'P002', 'P003']);
    expect(stock.length).toBe(50);
    const products = rowsOf(dataset, 'products');
    const codes = new Set(products.map((p) => p.code));
    const kinds = byId(products, 'product_id');
    for (const line of rowsOf(dataset, 'lines')) {
      expect(codes.has(line.code)).toBe(true);
      expect(line.kind).toBe(kinds.get(line.product_id)!.kind);
    }
  });

  it('nullWhen nulls the rows where it holds, and reads the column’s own drawn row', () => {
    const dataset = shop([], {});
    const lines = dataset.tables.find((t) => t.name === 'lines')!;
    const withCondition = defineDataset({
      ...dataset,
      tables: dataset.tables.map((t) =>
        t !== lines
          ? t
          : {
              ...t,
              columns: t.columns.map((c) =>
                c.name === 'promotion_id' ? { ...c, nullWhen: 'promotion_id.discount < 30' } : c,
              ),
            },
      ),
    });
    const promotions = byId(rowsOf(withCondition, 'promotions'), 'promotion_id');
    const rows = rowsOf(withCondition, 'lines');
    const kept = rows.filter((r) => r.promotion_id !== null);
    expect(kept.length).toBeGreaterThan(50);
    expect(kept.every((r) => (promotions.get(r.promotion_id)!.discount as number) >= 30)).toBe(true);
  });

  it.each([
    [
      [column('a', 'b + 1', int), column('b', 'a + 1', int)],
      'tables.lines.columns.a: reads itself: lines.a → lines.b → lines.a',
    ],
    [[column('a', 'promotion_id.discount', int)], 'can be NULL: add nullable: true'],
    [[column('a', 'frobnicate(1)', int)], 'unknown function frobnicate()'],
    [[column('a', "'x' + 1", int)], '+ needs numbers, not text'],
    [[column('a', 'nope + 1', int)], '"lines" has no column "nope"'],
    [[column('a', 'product_id.code', text)], 'products.code is free text'],
    [[column('a', 'round(1, 2, 3)', int)], 'round(x[, digits]) takes 1 to 2 arguments (got 3)'],
    [[column('a', '1 +', int)], 'expr: expected a value at the end in "1 +"'],
    // Found while generating: a division by zero in a column that cannot hold NULL.
    [[column('a', '1 / (line_id - line_id)', int)], 'gave no value (NULL) at row'],
  ])('refuses a bad expression with one line naming the column (%#)', (columns, message) => {
    expect(() => rowsOf(shop(columns), 'lines')).toThrow(DatasetError);
    expect(() => rowsOf(shop(columns), 'lines')).toThrow(message);
  });
});

describe('skew: weighted child counts and a flattened Zipf head', () => {
  it('children counts follow their weights, 0 included', () => {
    const lines = rowsOf(shop(), 'lines');
    const orders = rowsOf(shop(), 'orders');
    const perOrder = new Map<unknown, number>();
    for (const l of lines) perOrder.set(l.order_id, (perOrder.get(l.order_id) ?? 0) + 1);
    const share = (n: number) => orders.filter((o) => (perOrder.get(o.order_id) ?? 0) === n).length / orders.length;
    expect(share(0)).toBeCloseTo(0.1, 1);
    expect(share(1)).toBeCloseTo(0.5, 1);
    expect(share(2)).toBeCloseTo(0.3, 1);
    expect(share(3)).toBeCloseTo(0.1, 1);
  });

  it('weights that round to no children still leave every block some (no endless walk)', () => {
    const space = childrenSpace('p', 0, 1, [1000, 1]);
    const blocks = childBlocks(space, 1, 't');
    expect(blocks.total).toBeGreaterThan(0);
    const parents = new Float64Array(5);
    locateChildren(blocks, 0, 5, parents, null);
    expect(parents[4]).toBeGreaterThan(parents[0]!);
  });

  it('zipf with q: P(k) ∝ (k + q)^-s, the top rank far below plain Zipf’s share', () => {
    const n = 100_000;
    const draws = 200_000;
    const rank = zipfSampler(7, n, 1, 1000);
    const counts = new Map<number, number>();
    for (let r = 0; r < draws; r++) {
      const k = rank(r);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    let norm = 0;
    for (let k = 1; k <= n; k++) norm += 1 / (k + 1000);
    const expected = (k: number) => draws / (k + 1000) / norm;
    const firstTen = Array.from({ length: 10 }, (_, i) => counts.get(i + 1) ?? 0).reduce((a, b) => a + b, 0);
    expect(firstTen).toBeGreaterThan(0.85 * 10 * expected(5));
    expect(firstTen).toBeLessThan(1.15 * 10 * expected(5));
    let top20 = 0;
    for (let k = 1; k <= n / 5; k++) top20 += counts.get(k) ?? 0;
    expect(top20 / draws).toBeCloseTo(Math.log((n / 5 + 1000) / 1000.5) / Math.log((n + 1000) / 1000.5), 1);
  });
});

describe("a lookup through the table's own rows", () => {
  it("reads its parent row's column without disturbing the column the chunk writes", async () => {
    const dataset = defineDataset({
      name: 'thread',
      version: 1,
      description: 'comments answering earlier comments',
      tables: [
        {
          name: 'comments',
          defaultRows: 5000,
          primaryKey: ['comment_id'],
          columns: [
            { name: 'comment_id', type: int, generator: key },
            { name: 'score', type: int, generator: { kind: 'int', min: 0, max: 1_000_000 } },
            { name: 'parent_id', type: int, generator: { kind: 'reference', table: 'comments' } },
            // Read after `score` was read for the chunk: its parent rows are elsewhere in the table.
            { name: 'parent_score', type: int, generator: { kind: 'lookup', via: 'parent_id', column: 'score' } },
          ],
        },
      ],
    });
    const dir = mkdtempSync(join(tmpdir(), 'shardgen-self-'));
    try {
      for (const workers of [0, 2]) {
        const out = join(dir, `w${workers}`);
        await generate({ dataset, seed: 3, date: '2026-01-01', workers, chunkRows: 700, out });
        const rows = readFileSync(join(out, 'comments.ndjson'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, number>);
        const score = new Map(rows.map((r) => [r.comment_id, r.score]));
        expect(rows.length).toBe(5000);
        expect(rows.every((r) => r.parent_score === score.get(r.parent_id!))).toBe(true);
        expect(new Set(rows.map((r) => r.score)).size).toBeGreaterThan(4900);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
