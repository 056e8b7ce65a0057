import { check } from './check.ts';
import { uniformInteger } from './int.ts';
import type { GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE_MS = 60_000;

/** Milliseconds since midnight of `HH:MM`, or NaN. */
function parseTime(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const match = TIME.exec(text);
  return match === null ? Number.NaN : (Number(match[1]) * 60 + Number(match[2])) * MINUTE_MS;
}

/** A uniform time of day, millisecond precision, in [`from`, `to`) (`HH:MM`; default the whole day). */
const create: GeneratorFactory<SpecOf<'timeOfDay'>> = (spec, context) => {
  const from = parseTime(spec.from, 0);
  const to = parseTime(spec.to, 1440 * MINUTE_MS);
  check(!Number.isNaN(from) && !Number.isNaN(to), context, 'from and to must be times of day as HH:MM');
  check(from < to, context, `from (${spec.from}) must be before to (${spec.to})`);
  return uniformInteger(context.key, from, to - from);
};

export const timeOfDay: GeneratorRegistration<'timeOfDay'> = {
  kind: 'timeOfDay',
  options: { from: { type: 'string', required: false }, to: { type: 'string', required: false } },
  types: ['time'],
  unique: false,
  create,
};
