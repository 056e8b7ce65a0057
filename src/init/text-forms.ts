import type { ColumnType } from '../dataset/types.ts';
import { type ColumnFacts, choiceOf, type Made, required, Unfillable } from './column-facts.ts';
import { otherType } from './other-types.ts';

/** Types gen writes as the text Postgres reads them (COPY casts): JSON, addresses, intervals, arrays… */
export function textForm(facts: ColumnFacts): Made | null {
  const { base, element, labels, kind } = facts.column.type;
  const type: ColumnType = { kind: 'utf8' };
  if (facts.rule.values !== undefined)
    return choiceOf(facts.rule.values, type, facts.rule.valuesWhy ?? 'one of the values its check allows');
  if (kind === 'e' && element === null && labels !== null)
    return choiceOf(
      labels.map((text) => ({ text, number: null })),
      type,
      `a label of enum ${base}`,
    );
  if (element !== null) return arrayOf(facts);
  const forms: Record<string, Made> = {
    json: {
      type,
      generator: { kind: 'template', template: '{"id": {id}}' },
      note: 'a small JSON object (edit the template)',
    },
    inet: { type, generator: { kind: 'ip' }, note: 'an IPv4 address' },
    cidr: { type, generator: { kind: 'ip', cidr: true }, note: 'an IPv4 host network' },
    bytea: { type, generator: { kind: 'template', template: '\\x{id:016}' }, note: "8 bytes in bytea's hex form" },
    interval: {
      type,
      generator: { kind: 'choice', values: ['15 minutes', '1 hour', '1 day', '7 days', '1 mon'] },
      note: 'an interval',
    },
    tsvector: {
      type,
      generator: { kind: 'words', min: 3, max: 12 },
      note: 'words: a tsvector is its lexemes separated by spaces',
    },
  };
  const form = forms[base === 'jsonb' ? 'json' : base];
  if (form !== undefined) return form;
  const other = otherType(base, facts.column.type.declared);
  if (other !== undefined) return { type, ...other };
  return unsupported(facts, `type ${facts.column.type.declared}`);
}

/** Arrays: a few literals in Postgres's array syntax, from the element type (`{}`, `{1,2}`, `{a,b}`). */
function arrayOf(facts: ColumnFacts): Made | null {
  const { element, labels, typmod } = facts.column.type;
  const texts = ['alpha', 'beta', 'gamma'];
  // `char(1)[]`: the element's length is the column's modifier (typmod - 4, as for the type itself).
  const cut =
    ['varchar', 'bpchar'].includes(element!) && typmod >= 4 ? texts.map((t) => t.slice(0, typmod - 4)) : texts;
  const items: readonly string[] | undefined =
    labels !== null
      ? labels.slice(0, 3)
      : (ARRAY_ITEMS[element!] ?? (['text', 'varchar', 'bpchar', 'citext'].includes(element!) ? cut : undefined));
  if (items === undefined) return unsupported(facts, `array type ${facts.column.type.declared}`);
  const values = ['{}', `{${items[0]}}`, `{${items.slice(0, 2).join(',')}}`, `{${items.join(',')}}`];
  return { type: { kind: 'utf8' }, generator: { kind: 'choice', values }, note: 'an array literal: edit the values' };
}

/** Literals of arrays' elements by the element type's internal name. */
const ARRAY_ITEMS: Readonly<Record<string, readonly string[]>> = {
  int2: ['1', '2', '3'],
  int4: ['1', '2', '3'],
  int8: ['1', '2', '3'],
  numeric: ['1.5', '2', '3.25'],
  float4: ['1.5', '2', '3.25'],
  float8: ['1.5', '2', '3.25'],
  bool: ['t', 'f', 't'],
  uuid: [
    '6f1c2a3e-8a1b-4c2d-9e3f-0a1b2c3d4e5f',
    '0b7e6d5c-4a3b-4c2d-8e1f-9a8b7c6d5e4f',
    '1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a',
  ],
  date: ['2025-01-01', '2025-06-15', '2026-01-01'],
  timestamp: ['2025-01-01 09:00:00', '2025-06-15 12:30:00', '2026-01-01 00:00:00'],
  timestamptz: ['2025-01-01 09:00:00+00', '2025-06-15 12:30:00+00', '2026-01-01 00:00:00+00'],
  inet: ['192.0.2.1', '198.51.100.7', '203.0.113.9'],
};

function unsupported(facts: ColumnFacts, what: string): Made | null {
  const where = `${facts.table}.${facts.column.name}`;
  if (facts.column.default !== null) return null;
  if (required(facts))
    throw new Unfillable(
      `${where} is NOT NULL and of ${what}, which gen cannot make: give it a DEFAULT (gen then leaves the column to it), or write the table in the schema file by hand (any text Postgres casts to the type)`,
    );
  return {
    type: { kind: 'utf8' },
    generator: { kind: 'choice', values: [''] },
    nullRate: 1,
    note: `${what}: gen cannot make it, always NULL`,
  };
}
