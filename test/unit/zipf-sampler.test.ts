import { describe, expect, it } from 'vitest';
import { interpolated, zipfLaw, zipfSampler } from '../../src/random/zipf-sampler.ts';

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
    it(`gives the exact inverse's rank and quick accept right beside every rank's edge: n ${n}, s ${s}, q ${q}`, () => {
      const law = zipfLaw(n, s, q);
      const line = interpolated(law);
      const exact = law.hIntegralInverse;
      const low = Math.min(law.hIntegralN, law.hIntegralX1);
      const high = Math.max(law.hIntegralN, law.hIntegralX1);
      const decide = (inverse: (u: number) => number, u: number): string => {
        const x = inverse(u) - q;
        const k = Math.min(Math.max(Math.floor(x + 0.5), 1), n);
        return `${k} ${k - x <= law.sBound}`;
      };
      // The draw u where the exact x crosses each of up to 2,000 rank edges (k + 0.5, bisected: x rises with
      // u), then draws beside it at distances from a knot's spacing down to a few ulps, on both sides.
      const edges = Math.min(n - 1, 2000);
      let checked = 0;
      for (let e = 1; e <= edges; e++) {
        const edge = Math.round((e * (n - 1)) / edges) + 0.5;
        let [a, b] = [low, high];
        for (let i = 0; i < 200 && b - a > 0; i++) {
          const mid = (a + b) / 2;
          if (mid === a || mid === b) break;
          if (exact(mid) - q < edge) a = mid;
          else b = mid;
        }
        for (let j = 0; j <= 48; j += 2)
          for (const u of [a - (high - low) * 2 ** -(12 + j), b + (high - low) * 2 ** -(12 + j), a, b]) {
            if (u < low || u > high) continue;
            if (decide(line, u) !== decide(exact, u)) expect.fail(`u ${u}: ${decide(line, u)} not ${decide(exact, u)}`);
            checked++;
          }
      }
      expect(checked).toBeGreaterThanOrEqual(10 * edges);
    });

    it(`draws the ranks of the exact inverse: n ${n}, s ${s}, q ${q}`, () => {
      const fast = zipfSampler(99, n, s, q);
      const exact = zipfSampler(99, n, s, q, false);
      let differ = 0;
      for (let row = 0; row < 300_000; row++) if (fast(row) !== exact(row)) differ++;
      expect(differ).toBe(0);
    });
  }
});
