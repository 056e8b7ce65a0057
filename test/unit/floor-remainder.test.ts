import { describe, expect, it } from 'vitest';
import { floorRemainder32 } from '../../src/generators/expr/compile.ts';
import { drawU32 } from '../../src/random/counter-rng.ts';

describe('the expression % on 32-bit integers', () => {
  it('is ((a % b) + b) % b on doubles, zero signs included', () => {
    const edges = [0, -0, 1, -1, 2, -2, 3, -3, 6, -6, 7, -7, 2 ** 31 - 1, -(2 ** 31), 2 ** 31 - 2, -(2 ** 31) + 1];
    const random = Array.from({ length: 400 }, (_, i) => drawU32(11, i) | 0);
    const small = Array.from({ length: 41 }, (_, i) => i - 20);
    const values = [...edges, ...random, ...small];
    let compared = 0;
    for (const a of values)
      for (const b of values) {
        if (b === 0) continue;
        const expected = ((a % b) + b) % b;
        const got = floorRemainder32(a, b);
        if (!Object.is(got, expected))
          expect.fail(
            `${a} % ${b}: ${Object.is(got, -0) ? '-0' : got}, not ${Object.is(expected, -0) ? '-0' : expected}`,
          );
        compared++;
      }
    expect(compared).toBeGreaterThan(200_000);
  });
});
