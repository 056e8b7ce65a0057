import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../src/datasets/index.ts';
import { DatasetError } from '../../src/errors.ts';
import { parseSchema } from '../../src/schema/schema-file.ts';
import { schemaOf } from '../../src/schema/schema-print.ts';

const GOOD = `
name: shop
tables:
  orders:
    rows: 100
    primaryKey: [order_id]
    columns:
      order_id: { type: int64, generator: sequence, start: 1 }
      customer_id: { type: int64, generator: reference, table: customers, distribution: zipf }
  customers:
    rows: 10
    primaryKey: [customer_id]
    columns:
      customer_id: { type: int64, generator: sequence, start: 1 }
      segment: { type: utf8, generator: choice, values: [retail, pro], weights: [9, 1] }
`;

describe('schema files', () => {
  it.each(DATASETS.map((d) => d.name))('gen describe %s --format yaml reads back as the same dataset', (name) => {
    const dataset = DATASETS.find((d) => d.name === name)!;
    expect(parseSchema(schemaOf(dataset), `${name}.yaml`)).toEqual(JSON.parse(JSON.stringify(dataset)));
  });

  it('reads YAML and the same document as JSON', () => {
    const dataset = parseSchema(GOOD, 'shop.yaml');
    expect(dataset.tables.map((t) => t.name)).toEqual(['orders', 'customers']);
    expect(dataset.tables[0]!.columns[1]).toEqual({
      name: 'customer_id',
      type: { kind: 'int64' },
      generator: { kind: 'reference', table: 'customers', distribution: 'zipf' },
    });
    expect(parseSchema(JSON.stringify(parseRaw()), 'shop.json')).toEqual(dataset);
  });

  it.each<[string, string]>([
    [
      GOOD.replace('table: customers', 'table: customer'),
      'shop.yaml: tables.orders.columns.customer_id: references unknown table "customer"',
    ],
    [
      GOOD.replace('rows: 100', 'rows: many'),
      'shop.yaml: tables.orders.rows: must be a whole number of rows at scale 1, or { perDay: N }, { perParent: TABLE, min: N, max: N, weights: [W, …] } or { cross: [TABLES], daily: true } (got "many")',
    ],
    [
      GOOD.replace(
        'type: int64, generator: sequence, start: 1 }\n      customer_id',
        'type: int46, generator: sequence, start: 1 }\n      customer_id',
      ),
      'shop.yaml: tables.orders.columns.order_id.type: must be one of int64, float64, decimal(S), bool, utf8, timestamp, date, time, uuid (got "int46")',
    ],
    [
      GOOD.replace('generator: choice', 'generator: choise'),
      'shop.yaml: tables.customers.columns.segment.generator: must be one of sequence, int, float, choice',
    ],
    [
      GOOD.replace('weights: [9, 1]', 'weights: [9]'),
      'shop.yaml: tables.customers.columns.segment: weights must be a list of 2 numbers, one per value',
    ],
    [
      GOOD.replace('generator: choice', 'length: 0, generator: choice'),
      'shop.yaml: tables.customers.columns.segment.length: must be a whole number of characters, > 0',
    ],
    [
      GOOD.replace('generator: choice', 'sql: 7, generator: choice'),
      'shop.yaml: tables.customers.columns.segment.sql: must be a Postgres type name, e.g. integer or varchar(40)',
    ],
    [
      GOOD.replace('distribution: zipf', 'distribuion: zipf'),
      'shop.yaml: tables.orders.columns.customer_id: unknown key "distribuion"; expected type, generator, nullRate, nullable, nullWhen, unique, sql, length, table, distribution, s, q, column, follow',
    ],
    [
      GOOD.replace(
        'start: 1 }\n      segment',
        'start: 1 }\n      order_ref: { type: int64, generator: reference, table: orders }\n      segment',
      ),
      'shop.yaml: tables.customers.columns.order_ref: references "orders", which (directly or through other tables) references "customers": cycles of references are not allowed',
    ],
    [
      GOOD.replace('primaryKey: [customer_id]', 'primaryKey: [id]'),
      'shop.yaml: tables.customers.primaryKey: unknown column "id"',
    ],
    [`${GOOD}\n  customers:\n    rows: 1`, 'shop.yaml:17:3: duplicate key "customers"'],
    ['name: x\ntables: [a, b]', 'shop.yaml: tables: must be a map of tables'],
    ['just text', 'shop.yaml: (top level): must be a map of name, version, description, scales and tables'],
    ['', 'shop.yaml: (top level): must be a map'],
  ])('a broken file gets an exact, path-named error (%#)', (text, message) => {
    expect(() => parseSchema(text, 'shop.yaml')).toThrow(DatasetError);
    expect(() => parseSchema(text, 'shop.yaml')).toThrow(message);
  });

  it.each<[string, string]>([
    ['rows: { perDay: -5 }', 'shop.yaml: tables.orders.rows.perDay: must be a number of rows per day, >= 0'],
    ['rows: { perDay: 5, weekly: [1] }', 'shop.yaml: tables.orders.rows.weekly: must be 7 factors >= 0, Monday first'],
    [
      'rows: { perParent: nope, min: 1, max: 2 }',
      'shop.yaml: tables.orders.rows.perParent: references unknown table "nope"',
    ],
    [
      'rows: { perParent: customers, min: 3, max: 2 }',
      'shop.yaml: tables.orders.rows.min: min and max must be whole numbers',
    ],
    ['rows: { cross: [] }', 'shop.yaml: tables.orders.rows.cross: must list the tables to cross'],
  ])("a shape problem is named by the file's own keys: %s", (rows, message) => {
    expect(() => parseSchema(GOOD.replace('rows: 100', rows), 'shop.yaml')).toThrow(message);
  });

  it('an option of the wrong type is named with the type it needs', () => {
    expect(() => parseSchema(GOOD.replace('distribution: zipf', 'distribution: 5'), 'shop.yaml')).toThrow(
      'shop.yaml: tables.orders.columns.customer_id.distribution: must be a string (got 5)',
    );
  });

  it('random garbage and random mutations never fail with anything but a schema error', () => {
    let state = 12345;
    const next = (n: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    const alphabet = 'abc:{}[],-#&*!|>\'"\n \t0123456789.eE+tablesrowscolumnstypegenerator\\\u00e9\u{1F600}';
    const others: unknown[] = [];
    for (let i = 0; i < 3000; i++) {
      let text: string;
      if (i % 2 === 0) {
        text = Array.from({ length: next(80) }, () => alphabet[next(alphabet.length)]).join('');
      } else {
        const chars = [...GOOD];
        for (let k = next(6) + 1; k > 0; k--)
          chars.splice(next(chars.length), next(3), ...(next(2) === 0 ? [alphabet[next(alphabet.length)]!] : []));
        text = chars.join('');
      }
      try {
        parseSchema(text, 'fuzz.yaml');
      } catch (error) {
        if (!(error instanceof DatasetError)) others.push({ text, error: String(error) });
      }
    }
    expect(others).toEqual([]);
  });
});

/** GOOD as a plain object, as a JSON schema file would hold it. */
function parseRaw(): unknown {
  return {
    name: 'shop',
    tables: {
      orders: {
        rows: 100,
        primaryKey: ['order_id'],
        columns: {
          order_id: { type: 'int64', generator: 'sequence', start: 1 },
          customer_id: { type: 'int64', generator: 'reference', table: 'customers', distribution: 'zipf' },
        },
      },
      customers: {
        rows: 10,
        primaryKey: ['customer_id'],
        columns: {
          customer_id: { type: 'int64', generator: 'sequence', start: 1 },
          segment: { type: 'utf8', generator: 'choice', values: ['retail', 'pro'], weights: [9, 1] },
        },
      },
    },
  };
}
