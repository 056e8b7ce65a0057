import { describe, expect, it } from 'vitest';
import { firstRows } from '../../src/check/check-postgres.ts';
import type { ColumnDefinition, DatasetDefinition, GeneratorSpec } from '../../src/dataset/types.ts';
import { existingRows } from '../../src/generators/existing-rows.ts';
import { compileColumn } from '../../src/generators/index.ts';
import type { GenerationParams } from '../../src/generators/types.ts';
import { appendParams } from '../../src/plan/append-params.ts';
import { DATE_MS } from '../helpers/fixed.ts';

/*
 * An append into a populated database: references draw among the rows already there (runs of row ids
 * read from the parent's keys) and this run's rows, as one id space; where other columns read through the
 * reference, or it has a rule of its own, among this run's rows only.
 */

const int = (name: string, generator: GeneratorSpec): ColumnDefinition => ({
  name,
  type: { kind: 'int64' },
  generator,
});

const dataset: DatasetDefinition = {
  name: 'shop',
  version: 1,
  description: '',
  tables: [
    {
      name: 'customer',
      defaultRows: 5,
      primaryKey: ['id'],
      columns: [int('id', { kind: 'sequence', start: 1 }), int('age', { kind: 'int', min: 18, max: 90 })],
    },
    {
      name: 'invoice',
      defaultRows: 4000,
      primaryKey: ['id'],
      columns: [
        int('id', { kind: 'sequence', start: 1 }),
        int('customer_id', { kind: 'reference', table: 'customer' }),
        int('busy_customer_id', { kind: 'reference', table: 'customer', distribution: 'zipf' }),
        int('read_customer_id', { kind: 'reference', table: 'customer' }),
        int('customer_age', { kind: 'lookup', via: 'read_customer_id', column: 'age' }),
      ],
    },
  ],
};

// 20 customers there (keys 1-10 and 21-30: 11-20 were deleted); this run adds 5 (keys 31-35).
const params: GenerationParams = appendParams(
  { seed: 3, referenceDate: DATE_MS, tableRows: { customer: 5, invoice: 4000 } },
  [
    {
      name: 'customer',
      rowStart: 30,
      rows: 5,
      existing: [
        [0, 10],
        [20, 30],
      ],
    },
  ],
);

function keys(column: string): number[] {
  const def = dataset.tables[1]!.columns.find((c) => c.name === column)!;
  const generator = compileColumn('invoice', def, params, dataset);
  const vector = generator.createVector(4000);
  generator.fill(0, 4000, vector);
  return [...(vector as { values: Float64Array }).values.subarray(0, 4000)];
}

describe('references in an append into rows already there', () => {
  it('maps the i-th existing row through the runs of ids, in order', () => {
    const rows = existingRows([
      [0, 19],
      [25, 40],
      [45, 70],
    ]);
    expect(rows.count).toBe(59);
    expect([0, 18, 19, 33, 34, 58].map((i) => rows.at(i))).toEqual([0, 18, 25, 39, 45, 69]);
  });

  it('draw among the rows there and the new ones, never a deleted key; Zipf favours the oldest', () => {
    const drawn = new Set(keys('customer_id'));
    const valid = new Set([
      ...Array.from({ length: 10 }, (_, i) => i + 1),
      ...Array.from({ length: 15 }, (_, i) => i + 21),
    ]);
    expect([...drawn].filter((k) => !valid.has(k))).toEqual([]);
    expect(drawn.size).toBe(25);
    const busy = keys('busy_customer_id');
    expect([...busy].filter((k) => !valid.has(k))).toEqual([]);
    const first = busy.filter((k) => k === 1).length;
    expect(first).toBeGreaterThan((busy.length / 25) * 3);
  });

  it('a reference other columns read through draws this run rows only', () => {
    expect(new Set(keys('read_customer_id'))).toEqual(new Set([31, 32, 33, 34, 35]));
  });

  it('with nothing there, draws as before', () => {
    const fresh = appendParams({ seed: 3, referenceDate: DATE_MS, tableRows: { customer: 5, invoice: 4000 } }, []);
    expect(fresh).toEqual({ seed: 3, referenceDate: DATE_MS, tableRows: { customer: 5, invoice: 4000 } });
  });
});

describe('gen check --url: which rows are gen’s', () => {
  const run = (mode: string, rowStart: number) => ({
    record: { options: { mode } },
    tables: [{ name: 'items', rowStart, rowEnd: rowStart + 10 }],
  });

  it('appends only: from the lowest row any of them made, whatever order they finished in', () => {
    expect(firstRows([run('append', 30), run('append', 0), run('append', 10)]).get('items')).toBe(0);
    expect(firstRows([run('append', 70), run('append', 80)]).get('items')).toBe(70);
  });

  it('after a replacing load: every row', () => {
    expect(firstRows([run('overwrite', 0), run('append', 10)]).get('items')).toBe(0);
  });
});
