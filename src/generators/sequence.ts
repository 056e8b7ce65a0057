import { createNumberVector, type NumberVector } from '../vectors/column-vector.ts';
import { check } from './check.ts';
import type { ColumnGenerator, GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/** `start + row * step`: ids. Row 0 gets `start` (default 0). */
const create: GeneratorFactory<SpecOf<'sequence'>> = (spec, context): ColumnGenerator => {
  const { start = 0, step = 1 } = spec;
  check(Number.isSafeInteger(start) && Number.isSafeInteger(step), context, 'sequence start and step must be integers');
  return {
    createVector: createNumberVector,
    fill(first, count, out) {
      const values = (out as NumberVector).values;
      for (let i = 0; i < count; i++) values[i] = start + (first + i) * step;
    },
  };
};

export const sequence: GeneratorRegistration<'sequence'> = {
  kind: 'sequence',
  options: { start: { type: 'number', required: false }, step: { type: 'number', required: false } },
  types: ['int64', 'float64', 'decimal'],
  unique: true,
  create,
};
