import { describe, expect, it } from 'vitest';
import { writeDayFirst } from '../../src/bytes/byte-writer.ts';
import { parseInstant } from '../../src/check/classify.ts';
import { dailyTally } from '../../src/check/daily-volumes.ts';
import { chiSquareP, nullShareP } from '../../src/check/distributions.ts';

describe('the distribution tests of gen check', () => {
  it('chi-square p-values match the tables (df 1, 4, 9 at their 5% and 0.1% points)', () => {
    // observed against equal weights whose statistic is the critical value: 3.841 (df 1), 9.488 (df 4), 16.919 (df 9).
    const at = (statistic: number, df: number): number => {
      const n = 1_000_000;
      const k = df + 1;
      const e = n / k;
      const d = Math.sqrt((statistic * e) / 2);
      const observed = Array.from({ length: k }, (_, i) => (i === 0 ? e + d : i === 1 ? e - d : e));
      return chiSquareP(observed, Array(k).fill(1));
    };
    expect(at(3.841, 1)).toBeCloseTo(0.05, 3);
    expect(at(9.488, 4)).toBeCloseTo(0.05, 3);
    expect(at(16.919, 9)).toBeCloseTo(0.05, 3);
    expect(at(10.828, 1)).toBeCloseTo(0.001, 4);
    expect(chiSquareP([250, 250, 500], [1, 1, 2])).toBe(1);
  });

  it('the NULL share test is two-sided: 1.96 standard deviations off is p = 0.05', () => {
    const n = 100_000;
    const sd = Math.sqrt(n * 0.1 * 0.9);
    expect(nullShareP(Math.round(n * 0.1 + 1.96 * sd + 0.5), n, 0.1)).toBeCloseTo(0.05, 2);
    expect(nullShareP(Math.round(n * 0.1 - 1.96 * sd - 0.5), n, 0.1)).toBeCloseTo(0.05, 2);
    expect(nullShareP(10_000, n, 0.1)).toBe(1);
  });
});

describe('dates as gen check reads them', () => {
  it('takes ISO 8601 dates and instants with any offset, and refuses day-first dates', () => {
    expect(parseInstant('2024-03-05T14:05:09.123Z')).toBe(Date.UTC(2024, 2, 5, 14, 5, 9, 123));
    expect(parseInstant('2024-03-05 14:05:09+00')).toBe(Date.UTC(2024, 2, 5, 14, 5, 9));
    expect(parseInstant('2024-03-05 14:05:09.5+05:30')).toBe(Date.UTC(2024, 2, 5, 8, 35, 9, 500));
    expect(parseInstant('2024-03-05T14:05-0100')).toBe(Date.UTC(2024, 2, 5, 15, 5));
    expect(parseInstant('2024-03-05')).toBe(Date.UTC(2024, 2, 5));
    for (const text of ['05/03/2024', '05/03/2024 14:05:09', '2024-13-05', 'March 5, 2024', ''])
      expect(parseInstant(text), text).toBeNaN();
  });

  it('--dirty writes a malformed date day first, from the same instant', () => {
    const buf = new Uint8Array(32);
    const ms = Date.UTC(2024, 11, 31, 14, 5, 9, 250);
    expect(new TextDecoder().decode(buf.subarray(0, writeDayFirst(buf, 0, ms, true)))).toBe('31/12/2024 14:05:09');
    expect(new TextDecoder().decode(buf.subarray(0, writeDayFirst(buf, 0, ms, false)))).toBe('31/12/2024');
  });
});

describe('rows per day against a daily table curve', () => {
  const table = {
    name: 'orders',
    defaultRows: 0,
    shape: { kind: 'daily', rows: 1000, weekly: [1, 1, 1, 1, 1.4, 0.6, 0.6] },
    columns: [{ name: 'at', type: { kind: 'timestamp' }, generator: { kind: 'dayTime' } }],
  } as const;
  const first = Date.UTC(2024, 0, 1); // a Monday
  const fill = (perDay: (day: number) => number) => {
    const tally = dailyTally(table as never, Number.POSITIVE_INFINITY)!;
    for (let day = 0; day < 28; day++)
      for (let i = 0; i < perDay(day); i++) tally.add(new Date(first + day * 86_400_000 + i).toISOString());
    return tally.verdict();
  };
  const curve = (day: number): number => Math.round(3000 * table.shape.weekly[day % 7]!);

  it('passes rows on the curve at any scale, and names a thin day', () => {
    expect(fill(curve)).toBeNull();
    expect(fill((day) => curve(day) / 3)).toBeNull();
    expect(fill((day) => (day === 10 ? curve(day) / 2 : curve(day)))).toMatch(
      /2024-01-11 has 1500, about 29\d\d expected/,
    );
  });

  it('counts a day with no rows as a day off the curve', () => {
    expect(fill((day) => (day === 3 ? 0 : curve(day)))).toMatch(/2024-01-04 has 0, .*; 1 day without rows/);
  });

  it('leaves out days from --date on, and tables without a daily shape', () => {
    const tally = dailyTally(table as never, first + 86_400_000)!;
    tally.add(new Date(first).toISOString());
    tally.add(new Date(first + 5 * 86_400_000).toISOString());
    expect(tally.verdict()).toBeNull();
    expect(dailyTally({ ...table, shape: undefined } as never, 0)).toBeNull();
  });
});
