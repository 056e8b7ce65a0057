import { drawBelow, subKey } from '../random/counter-rng.ts';
import { checkRange } from './check.ts';
import type { GeneratorFactory, NumberVector } from './types.ts';
import { createNumberVector } from './vectors.ts';

/** A uniform integer in `[min, max]`, both inclusive. */
export const int: GeneratorFactory<{ min: number; max: number }> = (spec, context) => {
  const { min, max } = spec;
  checkRange(min, max, true, context);
  const n = max - min + 1;
  const key = context.key;
  const key2 = subKey(key, 1);
  return {
    createVector: createNumberVector,
    fill(start, count, out) {
      const values = (out as NumberVector).values;
      for (let i = 0; i < count; i++) values[i] = min + drawBelow(key, key2, start + i, n);
    },
  };
};
