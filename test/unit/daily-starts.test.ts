import { describe, expect, it } from 'vitest';
import { dailyStarts, EPOCH_DAY, rowsOnDay } from '../../src/dataset/row-space.ts';
import type { DailyShape } from '../../src/dataset/types.ts';
import { dayOf } from '../../src/dates.ts';

/** The starts as the plain sum of `rowsOnDay` from EPOCH_DAY (what `dailyStarts` must equal). */
function summed(shape: DailyShape, scale: number, from: number, to: number): number[] {
  let start = 0;
  for (let day = EPOCH_DAY; day < from; day++) start += rowsOnDay(shape, scale, day);
  const starts = [start];
  for (let day = from; day <= to; day++) {
    start += rowsOnDay(shape, scale, day);
    starts.push(start);
  }
  return starts;
}

const SHAPES: DailyShape[] = [
  { kind: 'daily', rows: 806, yearly: { amplitude: 0.2, peakDay: 181 } },
  {
    kind: 'daily',
    rows: 5000,
    weekly: [1, 1, 1, 1, 1.3, 1.6, 0.8],
    yearly: { amplitude: 0.35, peakDay: 350 },
    growth: 0.12,
  },
  { kind: 'daily', rows: 3, growth: -0.05 },
];

describe('dailyStarts', () => {
  // Each year's first day is found once: a wrong year start moves the yearly curve by a day, which changes
  // some day's rounded count, in leap years (2000, 2024, 2096) and across century years (2100).
  const ranges = [
    ['2000-01-01', '2002-03-01'],
    ['2024-02-27', '2025-12-31'],
    ['2099-12-30', '2101-01-02'],
  ];
  for (const [i, shape] of SHAPES.entries())
    for (const [a, b] of ranges)
      it(`equals the sum of rowsOnDay from 2000 (shape ${i}, ${a} .. ${b})`, () => {
        const from = dayOf(Date.parse(a!));
        const to = dayOf(Date.parse(b!));
        expect(dailyStarts(shape, 1.5, from, to)).toEqual(summed(shape, 1.5, from, to));
      });
});
