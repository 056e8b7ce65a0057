import { DatasetError } from '../errors.ts';
import type { ColumnGenerator, GeneratorFactory, NumberVector } from './types.ts';
import { createNumberVector } from './vectors.ts';

/** `start + row * step`: ids. Row 0 gets `start` (default 0). */
export const sequence: GeneratorFactory<{ start?: number; step?: number }> = (spec, context): ColumnGenerator => {
  const { start = 0, step = 1 } = spec;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(step)) {
    throw new DatasetError(`${context.table}.${context.column.name}: sequence start and step must be integers`);
  }
  return {
    createVector: createNumberVector,
    fill(first, count, out) {
      const values = (out as NumberVector).values;
      for (let i = 0; i < count; i++) values[i] = start + (first + i) * step;
    },
  };
};
