import { describe, expect, it } from 'vitest';
import {
  drawBelow,
  drawU32,
  drawUnit,
  FNV_OFFSET,
  fillBelow,
  fnvStep,
  foldName,
  hashString,
  mix32,
  seedKey,
  streamKey,
  subKey,
} from '../../src/random/counter-rng.ts';

describe('counter-based randomness', () => {
  it('mix32 is lowbias32 (reference values computed from the C definition)', () => {
    // lowbias32(1) and lowbias32(0xdeadbeef) by the published constants 0x7feb352d / 0x846ca68b.
    const reference = (x: number): number => {
      let v = BigInt(x >>> 0);
      const m = (a: bigint, b: bigint): bigint => (a * b) & 0xffffffffn;
      v ^= v >> 16n;
      v = m(v, 0x7feb352dn);
      v ^= v >> 15n;
      v = m(v, 0x846ca68bn);
      v ^= v >> 16n;
      return Number(v);
    };
    for (const x of [0, 1, 2, 0xdeadbeef, 0xffffffff, 123456789]) expect(mix32(x)).toBe(reference(x));
  });

  it('is a pure function of (key, row): same inputs, same draw, in any order', () => {
    const key = streamKey(42, 'items', 'value');
    const forward = Array.from({ length: 1000 }, (_, row) => drawU32(key, row));
    const backward = Array.from({ length: 1000 }, (_, i) => drawU32(key, 999 - i)).reverse();
    expect(backward).toEqual(forward);
  });

  it('separates seeds, tables, columns and sub-streams', () => {
    const keys = [
      streamKey(1, 't', 'a'),
      streamKey(2, 't', 'a'),
      streamKey(1, 'u', 'a'),
      streamKey(1, 't', 'b'),
      subKey(streamKey(1, 't', 'a'), 1),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(streamKey(2 ** 40, 't')).not.toBe(streamKey(0, 't')); // the high word of a seed counts
    expect(hashString('items')).not.toBe(hashString('itemz'));
  });

  it('hashes names code unit by code unit (bench/rng-stream.ts folds column names without building them)', () => {
    const folded = (text: string): number => mix32([...text].reduce((h, c) => fnvStep(h, c.charCodeAt(0)), FNV_OFFSET));
    for (const name of ['c0', 'c9', 'c10', 'c123456789', 'items']) expect(folded(name)).toBe(hashString(name));
  });

  it('folds names one at a time, so a table key is the prefix of its column keys (bench/rng-stream.ts relies on it)', () => {
    for (const column of ['c0', 'c1', 'value', 'c123456']) {
      expect(streamKey(42, 'items', column)).toBe(foldName(streamKey(42, 'items'), hashString(column)));
      expect(streamKey(7 + 2 ** 40, 'items', column)).toBe(
        foldName(foldName(seedKey(7 + 2 ** 40), hashString('items')), hashString(column)),
      );
    }
  });

  it('reaches rows beyond 2^32 with distinct draws', () => {
    const key = streamKey(7, 'x');
    expect(drawU32(key, 2 ** 32 + 5)).not.toBe(drawU32(key, 5));
    expect(drawU32(key, 2 ** 53 - 1)).toBeGreaterThanOrEqual(0);
  });

  it('is uniform: chi-square over 64 buckets of 2^16 draws stays in the 99.9% band', () => {
    const key = streamKey(1337, 'uniformity');
    const buckets = new Array<number>(64).fill(0);
    const n = 65536;
    for (let row = 0; row < n; row++) buckets[Math.floor(drawUnit(key, row) * 64)]!++;
    const expected = n / 64;
    const chi2 = buckets.reduce((sum, b) => sum + (b - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(103.4); // chi-square, 63 degrees of freedom, p = 0.001
  });

  it('has no visible correlation between adjacent rows or between columns', () => {
    const a = streamKey(42, 't', 'a');
    const b = streamKey(42, 't', 'b');
    const n = 100_000;
    const corr = (f: (row: number) => [number, number]): number => {
      let sx = 0,
        sy = 0,
        sxy = 0,
        sxx = 0,
        syy = 0;
      for (let row = 0; row < n; row++) {
        const [x, y] = f(row);
        sx += x;
        sy += y;
        sxy += x * y;
        sxx += x * x;
        syy += y * y;
      }
      return (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
    };
    expect(Math.abs(corr((row) => [drawUnit(a, row), drawUnit(a, row + 1)]))).toBeLessThan(0.015);
    expect(Math.abs(corr((row) => [drawUnit(a, row), drawUnit(b, row)]))).toBeLessThan(0.015);
  });

  it('drawBelow stays in [0, n) and reaches every value of small and large ranges', () => {
    const key = streamKey(1, 'below');
    const key2 = subKey(key, 1);
    const seen = new Set<number>();
    for (let row = 0; row < 5000; row++) {
      const v = drawBelow(key, key2, row, 10);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(10);
      seen.add(v);
    }
    expect(seen.size).toBe(10);
    const big = 3e9; // above 2^21: two draws, 53 bits
    let max = 0;
    for (let row = 0; row < 5000; row++) max = Math.max(max, drawBelow(key, key2, row, big));
    expect(max).toBeLessThan(big);
    expect(max).toBeGreaterThan(big * 0.99);
  });

  it('fillBelow writes offset + drawBelow of every row, for one-draw and two-draw ranges, into either array', () => {
    const key = streamKey(7, 'fill');
    const key2 = subKey(key, 1);
    const start = 2 ** 32 - 100; // rows on both sides of 2^32, where drawU32 folds the high half in
    for (const n of [1, 10, 2097152, 2097153, 2.6e9]) {
      const values = new Float64Array(300);
      fillBelow(values, start, 300, key, key2, n, 1000);
      for (let i = 0; i < 300; i++) expect(values[i]).toBe(1000 + drawBelow(key, key2, start + i, n));
    }
    const codes = new Uint32Array(50).fill(99);
    fillBelow(codes, 5, 40, key, key2, 7);
    expect([...codes.subarray(0, 40)]).toEqual(Array.from({ length: 40 }, (_, i) => drawBelow(key, key2, 5 + i, 7)));
    expect(codes[40]).toBe(99); // nothing past count
  });
});
