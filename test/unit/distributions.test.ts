import { describe, expect, it } from 'vitest';
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
