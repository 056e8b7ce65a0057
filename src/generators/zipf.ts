import { zipfSampler } from '../random/zipf-sampler.ts';
import { check, checkRange } from './check.ts';
import type { GeneratorFactory, NumberVector } from './types.ts';
import { createNumberVector } from './vectors.ts';

/** An integer in [min, max] with `min` the most frequent: P(min + k - 1) ∝ k^-s (popularity, Zipf's law). */
export const zipf: GeneratorFactory<{ min: number; max: number; s?: number }> = (spec, context) => {
  const { min, max, s = 1 } = spec;
  checkRange(min, max, true, context);
  check(Number.isFinite(s) && s > 0, context, `zipf exponent s must be a positive number (got ${s})`);
  const rank = zipfSampler(context.key, max - min + 1, s);
  return {
    createVector: createNumberVector,
    fill(start, count, out) {
      const values = (out as NumberVector).values;
      for (let i = 0; i < count; i++) values[i] = min + rank(start + i) - 1;
    },
  };
};
