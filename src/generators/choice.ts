import { drawU32, fillBelow, subKey } from '../random/counter-rng.ts';
import { indexOf, weightedIndex } from '../random/weighted-index.ts';
import { createDictVector, createNumberVector, type DictVector, type NumberVector } from '../vectors/column-vector.ts';
import { check } from './check.ts';
import { keyDigit } from './key-tuple.ts';
import type { GeneratorContext, GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/** Fills `codes[0 .. count-1]` with the chosen value indexes of rows `start ..`. */
type Picker = (start: number, count: number, codes: Uint32Array | Float64Array) => void;

/** One of `values`, each equally likely, or in proportion to `weights`. On an int64 column the values are integers. */
const create: GeneratorFactory<SpecOf<'choice'>> = (spec, context) => {
  const { values } = spec;
  check(Array.isArray(values) && values.length > 0, context, 'choice needs a non-empty list of values');
  const numeric = context.column.type.kind === 'int64';
  if (numeric)
    check(
      values.every((v) => Number.isSafeInteger(typeof v === 'string' ? Number(v) : v)),
      context,
      'choice values of an int64 column must be integers',
    );
  else
    check(
      values.every((v) => typeof v === 'string'),
      context,
      'choice values must be strings',
    );
  const pick = picker(spec, context);
  if (numeric) {
    const numbers = values.map(Number);
    return {
      createVector: createNumberVector,
      fill(start, count, out) {
        const target = (out as NumberVector).values;
        pick(start, count, target);
        for (let i = 0; i < count; i++) target[i] = numbers[target[i]!]!;
      },
    };
  }
  const dictionary = [...values];
  return {
    createVector: (capacity) => createDictVector(capacity, dictionary),
    fill: (start, count, out) => pick(start, count, (out as DictVector).codes),
  };
};

function picker(spec: { values: readonly string[]; weights?: readonly number[] }, context: GeneratorContext): Picker {
  const { key } = context;
  const n = spec.values.length;
  // In a key of several columns, the value is the row's digit of its combination (weights then do not apply).
  const digit = keyDigit(context);
  if (digit !== null)
    return (start, count, codes) => {
      for (let i = 0; i < count; i++) codes[i] = digit(start + i);
    };
  const weights = spec.weights;
  if (weights === undefined) {
    const key2 = subKey(key, 1);
    return (start, count, codes) => {
      fillBelow(codes, start, count, key, key2, n);
    };
  }
  check(
    Array.isArray(weights) && weights.length === n,
    context,
    `weights must be a list of ${n} numbers, one per value`,
  );
  check(
    weights.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0) && weights.some((w) => w > 0),
    context,
    'weights must be non-negative numbers, not all 0',
  );
  const weighted = weightedIndex(weights);
  return (start, count, codes) => {
    for (let i = 0; i < count; i++) codes[i] = indexOf(weighted, drawU32(key, start + i));
  };
}

export const choice: GeneratorRegistration<'choice'> = {
  kind: 'choice',
  options: { values: { type: 'strings', required: true }, weights: { type: 'numbers', required: false } },
  types: ['utf8', 'int64'],
  unique: false,
  create,
};
