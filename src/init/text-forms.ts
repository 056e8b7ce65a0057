import type { ColumnType } from '../dataset/types.ts';
import { type ColumnFacts, choiceOf, type Made, required, Unfillable } from './column-facts.ts';

/** Types gen writes as the text Postgres reads them (COPY casts): JSON, addresses, intervals, arrays… */
export function textForm(facts: ColumnFacts): Made | null {
  const { base, element, labels, kind } = facts.column.type;
  const type: ColumnType = { kind: 'utf8' };
  if (facts.rule.values !== undefined) return choiceOf(facts.rule.values, type, 'one of the values its check allows');
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
  return unsupported(facts, `type ${facts.column.type.declared}`);
}

/** Arrays: a few literals in Postgres's array syntax, from the element type (`{}`, `{1,2}`, `{a,b}`). */
function arrayOf(facts: ColumnFacts): Made | null {
  const { element, labels } = facts.column.type;
  const items: string[] | undefined =
    labels !== null
      ? labels.slice(0, 3)
      : ['int2', 'int4', 'int8', 'numeric', 'float4', 'float8'].includes(element!)
        ? ['1', '2', '3']
        : ['text', 'varchar', 'bpchar'].includes(element!)
          ? ['alpha', 'beta', 'gamma']
          : undefined;
  if (items === undefined) return unsupported(facts, `array type ${facts.column.type.declared}`);
  const values = ['{}', `{${items[0]}}`, `{${items.slice(0, 2).join(',')}}`, `{${items.join(',')}}`];
  return { type: { kind: 'utf8' }, generator: { kind: 'choice', values }, note: 'an array literal: edit the values' };
}

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
