import type { GeneratorSpec } from '../dataset/types.ts';
import { dateOf, dayOf, parseDate } from '../dates.ts';
import type { ColumnRule, Literal } from './check-rules.ts';

/** Values a guess without bounds of its own takes: 0..1000, or the 1000 next to what the bounds allow. */
const DEFAULT_SPAN = 1000;

/** The step between neighbouring values: 1 for integers, 10^-scale for decimals, a hair for floats. */
function stepOf(scale: number | null, value: number): number {
  return scale === null ? Math.max(1e-9, Math.abs(value) * 1e-12) : 10 ** -scale;
}

/** [lo, hi] the type and the checks allow (open sides infinite). */
function limits(
  rule: ColumnRule,
  range: readonly [number, number] | undefined,
  scale: number | null,
): [number, number] {
  let [lo, hi] = range ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  const { min, max } = rule;
  if (min?.value.number != null)
    lo = Math.max(lo, min.value.number + (min.exclusive ? stepOf(scale, min.value.number) : 0));
  if (max?.value.number != null)
    hi = Math.min(hi, max.value.number - (max.exclusive ? stepOf(scale, max.value.number) : 0));
  if (scale !== null)
    [lo, hi] = [Math.ceil(lo * 10 ** scale) / 10 ** scale, Math.floor(hi * 10 ** scale) / 10 ** scale];
  return [lo, hi];
}

/** [min, max] without the values a `<>` check excludes: the larger side of each. */
function excluding(rule: ColumnRule, min: number, max: number, scale: number | null): [number, number] {
  for (const value of rule.not ?? []) {
    const v = value.number;
    if (v === null || v < min || v > max) continue;
    const step = stepOf(scale, v);
    if (v - min > max - v) max = v - step;
    else min = v + step;
  }
  return [min, max];
}

/** A window of DEFAULT_SPAN inside [lo, hi], at 0 when it may be. */
function defaultWindow(lo: number, hi: number): [number, number] {
  const start = Math.min(Math.max(lo, 0), Number.isFinite(hi) ? hi : Number.POSITIVE_INFINITY);
  const from = Number.isFinite(hi) && hi - start < DEFAULT_SPAN ? Math.max(lo, hi - DEFAULT_SPAN) : start;
  return [from, Math.min(hi, from + DEFAULT_SPAN)];
}

/**
 * A number generator inside what the type and the checks allow: the name's guess clamped to them, else
 * uniform in a default window; `unique` draws a permutation of a range wide enough for any run.
 */
export function boundedNumber(
  guess: GeneratorSpec | undefined,
  rule: ColumnRule,
  range: readonly [number, number] | undefined,
  scale: number | null,
  unique: boolean,
): { generator: GeneratorSpec; note: string } {
  const [lo, hi] = limits(rule, range, scale);
  const integers = scale === 0;
  if (unique) {
    const [min, max] = excluding(rule, Math.max(Math.ceil(lo), 1), Math.min(Math.floor(hi), 2 ** 52 - 1), 0);
    return { generator: { kind: 'int', min, max }, note: `unique: a permutation of ${min}..${max}` };
  }
  // A choice of a name's guess (a flag's 1 and 0) when its checks leave those values.
  if (guess?.kind === 'choice' && guess.values.every((v) => Number(v) >= lo && Number(v) <= hi))
    return { generator: guess, note: '' };
  if (guess !== undefined && 'min' in guess && 'max' in guess && typeof guess.min === 'number') {
    const [min, max] = excluding(rule, Math.max(guess.min, lo), Math.min(guess.max as number, hi), scale);
    if (min <= max && (!integers || ['int', 'zipf', 'lognormal', 'normal'].includes(guess.kind)))
      return { generator: { ...guess, min, max } as GeneratorSpec, note: '' };
  }
  const [min, max] = excluding(rule, ...defaultWindow(lo, hi), scale);
  const kind = integers ? 'int' : 'float';
  const bounded =
    Number.isFinite(rule.min?.value.number ?? Number.NaN) || Number.isFinite(rule.max?.value.number ?? Number.NaN);
  return {
    generator: { kind, min: integers ? Math.ceil(min) : min, max: integers ? Math.floor(max) : max },
    note: bounded ? `uniform, within its checks` : 'uniform (no guess from its name: edit the range)',
  };
}

/**
 * The day of a date or timestamp literal (`2026-01-01`, `2026-01-01 00:00:00+00`), of a time relative to
 * now (`now() - interval '18 years'`: days from the reference day `now`), or NaN.
 */
function dayOfLiteral(literal: Literal, now: number): number {
  return literal.days !== undefined ? now + literal.days : dayOf(parseDate(literal.text.slice(0, 10)));
}

/**
 * A timestamp generator inside what the checks and partitions allow: the name's guess when they say
 * nothing, else whole days between the bounds (the upper day left out: `< '2026-02-01'` and a
 * timestamp's `<= '2026-02-01'` both end the day before), a year wide when only one side is bounded.
 */
export function boundedTime(
  guess: GeneratorSpec | undefined,
  rule: ColumnRule,
  today: string,
  dateOnly = false,
): GeneratorSpec {
  const fallback: GeneratorSpec = guess ?? { kind: 'timestamp', fromDays: -365, toDays: 0 };
  const { min, max } = rule;
  if (min === undefined && max === undefined) return fallback;
  const now = dayOf(parseDate(today));
  let from = min === undefined ? Number.NaN : dayOfLiteral(min.value, now) + (min.exclusive ? 1 : 0);
  let to = max === undefined ? Number.NaN : dayOfLiteral(max.value, now) - (max.exclusive || !dateOnly ? 1 : 0);
  if (Number.isNaN(to)) to = Math.max(now, from + 365);
  if (Number.isNaN(from)) from = Math.min(to, now) - 365;
  if (from > to) return fallback;
  return { kind: 'timestamp', from: dateOf(from), to: dateOf(to) };
}
