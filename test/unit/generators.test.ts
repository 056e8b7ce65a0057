import { describe, expect, it } from 'vitest';
import { defineDataset } from '../../src/dataset/define.ts';
import type { ColumnDefinition, ColumnType, DatasetDefinition, GeneratorSpec } from '../../src/dataset/types.ts';
import { DatasetError } from '../../src/errors.ts';
import { compileColumn } from '../../src/generators/index.ts';
import { GENERATOR_KINDS } from '../../src/generators/registry.ts';
import type { GeneratorKind } from '../../src/generators/types.ts';
import { planRun } from '../../src/planner/run-plan.ts';
import type { ColumnVector } from '../../src/vectors/column-vector.ts';
import { DATE_MS } from '../helpers/fixed.ts';

const params = { seed: 42, referenceDate: DATE_MS };
const column = (type: ColumnType, generator: GeneratorSpec): ColumnDefinition => ({ name: 'c', type, generator });

function values(def: ColumnDefinition, start: number, count: number): unknown[] {
  const generator = compileColumn('t', def, params);
  const vector: ColumnVector = generator.createVector(count);
  generator.fill(start, count, vector);
  return decode(vector, count);
}

/** The first `count` values of a vector, as plain values. */
function decode(vector: ColumnVector, count: number): unknown[] {
  switch (vector.kind) {
    case 'number':
    case 'bool':
      return [...vector.values.subarray(0, count)];
    case 'dict':
      return [...vector.codes.subarray(0, count)].map((code) => vector.dictionary[code]);
    case 'utf8':
      return Array.from({ length: count }, (_, i) =>
        new TextDecoder().decode(vector.bytes.subarray(vector.offsets[i], vector.offsets[i + 1])),
      );
  }
}

const CASES: [string, ColumnDefinition][] = [
  ['sequence', column({ kind: 'int64' }, { kind: 'sequence', start: 5, step: 3 })],
  ['int', column({ kind: 'int64' }, { kind: 'int', min: -3, max: 7 })],
  ['float', column({ kind: 'float64' }, { kind: 'float', min: -1, max: 1 })],
  ['decimal', column({ kind: 'decimal', scale: 2 }, { kind: 'float', min: 10, max: 1000 })],
  ['choice', column({ kind: 'utf8' }, { kind: 'choice', values: ['A', 'B', 'C', 'D'] })],
  ['bool', column({ kind: 'bool' }, { kind: 'bool', probability: 0.3 })],
  ['timestamp', column({ kind: 'timestamp' }, { kind: 'timestamp', fromDays: -30, toDays: 0 })],
  ['template', column({ kind: 'utf8' }, { kind: 'template', template: 'C{id:03}-x' })],
  ['weighted choice', column({ kind: 'utf8' }, { kind: 'choice', values: ['3', '5'], weights: [64, 36] })],
  ['normal', column({ kind: 'decimal', scale: 1 }, { kind: 'normal', mean: 3.8, sd: 0.6, min: 1, max: 5 })],
  ['lognormal', column({ kind: 'decimal', scale: 2 }, { kind: 'lognormal', mu: 4, sigma: 1 })],
  ['zipf', column({ kind: 'int64' }, { kind: 'zipf', min: 1, max: 1000, s: 1.2 })],
  ['faker', column({ kind: 'utf8' }, { kind: 'faker', data: 'person.first_name' })],
];

describe('column generators', () => {
  it.each(CASES)(
    '%s: any row range gives the same values as the full range (row N needs no rows before it)',
    (_, def) => {
      const all = values(def, 0, 3000);
      expect(values(def, 1234, 500)).toEqual(all.slice(1234, 1734));
      expect(values(def, 2999, 1)).toEqual(all.slice(2999));
    },
  );

  it('sequence counts from start by step', () => {
    expect(values(CASES[0]![1], 0, 4)).toEqual([5, 8, 11, 14]);
  });

  it('int stays in [min, max] and hits both ends', () => {
    const v = values(CASES[1]![1], 0, 5000) as number[];
    expect(Math.min(...v)).toBe(-3);
    expect(Math.max(...v)).toBe(7);
    expect(v.every(Number.isInteger)).toBe(true);
  });

  it('float stays in [min, max)', () => {
    const v = values(CASES[2]![1], 0, 5000) as number[];
    expect(v.every((x) => x >= -1 && x < 1)).toBe(true);
    expect(new Set(v).size).toBe(5000);
  });

  it('decimal values are whole cents in [10.00, 1000.00], evenly spread', () => {
    const v = values(CASES[3]![1], 0, 20_000) as number[];
    expect(v.every((x) => x >= 10 && x <= 1000 && Math.abs(Math.round(x * 100) - x * 100) < 1e-6)).toBe(true);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean).toBeGreaterThan(495); // uniform mean 505, sd 286: 20k draws put the mean within ±6 at 3 sigma
    expect(mean).toBeLessThan(515);
  });

  it('choice picks every value about equally often', () => {
    const v = values(CASES[4]![1], 0, 40_000) as string[];
    for (const letter of ['A', 'B', 'C', 'D']) {
      const share = v.filter((x) => x === letter).length / v.length;
      expect(share).toBeGreaterThan(0.24);
      expect(share).toBeLessThan(0.26);
    }
  });

  it('bool is true at its probability', () => {
    const v = values(CASES[5]![1], 0, 40_000) as number[];
    const share = v.filter((x) => x === 1).length / v.length;
    expect(share).toBeGreaterThan(0.29);
    expect(share).toBeLessThan(0.31);
  });

  it('timestamp stays in the 30 days before the reference date, at millisecond precision', () => {
    const v = values(CASES[6]![1], 0, 10_000) as number[];
    expect(v.every((ms) => ms >= DATE_MS - 30 * 86_400_000 && ms < DATE_MS && Number.isInteger(ms))).toBe(true);
    expect(Math.min(...v)).toBeLessThan(DATE_MS - 29 * 86_400_000);
  });

  it('template fills {id} and {id:0N}', () => {
    expect(values(CASES[7]![1], 998, 3)).toEqual(['C998-x', 'C999-x', 'C1000-x']);
    expect(values(column({ kind: 'utf8' }, { kind: 'template', template: 'Item {id}' }), 0, 2)).toEqual([
      'Item 0',
      'Item 1',
    ]);
  });

  it('template {id} in any chunk, padded or not, is the id in decimal (ids written a hundred at a time)', () => {
    for (const [width, template] of [
      [0, 'Item {id}'],
      [2, '{id:02}'],
      [3, 'C{id:03}-x'],
      [8, 'long prefix {id:08} and a tail'],
    ] as const) {
      const def = column({ kind: 'utf8' }, { kind: 'template', template });
      const expected = (id: number) => template.replace(/\{id(:0\d+)?\}/, String(id).padStart(width, '0'));
      for (const [start, count] of [
        [0, 250],
        [37, 1],
        [99, 2],
        [150, 333],
        [2 ** 31 - 120, 240],
        [2 ** 40 + 7, 199],
      ] as const)
        expect(values(def, start, count)).toEqual(Array.from({ length: count }, (_, i) => expected(start + i)));
    }
  });

  it('weighted choice lands on its weights (shiny-rocks: product 3 at 64%, 5 at 36%; 1e5 rows, within 0.5 point)', () => {
    const drawn = values(
      column({ kind: 'utf8' }, { kind: 'choice', values: ['3', '5'], weights: [64, 36] }),
      0,
      100_000,
    );
    expect(drawn.filter((v) => v === '3').length / 1e5).toBeCloseTo(0.64, 2);
  });

  it('zipf: rank 1 most frequent, rank k about k^-s as often, all within [min, max]', () => {
    const drawn = values(
      column({ kind: 'int64' }, { kind: 'zipf', min: 10, max: 10_009, s: 1 }),
      0,
      200_000,
    ) as number[];
    const count = (v: number): number => drawn.filter((x) => x === v).length;
    expect(drawn.reduce((a, b) => Math.min(a, b))).toBe(10);
    expect(drawn.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(10_009);
    expect(count(11) / count(10)).toBeCloseTo(0.5, 1);
    expect(count(13) / count(10)).toBeCloseTo(0.25, 1);
  });

  it('reference: keys of the parent id space through its sequence, and nothing beyond', () => {
    const dataset = {
      name: 'd',
      version: 1,
      description: '',
      tables: [
        {
          name: 'p',
          defaultRows: 50,
          primaryKey: ['p_id'],
          columns: [column({ kind: 'int64' }, { kind: 'sequence', start: 100, step: 2 })].map((c) => ({
            ...c,
            name: 'p_id',
          })),
        },
        { name: 't', defaultRows: 1000, columns: [column({ kind: 'int64' }, { kind: 'reference', table: 'p' })] },
      ],
    };
    const generator = compileColumn(
      't',
      dataset.tables[1]!.columns[0]!,
      { ...params, tableRows: { p: 50, t: 1000 } },
      dataset,
    );
    const vector = generator.createVector(1000);
    generator.fill(0, 1000, vector);
    const keys = new Set((vector as { values: Float64Array }).values);
    expect([...keys].every((k) => k >= 100 && k <= 198 && k % 2 === 0)).toBe(true);
    expect(keys.size).toBe(50);
    expect(() =>
      compileColumn('t', column({ kind: 'int64' }, { kind: 'reference', table: 'q' }), params, dataset),
    ).toThrow('tables.t.columns.c: references unknown table "q"');
    // A table keyed by days (absent from tableRows) may have rows: an empty parent is an error, not a dangling key.
    expect(() =>
      compileColumn('t', dataset.tables[1]!.columns[0]!, { ...params, tableRows: { p: 0 } }, dataset),
    ).toThrow('references table "p", which has no rows in this run');
  });

  it("email: first.last<key>@domain from the row's own name columns, unique", () => {
    const columns: ColumnDefinition[] = [
      { name: 'user_id', type: { kind: 'int64' }, generator: { kind: 'sequence', start: 1 } },
      { name: 'first', type: { kind: 'utf8' }, generator: { kind: 'faker', data: 'person.first_name' } },
      { name: 'last', type: { kind: 'utf8' }, generator: { kind: 'choice', values: ["O'Brien", 'Müller'] } },
      { name: 'mail', type: { kind: 'utf8' }, generator: { kind: 'email', first: 'first', last: 'last' } },
    ];
    const dataset = {
      name: 'd',
      version: 1,
      description: '',
      tables: [{ name: 't', defaultRows: 10, primaryKey: ['user_id'], columns }],
    };
    const run = (c: ColumnDefinition): unknown[] => {
      const g = compileColumn('t', c, params, dataset);
      const v = g.createVector(500);
      g.fill(0, 500, v);
      return v.kind === 'dict'
        ? [...v.codes.subarray(0, 500)].map((k) => v.dictionary[k])
        : Array.from({ length: 500 }, (_, i) =>
            new TextDecoder().decode(
              (v as { bytes: Uint8Array }).bytes.subarray(
                (v as { offsets: Int32Array }).offsets[i],
                (v as { offsets: Int32Array }).offsets[i + 1],
              ),
            ),
          );
    };
    const [firsts, lasts, mails] = [run(columns[1]!), run(columns[2]!), run(columns[3]!)] as string[][];
    mails!.forEach((mail, i) => {
      const last = lasts![i] === 'Müller' ? 'muller' : 'obrien';
      expect(mail).toMatch(
        new RegExp(
          `^${firsts![i]!.toLowerCase().replace(/[^a-z0-9]/g, '')}\\.${last}${i + 1}@(gmail|yahoo|hotmail)\\.com$`,
        ),
      );
    });
    expect(new Set(mails).size).toBe(500);
    expect(() =>
      compileColumn(
        't',
        { ...columns[3]!, generator: { kind: 'email', first: 'user_id', last: 'last' } },
        params,
        dataset,
      ),
    ).toThrow('email needs "user_id": a text column of this table made by faker or choice');
  });

  it('unique int: a keyed permutation, every value different and in range, until the range runs out', () => {
    for (const n of [1, 2, 3, 5, 17, 1000, 4097]) {
      const drawn = values(
        { ...column({ kind: 'int64' }, { kind: 'int', min: 10, max: 9 + n }), unique: true },
        0,
        n,
      ) as number[];
      expect(new Set(drawn).size, `n = ${n}`).toBe(n);
      expect(drawn.every((v) => v >= 10 && v <= 9 + n)).toBe(true);
    }
    const def = { ...column({ kind: 'int64' }, { kind: 'int', min: 1, max: 100 }), unique: true };
    expect(values(def, 0, 100)).not.toEqual(Array.from({ length: 100 }, (_, i) => i + 1)); // shuffled, not a sequence
    expect(() => compileColumn('t', def, { ...params, tableRows: { t: 101 } })).toThrow(
      'unique needs 101 different values but min..max holds 100: widen the range',
    );
    expect(() =>
      compileColumn('t', { ...column({ kind: 'utf8' }, { kind: 'choice', values: ['a'] }), unique: true }, params),
    ).toThrow('generator "choice" cannot promise unique values');
  });

  it.each<[string, ColumnDefinition, RegExp]>([
    [
      'unknown faker data',
      column({ kind: 'utf8' }, { kind: 'faker', data: 'person.nope' }),
      /faker data "person.nope" is not a list of words/,
    ],
    [
      'bad weights',
      column({ kind: 'utf8' }, { kind: 'choice', values: ['a', 'b'], weights: [1, -1] }),
      /weights must be non-negative numbers/,
    ],
    [
      'bad zipf s',
      column({ kind: 'int64' }, { kind: 'zipf', min: 1, max: 9, s: 0 }),
      /zipf exponent s must be a positive number/,
    ],
    [
      'min > max',
      column({ kind: 'int64' }, { kind: 'int', min: 5, max: 1 }),
      /tables\.t\.columns\.c: min \(5\) must not be greater than max \(1\)/,
    ],
    [
      'wrong type',
      column({ kind: 'bool' }, { kind: 'int', min: 0, max: 1 }),
      /generator "int" cannot fill a bool column/,
    ],
    [
      'unknown kind',
      column({ kind: 'int64' }, { kind: 'nope' } as unknown as GeneratorSpec),
      /unknown generator "nope"/,
    ],
    ['empty choice', column({ kind: 'utf8' }, { kind: 'choice', values: [] }), /non-empty list/],
    [
      'bad placeholder',
      column({ kind: 'utf8' }, { kind: 'template', template: 'x{name}' }),
      /placeholder \{name\} is unknown/,
    ],
    ['bad probability', column({ kind: 'bool' }, { kind: 'bool', probability: 2 }), /probability must be from 0 to 1/],
    [
      'empty window',
      column({ kind: 'timestamp' }, { kind: 'timestamp', fromDays: 0, toDays: 0 }),
      /fromDays \(0\) must be less than toDays \(0\)/,
    ],
  ])('rejects %s with a DatasetError naming the column', (_, def, message) => {
    expect(() => compileColumn('t', def, params)).toThrow(DatasetError);
    expect(() => compileColumn('t', def, params)).toThrow(message);
  });
});

/**
 * A seeded case per generator: a column of a built-in dataset that uses it, and its first three values of
 * the run (seed 42, date 2026-01-01). A value changes only on purpose (with the dataset's version); a new
 * generator fails the completeness test below until it has its case here.
 */
/** The generators no built-in dataset uses yet (`gen init` writes them): one table of each. */
const ACCOUNTS = defineDataset({
  name: 'accounts',
  version: 1,
  description: 'generators for database schemas',
  tables: [
    {
      name: 'accounts',
      defaultRows: 100,
      primaryKey: ['id'],
      columns: [
        { name: 'id', type: { kind: 'uuid' }, generator: { kind: 'uuid' } },
        { name: 'ip', type: { kind: 'utf8' }, generator: { kind: 'ip' } },
        { name: 'bio', type: { kind: 'utf8' }, generator: { kind: 'words', min: 1, max: 3 } },
        { name: 'opens', type: { kind: 'time' }, generator: { kind: 'timeOfDay', from: '08:00', to: '18:00' } },
      ],
    },
  ],
});

const SEEDED: Record<
  GeneratorKind,
  [dataset: string | DatasetDefinition, table: string, column: string, values: unknown[]]
> = {
  sequence: ['items', 'items', 'id', [0, 1, 2]],
  int: ['items', 'items', 'quantity', [24, 93, 65]],
  float: ['items', 'items', 'value', [151.62, 733.38, 702.07]],
  choice: ['items', 'items', 'category', ['B', 'B', 'C']],
  bool: ['items', 'items', 'is_active', [1, 1, 1]],
  timestamp: ['items', 'items', 'created_at', [1767088384293, 1765843328226, 1765028854829]],
  template: ['items', 'items', 'name', ['Item 0', 'Item 1', 'Item 2']],
  normal: ['catalog', 'suppliers', 'rating', [3.4, 3.9, 3.1]],
  lognormal: ['transactions', 'transactions', 'amount', [139.64, 116.84, 68.33]],
  zipf: ['retail', 'order_items', 'quantity', [1, 1, 1]],
  reference: ['transactions', 'transactions', 'customer_id', ['C191', 'C687', 'C020']],
  faker: ['transactions', 'customers', 'first_name', ['Royal', 'Devyn', 'Milan']],
  email: [
    'transactions',
    'customers',
    'email',
    ['royal.upton1@yahoo.com', 'devyn.walsh2@hotmail.com', 'milan.yundt3@hotmail.com'],
  ],
  dayTime: ['retail', 'orders', 'ordered_at', [1767284579564, 1767299403143, 1767292162982]],
  parent: ['retail', 'order_items', 'order_id', [2716128, 2716128, 2716129]],
  childIndex: ['retail', 'order_items', 'line_no', [1, 2, 1]],
  parentColumn: ['shiny-rocks', 'payments', 'amount', [495, 297, 297]],
  lookup: ['shiny-rocks', 'services', 'user_id', [148112, 148112, 148112]],
  expr: ['retail', 'order_items', 'unit_price', [33.31, 13.28, 71.22]],
  uuid: [
    'ACCOUNTS',
    'accounts',
    'id',
    [
      '61c0ec24-f588-4149-a107-e479cffdeba8',
      '30868ea6-6d37-4760-b431-4252f43ef73a',
      '12703606-d1ff-49b0-9123-a242d7042d9c',
    ],
  ],
  ip: ['ACCOUNTS', 'accounts', 'ip', ['54.228.74.5', '142.47.12.45', '34.67.116.28']],
  words: ['ACCOUNTS', 'accounts', 'bio', ['tollo', 'at tonsor quidem', 'tamquam']],
  timeOfDay: ['ACCOUNTS', 'accounts', 'opens', [46641468, 42384931, 52455843]],
};

describe('every registered generator', () => {
  it('has a seeded case (a generator without one fails here)', () => {
    expect(Object.keys(SEEDED).sort()).toEqual([...GENERATOR_KINDS].sort());
  });

  it.each(Object.entries(SEEDED))(
    '%s: the same first values for the same seed',
    (kind, [name, tableName, columnName, expected]) => {
      const plan = planRun({
        dataset: name === 'ACCOUNTS' ? ACCOUNTS : name,
        seed: 42,
        date: '2026-01-01',
        workers: 0,
      });
      const table = plan.dataset.tables.find((t) => t.name === tableName)!;
      const column = table.columns.find((c) => c.name === columnName)!;
      expect(column.generator.kind).toBe(kind);
      const start = plan.slices.find((s) => s.name === tableName)!.start;
      const generator = compileColumn(tableName, column, plan.params, plan.dataset);
      const vector = generator.createVector(3);
      generator.fill(start, 3, vector);
      expect(decode(vector, 3)).toEqual(expected);
    },
  );
});

describe('generators for database schemas', () => {
  const fill = (def: ColumnDefinition, start: number, count: number): unknown[] => {
    const generator = compileColumn('t', def, params);
    const vector = generator.createVector(count);
    generator.fill(start, count, vector);
    return decode(vector, count);
  };

  it('uuid: version 4 text, different in every row, row N alike in any chunk', () => {
    const def = column({ kind: 'uuid' }, { kind: 'uuid' });
    const values = fill(def, 0, 20_000) as string[];
    expect(new Set(values).size).toBe(values.length);
    for (const v of values.slice(0, 100))
      expect(v).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fill(def, 12_345, 3)).toEqual(values.slice(12_345, 12_348));
  });

  it('ip: public IPv4 addresses, and /32 networks with cidr', () => {
    const values = fill(column({ kind: 'utf8' }, { kind: 'ip' }), 0, 2000) as string[];
    for (const v of values) {
      const octets = v.split('.').map(Number);
      expect(octets).toHaveLength(4);
      expect(octets.every((o) => o >= 0 && o <= 255)).toBe(true);
      expect([0, 10, 127, 192, 172].includes(octets[0]!) || octets[0]! >= 224).toBe(false);
    }
    expect(fill(column({ kind: 'utf8' }, { kind: 'ip', cidr: true }), 0, 1)[0]).toMatch(/^\d+\.\d+\.\d+\.\d+\/32$/);
  });

  it('words: min..max words separated by single spaces', () => {
    const values = fill(column({ kind: 'utf8' }, { kind: 'words', min: 2, max: 4 }), 0, 500) as string[];
    const counts = new Set(values.map((v) => v.split(' ').length));
    expect(counts).toEqual(new Set([2, 3, 4]));
    expect(values.every((v) => !v.includes('  ') && v.trim() === v)).toBe(true);
  });

  it('timeOfDay: inside [from, to)', () => {
    const values = fill(
      column({ kind: 'time' }, { kind: 'timeOfDay', from: '09:30', to: '10:00' }),
      0,
      1000,
    ) as number[];
    expect(Math.min(...values)).toBeGreaterThanOrEqual(9.5 * 3_600_000);
    expect(Math.max(...values)).toBeLessThan(10 * 3_600_000);
  });

  it('length cuts text to n characters, multi-byte ones whole', () => {
    const def = { ...column({ kind: 'utf8' }, { kind: 'choice', values: ['Zoë Æsir', 'ab'] }), length: 3 };
    expect(new Set(fill(def, 0, 100))).toEqual(new Set(['Zoë', 'ab']));
    const words = { ...column({ kind: 'utf8' }, { kind: 'words', min: 5, max: 5 }), length: 4 };
    expect((fill(words, 0, 100) as string[]).every((v) => [...v].length <= 4)).toBe(true);
  });

  it('a reference to a uuid key is a uuid of one of the parent rows', () => {
    const dataset = defineDataset({
      name: 'd',
      version: 1,
      description: '',
      tables: [
        {
          name: 'p',
          defaultRows: 50,
          primaryKey: ['id'],
          columns: [{ name: 'id', type: { kind: 'uuid' }, generator: { kind: 'uuid' } }],
        },
        {
          name: 'c',
          defaultRows: 500,
          columns: [{ name: 'p_id', type: { kind: 'uuid' }, generator: { kind: 'reference', table: 'p' } }],
        },
      ],
    });
    const plan = planRun({ dataset, seed: 3, date: '2026-01-01', workers: 0 });
    const valuesOf = (table: string, count: number): unknown[] => {
      const t = plan.dataset.tables.find((x) => x.name === table)!;
      const generator = compileColumn(table, t.columns[0]!, plan.params, plan.dataset);
      const vector = generator.createVector(count);
      generator.fill(0, count, vector);
      return decode(vector, count);
    };
    const parents = new Set(valuesOf('p', 50));
    const children = valuesOf('c', 500);
    expect(children.every((v) => parents.has(v))).toBe(true);
    expect(new Set(children).size).toBeGreaterThan(40);
  });
});

describe('keys of several columns', () => {
  const joined = (rows: number) =>
    defineDataset({
      name: 'k',
      version: 1,
      description: '',
      tables: [
        {
          name: 'a',
          defaultRows: 30,
          primaryKey: ['id'],
          columns: [{ name: 'id', type: { kind: 'int64' }, generator: { kind: 'sequence' } }],
        },
        {
          name: 'ab',
          defaultRows: rows,
          primaryKey: ['a_id', 'n'],
          columns: [
            { name: 'a_id', type: { kind: 'int64' }, generator: { kind: 'reference', table: 'a' } },
            { name: 'n', type: { kind: 'int64' }, generator: { kind: 'int', min: 1, max: 4 } },
          ],
        },
      ],
    });

  it('every row takes a different combination, each column still spread over its values', () => {
    const plan = planRun({ dataset: joined(120), seed: 5, date: '2026-01-01', workers: 0 });
    const table = plan.dataset.tables[1]!;
    const [ids, ns] = table.columns.map((c) => {
      const generator = compileColumn('ab', c, plan.params, plan.dataset);
      const vector = generator.createVector(120);
      generator.fill(0, 120, vector);
      return decode(vector, 120) as number[];
    });
    const pairs = new Set(ids!.map((id, i) => `${id}/${ns![i]}`));
    expect(pairs.size).toBe(120); // all 30 × 4 combinations, once each
    expect(new Set(ns)).toEqual(new Set([1, 2, 3, 4]));
  });

  it('a table gets at most one row per combination, however it is sized', () => {
    expect(planRun({ dataset: joined(500), seed: 5, date: '2026-01-01', workers: 0 }).params.tableRows).toEqual({
      a: 30,
      ab: 120,
    });
    // --rows 100 sizes ab (the largest) to 100 and a to 6: 24 combinations.
    expect(
      planRun({ dataset: joined(500), rows: 100, seed: 5, date: '2026-01-01', workers: 0 }).params.tableRows,
    ).toEqual({
      a: 6,
      ab: 24,
    });
  });
});

describe('children tables', () => {
  it.each([
    [0, 4],
    [0, 1],
    [0, 2],
    [1, 5],
    [3, 3],
  ])('perParent min %i max %i: every parent gets min..max children, numbered 1..k, in parent order', (min, max) => {
    const dataset = defineDataset({
      name: 'c',
      version: 1,
      description: '',
      tables: [
        {
          name: 'posts',
          defaultRows: 1000,
          primaryKey: ['id'],
          columns: [{ name: 'id', type: { kind: 'int64' }, generator: { kind: 'sequence' } }],
        },
        {
          name: 'comments',
          defaultRows: 0,
          shape: { kind: 'children', parent: 'posts', min, max },
          columns: [
            { name: 'post_id', type: { kind: 'int64' }, generator: { kind: 'parent' } },
            { name: 'n', type: { kind: 'int64' }, generator: { kind: 'childIndex' } },
          ],
        },
      ],
    });
    const plan = planRun({ dataset, seed: 8, date: '2026-01-01', workers: 0 });
    const slice = plan.slices.find((s) => s.name === 'comments')!;
    const table = plan.dataset.tables[1]!;
    const rows = slice.end - slice.start;
    const [parents, indexes] = table.columns.map((c) => {
      const generator = compileColumn('comments', c, plan.params, plan.dataset);
      const vector = generator.createVector(rows);
      // In two pieces, so that a chunk starting mid-parent is covered too.
      const cut = Math.floor(rows / 2) + 1;
      generator.fill(0, cut, vector);
      const head = decode(vector, cut) as number[];
      generator.fill(cut, rows - cut, vector);
      return [...head, ...(decode(vector, rows - cut) as number[])];
    });
    const perParent = new Map<number, number[]>();
    for (const [i, p] of parents!.entries()) perParent.set(p, [...(perParent.get(p) ?? []), indexes![i]!]);
    expect(Math.max(...parents!)).toBeLessThan(1000);
    expect(parents).toEqual([...parents!].sort((a, b) => a - b));
    for (const numbers of perParent.values()) {
      expect(numbers.length).toBeGreaterThanOrEqual(Math.max(min, 1));
      expect(numbers.length).toBeLessThanOrEqual(max);
      expect(numbers).toEqual(numbers.map((_, k) => k + 1));
    }
    // Parents without children are the share min 0 gives them (one count in max + 1; counts are shuffled
    // in blocks larger than these 1,000 parents, so the share holds within a few).
    const childless = 1000 - perParent.size;
    expect(Math.abs(childless - (min === 0 ? 1000 / (max + 1) : 0))).toBeLessThanOrEqual(20);
  });
});

describe('cross tables', () => {
  it('each row is its combination, the first table most significant, day after day, from any row', () => {
    const dim = (name: string, rows: number) => ({
      name,
      defaultRows: rows,
      primaryKey: [`${name}_id`],
      columns: [{ name: `${name}_id`, type: { kind: 'int64' }, generator: { kind: 'sequence', start: 1 } }] as const,
    });
    const dataset = defineDataset({
      name: 'x',
      version: 1,
      description: '',
      tables: [
        dim('stores', 3),
        dim('products', 7),
        {
          name: 'stock',
          defaultRows: 0,
          shape: { kind: 'cross', tables: ['stores', 'products'], daily: true },
          columns: [
            { name: 'store_id', type: { kind: 'int64' }, generator: { kind: 'parent', table: 'stores' } },
            { name: 'product_id', type: { kind: 'int64' }, generator: { kind: 'parent', table: 'products' } },
          ],
        },
      ],
    });
    const plan = planRun({ dataset, seed: 1, date: '2026-01-01', days: 3, workers: 0 });
    const slice = plan.slices.find((s) => s.name === 'stock')!;
    expect(slice.end - slice.start).toBe(3 * 21);
    const [stores, products] = plan.dataset.tables[2]!.columns.map((c) => {
      const generator = compileColumn('stock', c, plan.params, plan.dataset);
      const vector = generator.createVector(64);
      // From every row of the run, to its end: chunks start anywhere in a day, and cross days.
      return Array.from({ length: slice.end - slice.start }, (_, k) => {
        const count = slice.end - slice.start - k;
        generator.fill(slice.start + k, count, vector);
        return decode(vector, count) as number[];
      });
    });
    const expected = (i: number) => [Math.floor((i % 21) / 7) + 1, (i % 7) + 1];
    for (const [k, run] of stores!.entries()) {
      const got = run.map((store, j) => [store, products![k]![j]]);
      expect(got, `from row ${k}`).toEqual(got.map((_, j) => expected(k + j)));
    }
  });
});
