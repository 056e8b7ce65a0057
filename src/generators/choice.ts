import { drawBelow, subKey } from '../random/counter-rng.ts';
import { check } from './check.ts';
import type { DictVector, GeneratorFactory } from './types.ts';
import { createDictVector } from './vectors.ts';

/** One of `values`, each equally likely. */
export const choice: GeneratorFactory<{ values: readonly string[] }> = (spec, context) => {
  const { values } = spec;
  check(Array.isArray(values) && values.length > 0, context, 'choice needs a non-empty list of values');
  check(values.every((v) => typeof v === 'string'), context, 'choice values must be strings');
  const dictionary = [...values];
  const key = context.key;
  const key2 = subKey(key, 1);
  const n = dictionary.length;
  return {
    createVector: (capacity) => createDictVector(capacity, dictionary),
    fill(start, count, out) {
      const codes = (out as DictVector).codes;
      for (let i = 0; i < count; i++) codes[i] = drawBelow(key, key2, start + i, n);
    },
  };
};
