import { drawU32, fillBelow, subKey } from '../random/counter-rng.ts';
import { createNumberVector, type NumberVector } from '../vectors/column-vector.ts';
import { check, checkRange } from './check.ts';
import type { GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

const MAX_SCALE = 9;

/**
 * A uniform number in `[min, max)`. On a `decimal` column with `scale` s the value is a uniform multiple of
 * 10^-s in `[min, max]` instead (drawn as an integer count of 10^-s steps, so every cent is equally likely
 * and no rounding skews the ends).
 */
const create: GeneratorFactory<SpecOf<'float'>> = (spec, context) => {
  const { min, max } = spec;
  checkRange(min, max, false, context);
  const key = context.key;
  const key2 = subKey(key, 1);
  const type = context.column.type;
  if (type.kind === 'decimal') {
    check(
      Number.isInteger(type.scale) && type.scale >= 0 && type.scale <= MAX_SCALE,
      context,
      `scale must be an integer from 0 to ${MAX_SCALE}`,
    );
    const unit = 10 ** type.scale;
    const low = Math.ceil(min * unit);
    const steps = Math.floor(max * unit) - low + 1;
    check(
      steps >= 1 && Number.isSafeInteger(steps),
      context,
      `no multiple of 1e-${type.scale} lies in [${min}, ${max}]`,
    );
    return {
      createVector: createNumberVector,
      fill(start, count, out) {
        const values = (out as NumberVector).values;
        fillBelow(values, start, count, key, key2, steps, low);
        for (let i = 0; i < count; i++) values[i] = values[i]! / unit;
      },
    };
  }
  const width = max - min;
  return {
    createVector: createNumberVector,
    fill(start, count, out) {
      const values = (out as NumberVector).values;
      for (let i = 0; i < count; i++) {
        const row = start + i;
        const unit53 = ((drawU32(key, row) >>> 5) * 67108864 + (drawU32(key2, row) >>> 6)) / 9007199254740992;
        values[i] = min + unit53 * width;
      }
    },
  };
};

export const float: GeneratorRegistration<'float'> = {
  kind: 'float',
  options: { min: { type: 'number', required: true }, max: { type: 'number', required: true } },
  types: ['float64', 'decimal'],
  unique: false,
  create,
};
