import { describe, expect, it } from 'vitest';
import { zipfSampler } from '../../src/random/zipf-sampler.ts';

describe('Zipf sampler', () => {
  // The built-in datasets' laws (shiny-rocks' users, retail's quantities and products), and the edges: one
  // rank, s below 1/2 (X'' falls with X), s = 1, steep s, q between 0 and 1.
  const laws: [n: number, s: number, q: number][] = [
    [200_000, 0.8, 2000],
    [10, 1.5, 0],
    [1000, 1.2, 0],
    [5000, 1, 50],
    [1, 1, 0],
    [2, 0.3, 0],
    [100_000, 0.4, 0],
    [50, 3, 0.5],
    [1e9, 1.1, 0],
  ];
  for (const [n, s, q] of laws) {
    it(`draws the ranks of the exact inverse: n ${n}, s ${s}, q ${q}`, () => {
      const fast = zipfSampler(99, n, s, q);
      const exact = zipfSampler(99, n, s, q, false);
      let differ = 0;
      for (let row = 0; row < 300_000; row++) if (fast(row) !== exact(row)) differ++;
      expect(differ).toBe(0);
    });
  }
});
