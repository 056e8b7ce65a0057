import { describe, expect, it } from 'vitest';
import type { ColumnDefinition, GeneratorSpec } from '../../src/dataset/types.ts';
import { boundedNumber, boundedTime } from '../../src/init/bounds.ts';
import { checkRules, noRules, parseBound, parseCheck, partitionBound } from '../../src/init/check-rules.ts';
import { splitPair } from '../../src/init/pairs.ts';

/** The rules of CHECK definitions as `pg_get_constraintdef` prints them. */
async function rulesOf(...definitions: string[]) {
  const rules = noRules();
  const checks = await Promise.all(
    definitions.map(async (d, i) => ({ name: `c${i}`, expression: await parseCheck(d) })),
  );
  checkRules(rules, checks);
  return rules;
}

const boundOf = async (text: string) => partitionBound(await parseBound(text));

describe('CHECK constraints read with the PostgreSQL parser', () => {
  it('comparisons with constants bound a column, either side, through casts', async () => {
    const rules = await rulesOf(
      'CHECK ((price > (0)::numeric))',
      "CHECK (('-5'::integer <= delta))",
      'CHECK ((qty < 100))',
    );
    expect(rules.columns.get('price')?.min).toEqual({ value: { text: '0', number: 0 }, exclusive: true });
    expect(rules.columns.get('delta')?.min).toEqual({ value: { text: '-5', number: -5 }, exclusive: false });
    expect(rules.columns.get('qty')?.max).toEqual({ value: { text: '100', number: 100 }, exclusive: true });
    expect(rules.unhandled).toEqual([]);
  });

  it('BETWEEN, IN (as = ANY (ARRAY[…])), length(), IS NOT NULL in an OR, and column pairs', async () => {
    const rules = await rulesOf(
      'CHECK (((n >= 1) AND (n <= 20)))',
      "CHECK (((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])))",
      'CHECK ((length(name) > 3))',
      "CHECK ((((status)::text <> 'shipped'::text) OR (shipped_at IS NOT NULL)))",
      'CHECK ((starts_at < ends_at))',
      'CHECK ((sender <> receiver))',
      'CHECK ((b >= a))',
      "CHECK ((d BETWEEN '2020-01-01'::date AND '2020-12-31'::date))",
    );
    expect(rules.columns.get('n')).toMatchObject({ min: { value: { number: 1 } }, max: { value: { number: 20 } } });
    expect(rules.columns.get('status')?.values?.map((v) => v.text)).toEqual(['a', 'b']);
    expect(rules.columns.get('name')?.minLength).toBe(4);
    expect(rules.columns.get('shipped_at')?.notNull).toBe(true);
    expect(rules.columns.get('d')).toMatchObject({
      min: { value: { text: '2020-01-01' } },
      max: { value: { text: '2020-12-31' } },
    });
    expect(rules.pairs.map((p) => `${p.a} ${p.op} ${p.b}`)).toEqual([
      'starts_at < ends_at',
      'sender <> receiver',
      'a <= b',
    ]);
    expect(rules.unhandled).toEqual([]);
  });

  it('a domain check on VALUE applies to its column; a form it cannot read is named', async () => {
    const rules = noRules();
    checkRules(rules, [{ name: 'positive', expression: await parseCheck('CHECK ((VALUE > (0)::numeric))') }], 'price');
    const like = await parseCheck("CHECK (((VALUE)::text ~~ '%@%'::text))");
    checkRules(rules, [{ name: 'email_like', expression: like }], 'email');
    expect(rules.columns.get('price')?.min?.value.number).toBe(0);
    expect(rules.unhandled).toEqual(['email_like']);
  });

  it('partition bounds: ranges (MINVALUE/MAXVALUE open), lists, DEFAULT', async () => {
    expect(await boundOf("FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00')")).toEqual({
      kind: 'range',
      from: { text: '2026-01-01 00:00:00+00', number: null },
      to: { text: '2026-02-01 00:00:00+00', number: null },
    });
    expect(await boundOf('FOR VALUES FROM (MINVALUE) TO (100)')).toMatchObject({
      kind: 'range',
      from: null,
      to: { number: 100 },
    });
    expect(await boundOf("FOR VALUES IN ('DE', 'FR')")).toMatchObject({
      kind: 'list',
      values: [{ text: 'DE' }, { text: 'FR' }],
    });
    expect(await boundOf('DEFAULT')).toEqual({ kind: 'other' });
  });
});

describe('bounds and pairs', () => {
  it('a guess is clamped into what the type and checks allow; an exclusive bound moves one step', async () => {
    const rules = await rulesOf('CHECK ((stock > 0))');
    const guess: GeneratorSpec = { kind: 'int', min: 0, max: 500 };
    expect(boundedNumber(guess, rules.columns.get('stock')!, [-32768, 32767], 0, false).generator).toEqual({
      kind: 'int',
      min: 1,
      max: 500,
    });
    const money = await rulesOf('CHECK ((price > (0)::numeric))');
    expect(boundedNumber(undefined, money.columns.get('price')!, [-99.99, 99.99], 2, false).generator).toEqual({
      kind: 'float',
      min: 0.01,
      max: 99.99,
    });
    expect(boundedNumber(undefined, {}, [-32768, 32767], 0, true).generator).toEqual({
      kind: 'int',
      min: 1,
      max: 32767,
    });
  });

  it('time bounds: whole days inside, the last day left out of an exclusive or timestamp bound', async () => {
    const rules = await rulesOf(
      "CHECK (((t >= '2026-01-01 00:00:00+00'::timestamp with time zone) AND (t < '2026-03-01 00:00:00+00'::timestamp with time zone)))",
    );
    expect(boundedTime(undefined, rules.columns.get('t')!, '2026-11-24')).toEqual({
      kind: 'timestamp',
      from: '2026-01-01',
      to: '2026-02-28',
    });
    const dates = await rulesOf("CHECK ((d <= '2026-03-01'::date))");
    expect(boundedTime(undefined, dates.columns.get('d')!, '2026-11-24', true)).toEqual({
      kind: 'timestamp',
      from: '2025-03-01',
      to: '2026-03-01',
    });
  });

  it('splitPair gives a < b windows that do not overlap, or keeps windows that already hold', () => {
    const col = (generator: GeneratorSpec): ColumnDefinition => ({ name: 'x', type: { kind: 'timestamp' }, generator });
    expect(
      splitPair(
        col({ kind: 'timestamp', fromDays: -30, toDays: 0 }),
        col({ kind: 'timestamp', fromDays: -30, toDays: 0 }),
      ),
    ).toEqual([
      { kind: 'timestamp', fromDays: -30, toDays: -15 },
      { kind: 'timestamp', fromDays: -15, toDays: 0 },
    ]);
    const before = { kind: 'timestamp', fromDays: -30, toDays: -10 } as const;
    const after = { kind: 'timestamp', fromDays: -10, toDays: 0 } as const;
    expect(splitPair(col(before), col(after))).toEqual([before, after]);
    const num = (generator: GeneratorSpec): ColumnDefinition => ({
      name: 'n',
      type: { kind: 'decimal', scale: 2 },
      generator,
    });
    const [a, b] = splitPair(num({ kind: 'float', min: 0, max: 1 }), num({ kind: 'float', min: 0, max: 1 }))! as {
      max: number;
      min: number;
    }[];
    expect(a!.max).toBeLessThan(b!.min);
    expect(
      splitPair(
        col({ kind: 'timestamp', fromDays: -1, toDays: 0 }),
        col({ kind: 'timestamp', fromDays: -1, toDays: 0 }),
      ),
    ).toBeNull();
  });
});
