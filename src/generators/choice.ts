import { drawBelow, drawU32, subKey } from '../random/counter-rng.ts';
import { check } from './check.ts';
import type { DictVector, GeneratorFactory } from './types.ts';
import { createDictVector } from './vectors.ts';

const TWO_POW_32 = 4294967296;

/**
 * Cumulative thresholds on a 32-bit draw: value i is chosen when `thresholds[i-1] <= u < thresholds[i]`,
 * so each value's probability is its weight's share, to 2^-32.
 */
function thresholdsOf(weights: readonly number[]): Float64Array {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let running = 0;
  return Float64Array.from(weights, (w) => {
    running += w;
    return Math.round((running / total) * TWO_POW_32);
  });
}

/** One of `values`, each equally likely, or in proportion to `weights`. */
export const choice: GeneratorFactory<{ values: readonly string[]; weights?: readonly number[] }> = (spec, context) => {
  const { values, weights } = spec;
  check(Array.isArray(values) && values.length > 0, context, 'choice needs a non-empty list of values');
  check(values.every((v) => typeof v === 'string'), context, 'choice values must be strings');
  const dictionary = [...values];
  const key = context.key;
  const key2 = subKey(key, 1);
  const n = dictionary.length;
  if (weights !== undefined) {
    check(Array.isArray(weights) && weights.length === n, context, `weights must be a list of ${n} numbers, one per value`);
    check(weights.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0) && weights.some((w) => w > 0), context, 'weights must be non-negative numbers, not all 0');
    const thresholds = thresholdsOf(weights);
    return {
      createVector: (capacity) => createDictVector(capacity, dictionary),
      fill(start, count, out) {
        const codes = (out as DictVector).codes;
        for (let i = 0; i < count; i++) {
          const u = drawU32(key, start + i);
          let k = 0;
          while (u >= thresholds[k]!) k++;
          codes[i] = k;
        }
      },
    };
  }
  return {
    createVector: (capacity) => createDictVector(capacity, dictionary),
    fill(start, count, out) {
      const codes = (out as DictVector).codes;
      for (let i = 0; i < count; i++) codes[i] = drawBelow(key, key2, start + i, n);
    },
  };
};
