import { drawBelow, subKey } from '../random/counter-rng.ts';
import { check } from './check.ts';
import type { GeneratorFactory, NumberVector } from './types.ts';
import { createNumberVector } from './vectors.ts';

const DAY_MS = 86_400_000;

/**
 * A uniform instant, millisecond precision, in `[ref + fromDays, ref + toDays)` where `ref` is the run's
 * reference date at 00:00 UTC: `{ fromDays: -30, toDays: 0 }` is "within the 30 days before the reference date".
 */
export const timestamp: GeneratorFactory<{ fromDays: number; toDays: number }> = (spec, context) => {
  const { fromDays, toDays } = spec;
  check(Number.isInteger(fromDays) && Number.isInteger(toDays), context, 'fromDays and toDays must be integers');
  check(fromDays < toDays, context, `fromDays (${fromDays}) must be less than toDays (${toDays})`);
  const from = context.params.referenceDate + fromDays * DAY_MS;
  const span = (toDays - fromDays) * DAY_MS;
  const key = context.key;
  const key2 = subKey(key, 1);
  return {
    createVector: createNumberVector,
    fill(start, count, out) {
      const values = (out as NumberVector).values;
      for (let i = 0; i < count; i++) values[i] = from + drawBelow(key, key2, start + i, span);
    },
  };
};
