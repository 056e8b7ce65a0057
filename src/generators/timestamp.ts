import { DAY_MS, parseDate } from '../dates.ts';
import { createNumberVector, type NumberVector } from '../vectors/column-vector.ts';
import { check } from './check.ts';
import { uniformInteger } from './int.ts';
import { keyDigit } from './key-tuple.ts';
import type { GeneratorContext, GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/**
 * A uniform instant, millisecond precision, in a window: relative, `[ref + fromDays, ref + toDays)` where
 * `ref` is the run's reference date at 00:00 UTC (`{ fromDays: -30, toDays: 0 }` is "within the 30 days
 * before the reference date"); or absolute, `{ from: '2015-01-01', to: '2025-12-31' }` (both days
 * included), which keeps a dimension table the same whatever day a daily run is for.
 */
const create: GeneratorFactory<SpecOf<'timestamp'>> = (spec, context) => {
  const { start, span } = windowOf(spec, context);
  const digit = keyDigit(context);
  if (digit === null) return uniformInteger(context.key, start, span);
  // In a key of several columns: the row's digit of its combination, a day of the window for a date column.
  const unit = context.column.type.kind === 'date' ? DAY_MS : 1;
  return {
    createVector: createNumberVector,
    fill(first, count, out) {
      const values = (out as NumberVector).values;
      for (let i = 0; i < count; i++) values[i] = start + digit(first + i) * unit;
    },
  };
};

/** The window's first instant and its length in milliseconds. */
function windowOf(spec: SpecOf<'timestamp'>, context: GeneratorContext): { start: number; span: number } {
  if ('from' in spec || 'to' in spec) {
    const { from, to } = spec as { from: string; to: string };
    const [start, end] = [from, to].map((d) => (typeof d === 'string' ? parseDate(d) : Number.NaN));
    check(!Number.isNaN(start!) && !Number.isNaN(end!), context, 'from and to must be dates as YYYY-MM-DD');
    check(start! <= end!, context, `from (${from}) must not be after to (${to})`);
    return { start: start!, span: end! - start! + DAY_MS };
  }
  const { fromDays, toDays } = spec;
  check(Number.isInteger(fromDays) && Number.isInteger(toDays), context, 'fromDays and toDays must be integers');
  check(fromDays < toDays, context, `fromDays (${fromDays}) must be less than toDays (${toDays})`);
  return { start: context.params.referenceDate + fromDays * DAY_MS, span: (toDays - fromDays) * DAY_MS };
}

export const timestamp: GeneratorRegistration<'timestamp'> = {
  kind: 'timestamp',
  options: {
    fromDays: { type: 'number', required: false },
    toDays: { type: 'number', required: false },
    from: { type: 'string', required: false },
    to: { type: 'string', required: false },
  },
  types: ['timestamp', 'date'],
  unique: false,
  create,
};
