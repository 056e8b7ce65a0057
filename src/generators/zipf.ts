import { zipfSampler } from '../random/zipf-sampler.ts';
import { createNumberVector, type NumberVector } from '../vectors/column-vector.ts';
import { check, checkRange } from './check.ts';
import type { GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/**
 * An integer in [min, max] with `min` the most frequent: P(min + k - 1) ∝ (k + q)^-s (popularity, Zipf's
 * law; q > 0 flattens the head).
 */
const create: GeneratorFactory<SpecOf<'zipf'>> = (spec, context) => {
  const { min, max, s = 1, q = 0 } = spec;
  checkRange(min, max, true, context);
  check(Number.isFinite(s) && s > 0, context, `zipf exponent s must be a positive number (got ${s})`);
  check(Number.isFinite(q) && q >= 0, context, `q must be a number >= 0 (got ${q})`);
  const rank = zipfSampler(context.key, max - min + 1, s, q);
  return {
    createVector: createNumberVector,
    fill(start, count, out) {
      const values = (out as NumberVector).values;
      for (let i = 0; i < count; i++) values[i] = min + rank(start + i) - 1;
    },
  };
};

export const zipf: GeneratorRegistration<'zipf'> = {
  kind: 'zipf',
  options: {
    min: { type: 'number', required: true },
    max: { type: 'number', required: true },
    s: { type: 'number', required: false },
    q: { type: 'number', required: false },
  },
  types: ['int64'],
  unique: false,
  create,
};
