import { fillBelow, type StreamKey, subKey } from '../random/counter-rng.ts';
import { permutation } from '../random/permutation.ts';
import { createNumberVector, type NumberVector } from '../vectors/column-vector.ts';
import { check, checkRange, fail } from './check.ts';
import { keyDigit } from './key-tuple.ts';
import type { ColumnGenerator, GeneratorContext, GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/** A generator of `min + k`, k uniform in [0, n): shared by `int` and `timestamp`. */
export function uniformInteger(key: StreamKey, min: number, n: number): ColumnGenerator {
  const key2 = subKey(key, 1);
  return {
    createVector: createNumberVector,
    fill(start, count, out) {
      fillBelow((out as NumberVector).values, start, count, key, key2, n, min);
    },
  };
}

/**
 * A uniform integer in `[min, max]`, both inclusive; with `unique`, a random permutation of the range; in a
 * key of several columns, its digit of the row's combination (`key-tuple.ts`).
 */
const create: GeneratorFactory<SpecOf<'int'>> = (spec, context) => {
  const { min, max } = spec;
  checkRange(min, max, true, context);
  const n = max - min + 1;
  if (context.column.unique === true) return uniquePermuted(context, min, n);
  const digit = keyDigit(context);
  if (digit === null) return uniformInteger(context.key, min, n);
  return {
    createVector: createNumberVector,
    fill(start, count, out) {
      const values = (out as NumberVector).values;
      for (let i = 0; i < count; i++) values[i] = min + digit(start + i);
    },
  };
};

/** `min + π(row)` for a keyed permutation π of `[0, n)`: as random as draws, but no two rows alike. */
function uniquePermuted(context: GeneratorContext, min: number, n: number): ColumnGenerator {
  const table = context.dataset?.tables.find((t) => t.name === context.table);
  check(
    table?.shape === undefined,
    context,
    'a unique int needs a plain table (its row ids must stay below the range size)',
  );
  check(n <= MAX_PERMUTED, context, `a unique int range holds at most ${MAX_PERMUTED} values`);
  const rows = context.params.tableRows?.[context.table] ?? 0;
  check(rows <= n, context, `unique needs ${rows} different values but min..max holds ${n}: widen the range`);
  const permute = permutation(context.key, n);
  return {
    createVector: createNumberVector,
    fill(start, count, out) {
      const values = (out as NumberVector).values;
      if (start + count > n)
        fail(context, `unique ran out of values at row ${n} (min..max holds ${n}): widen the range`);
      for (let i = 0; i < count; i++) values[i] = min + permute(start + i);
    },
  };
}

/** The Feistel permutation works on up to 52 bits. */
const MAX_PERMUTED = 2 ** 52;

export const int: GeneratorRegistration<'int'> = {
  kind: 'int',
  options: { min: { type: 'number', required: true }, max: { type: 'number', required: true } },
  types: ['int64', 'float64', 'decimal'],
  unique: true,
  create,
};
