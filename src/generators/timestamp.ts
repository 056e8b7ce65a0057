import { check } from './check.ts';
import { uniformInteger } from './int.ts';
import type { GeneratorFactory } from './types.ts';

const DAY_MS = 86_400_000;

/**
 * A uniform instant, millisecond precision, in `[ref + fromDays, ref + toDays)` where `ref` is the run's
 * reference date at 00:00 UTC: `{ fromDays: -30, toDays: 0 }` is "within the 30 days before the reference date".
 */
export const timestamp: GeneratorFactory<{ fromDays: number; toDays: number }> = (spec, context) => {
  const { fromDays, toDays } = spec;
  check(Number.isInteger(fromDays) && Number.isInteger(toDays), context, 'fromDays and toDays must be integers');
  check(fromDays < toDays, context, `fromDays (${fromDays}) must be less than toDays (${toDays})`);
  return uniformInteger(context.key, context.params.referenceDate + fromDays * DAY_MS, (toDays - fromDays) * DAY_MS);
};
