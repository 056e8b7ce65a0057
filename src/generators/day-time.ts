import { EPOCH_DAY } from '../dataset/row-space.ts';
import { DAY_MS } from '../dates.ts';
import { drawBelow, drawU32, subKey } from '../random/counter-rng.ts';
import { indexOf, weightedIndex } from '../random/weighted-index.ts';
import { createNumberVector, type NumberVector } from '../vectors/column-vector.ts';
import { check } from './check.ts';
import type { GeneratorContext, GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

const HOUR_MS = 3_600_000;

/**
 * The time of day of a row, in ms after midnight: uniform, 0 (midnight), or by an intraday curve of 24
 * hourly weights: the hour by its weight's share of one 32-bit draw, then uniform within the hour.
 */
function timeOfDayDraw(spec: SpecOf<'dayTime'>, context: GeneratorContext): (row: number) => number {
  const key = context.key;
  const key2 = subKey(key, 1);
  if (spec.midnight === true) {
    check(spec.hours === undefined, context, 'midnight and hours exclude each other');
    return () => 0;
  }
  if (spec.hours === undefined) return (row) => drawBelow(key, key2, row, DAY_MS);
  const hours = spec.hours;
  check(
    Array.isArray(hours) && hours.length === 24 && hours.every((w) => Number.isFinite(w) && w >= 0),
    context,
    'hours must be 24 weights >= 0, from 00:00 to 23:00',
  );
  check(
    hours.some((w) => w > 0),
    context,
    'hours needs a weight above 0',
  );
  const weighted = weightedIndex(hours);
  return (row) => indexOf(weighted, drawU32(key, row)) * HOUR_MS + drawBelow(key2, key, row, HOUR_MS);
}

/**
 * An instant on the row's own day (tables keyed by date): uniform over the day, or its midnight. The day
 * comes from the row id, so `--date D` and a run over many days agree on every row of D.
 */
const create: GeneratorFactory<SpecOf<'dayTime'>> = (spec, context) => {
  const shape = context.dataset?.tables.find((t) => t.name === context.table)?.shape;
  const daily = shape?.kind === 'daily' || (shape?.kind === 'cross' && shape.daily === true);
  check(daily, context, 'dayTime needs a table keyed by date (daily, or cross with daily: true)');
  const space = context.params.spaces?.[context.table];
  const within = timeOfDayDraw(spec, context);
  if (space?.kind === 'cross') {
    const perDay = space.sizes.reduce((a, b) => a * b, 1);
    return {
      createVector: createNumberVector,
      fill(first, count, out) {
        const values = (out as NumberVector).values;
        for (let i = 0; i < count; i++)
          values[i] = (EPOCH_DAY + Math.floor((first + i) / perDay)) * DAY_MS + within(first + i);
      },
    };
  }
  const starts = space?.kind === 'daily' ? space.starts : [0, 0];
  const firstDay = space?.kind === 'daily' ? space.firstDay : EPOCH_DAY;
  return {
    createVector: createNumberVector,
    fill(first, count, out) {
      const values = (out as NumberVector).values;
      // The last day that starts at or before `first`, then forward: chunk rows are consecutive.
      let lo = 0;
      let hi = starts.length - 2;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= first) lo = mid;
        else hi = mid - 1;
      }
      let day = lo;
      for (let i = 0; i < count; i++) {
        const row = first + i;
        while (row >= starts[day + 1]! && day < starts.length - 2) day++;
        values[i] = (firstDay + day) * DAY_MS + within(row);
      }
    },
  };
};

export const dayTime: GeneratorRegistration<'dayTime'> = {
  kind: 'dayTime',
  options: { midnight: { type: 'boolean', required: false }, hours: { type: 'numbers', required: false } },
  types: ['timestamp', 'date'],
  unique: false,
  create,
};
