import { type StreamKey, drawBelow, subKey } from '../random/counter-rng.ts';
import { checkRange } from './check.ts';
import type { ColumnGenerator, GeneratorFactory, NumberVector } from './types.ts';
import { createNumberVector } from './vectors.ts';

/** A generator of `min + k`, k uniform in [0, n): shared by `int` and `timestamp`. */
export function uniformInteger(key: StreamKey, min: number, n: number): ColumnGenerator {
  const key2 = subKey(key, 1);
  return {
    createVector: createNumberVector,
    fill(start, count, out) {
      const values = (out as NumberVector).values;
      for (let i = 0; i < count; i++) values[i] = min + drawBelow(key, key2, start + i, n);
    },
  };
}

/** A uniform integer in `[min, max]`, both inclusive. */
export const int: GeneratorFactory<{ min: number; max: number }> = (spec, context) => {
  const { min, max } = spec;
  checkRange(min, max, true, context);
  return uniformInteger(context.key, min, max - min + 1);
};
