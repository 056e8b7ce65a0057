import { drawU32 } from '../random/counter-rng.ts';
import { type BoolVector, createBoolVector } from '../vectors/column-vector.ts';
import { check } from './check.ts';
import type { GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/** `true` with probability `probability` (default 0.5). */
const create: GeneratorFactory<SpecOf<'bool'>> = (spec, context) => {
  const { probability = 0.5 } = spec;
  check(probability >= 0 && probability <= 1, context, `probability must be from 0 to 1 (got ${probability})`);
  const threshold = probability * 4294967296;
  const key = context.key;
  return {
    createVector: createBoolVector,
    fill(start, count, out) {
      const values = (out as BoolVector).values;
      // +(comparison), not `? 1 : 0`: a branch on a coin flip is mispredicted half the time (15.8 -> 4.5 ns a
      // value: `node dist/bench/micro-columns.js items.items.is_active`, medians of 5 runs of each build).
      for (let i = 0; i < count; i++) values[i] = +(drawU32(key, start + i) < threshold);
    },
  };
};

export const bool: GeneratorRegistration<'bool'> = {
  kind: 'bool',
  options: { probability: { type: 'number', required: false } },
  types: ['bool'],
  unique: false,
  create,
};
