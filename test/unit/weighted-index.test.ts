import { describe, expect, it } from 'vitest';
import { drawU32 } from '../../src/random/counter-rng.ts';
import { indexOf, weightedIndex } from '../../src/random/weighted-index.ts';

/** The index by a scan from 0: what the guide table must give for every draw. */
function scanned(thresholds: Float64Array, u: number): number {
  let k = 0;
  while (u >= thresholds[k]!) k++;
  return k;
}

/** Draws that test the edges: 0, the largest, each threshold and the draws beside it, and random ones. */
function drawsFor(thresholds: Float64Array): number[] {
  const edges = [...thresholds].flatMap((t) => [t - 1, t, t + 1]).filter((u) => u >= 0 && u < 2 ** 32);
  const random = Array.from({ length: 20_000 }, (_, i) => drawU32(0x5eed, i));
  return [0, 2 ** 32 - 1, ...edges, ...random];
}

describe('weighted index', () => {
  const cases: Record<string, number[]> = {
    'one weight': [3],
    'two weights (orders.product_id)': [64, 36],
    'zero weights between and at the ends': [0, 5, 0, 0, 5, 0],
    '24 hours': [1, 1, 1, 1, 1, 2, 3, 5, 6, 7, 8, 8, 9, 8, 7, 7, 8, 9, 9, 8, 6, 4, 2, 1],
    'uneven shares': [1e-9, 1, 1e9, 2.5],
    '20,000 weights (more than the guide has buckets)': Array.from({ length: 20_000 }, (_, i) => (i % 13) + 1),
  };
  for (const [name, weights] of Object.entries(cases)) {
    it(`gives the index a scan from 0 gives: ${name}`, () => {
      const weighted = weightedIndex(weights);
      expect(weighted.thresholds.at(-1)).toBe(2 ** 32);
      for (const u of drawsFor(weighted.thresholds)) expect(indexOf(weighted, u)).toBe(scanned(weighted.thresholds, u));
    });
  }

  it('never chooses a weight of 0, and chooses by the weights', () => {
    const weighted = weightedIndex([0, 1, 0, 3]);
    const counts = [0, 0, 0, 0];
    for (let row = 0; row < 40_000; row++) counts[indexOf(weighted, drawU32(7, row))]!++;
    expect(counts[0]).toBe(0);
    expect(counts[2]).toBe(0);
    expect(counts[3]! / counts[1]!).toBeGreaterThan(2.8);
    expect(counts[3]! / counts[1]!).toBeLessThan(3.2);
  });
});
