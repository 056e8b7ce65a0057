import { drawGaussian, gaussianKeys } from '../random/gaussian.ts';
import { createNumberVector, type NumberVector } from '../vectors/column-vector.ts';
import { check } from './check.ts';
import type { ColumnGenerator, GeneratorContext, GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/**
 * A generator of `transform(z)` for a standard normal z, clamped to [min, max] and, on a decimal column,
 * rounded to its scale: shared by `normal` and `lognormal`.
 */
export function gaussianColumn(
  context: GeneratorContext,
  transform: (z: number) => number,
  min = -Infinity,
  max = Infinity,
): ColumnGenerator {
  check(
    typeof min === 'number' && typeof max === 'number' && !Number.isNaN(min) && !Number.isNaN(max) && min <= max,
    context,
    `min (${min}) must not be greater than max (${max})`,
  );
  const keys = gaussianKeys(context.key);
  const type = context.column.type;
  const unit = type.kind === 'decimal' ? 10 ** type.scale : type.kind === 'int64' ? 1 : 0;
  return {
    createVector: createNumberVector,
    fill(start, count, out) {
      const values = (out as NumberVector).values;
      for (let i = 0; i < count; i++) {
        const v = Math.min(max, Math.max(min, transform(drawGaussian(keys, start + i))));
        values[i] = unit === 0 ? v : Math.round(v * unit) / unit;
      }
    },
  };
}

/** Normal(mean, sd), clamped to [min, max] when given. */
const create: GeneratorFactory<SpecOf<'normal'>> = (spec, context) => {
  check(
    Number.isFinite(spec.mean) && Number.isFinite(spec.sd) && spec.sd >= 0,
    context,
    'normal needs a finite mean and an sd >= 0',
  );
  return gaussianColumn(context, (z) => spec.mean + spec.sd * z, spec.min, spec.max);
};

export const normal: GeneratorRegistration<'normal'> = {
  kind: 'normal',
  options: {
    mean: { type: 'number', required: true },
    sd: { type: 'number', required: true },
    min: { type: 'number', required: false },
    max: { type: 'number', required: false },
  },
  types: ['float64', 'decimal', 'int64'],
  unique: false,
  create,
};
