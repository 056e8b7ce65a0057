import type { ColumnDefinition, GeneratorSpec } from '../dataset/types.ts';
import { dateOf, dayOf, parseDate } from '../dates.ts';

/** A generator's window as numbers: days for timestamps (relative or absolute), values for numbers. */
interface Window {
  readonly lo: number;
  /** Exclusive for relative timestamps (`toDays`), inclusive otherwise. */
  readonly hi: number;
  readonly make: (lo: number, hi: number) => GeneratorSpec;
}

function windowOf(spec: GeneratorSpec): Window | null {
  if (spec.kind === 'timestamp' && 'fromDays' in spec)
    return {
      lo: spec.fromDays,
      hi: spec.toDays - 1,
      make: (lo, hi) => ({ kind: 'timestamp', fromDays: lo, toDays: hi + 1 }),
    };
  if (spec.kind === 'timestamp') {
    const [from, to] = [dayOf(parseDate(spec.from)), dayOf(parseDate(spec.to))];
    return { lo: from, hi: to, make: (lo, hi) => ({ kind: 'timestamp', from: dateOf(lo), to: dateOf(hi) }) };
  }
  if (
    spec.kind === 'int' ||
    spec.kind === 'zipf' ||
    spec.kind === 'float' ||
    spec.kind === 'lognormal' ||
    spec.kind === 'normal'
  ) {
    const { min, max } = spec as { min?: number; max?: number };
    if (min === undefined || max === undefined) return null;
    return { lo: min, hi: max, make: (lo, hi) => ({ ...spec, min: lo, max: hi }) as GeneratorSpec };
  }
  return null;
}

/**
 * Makes `a < b` (or `a <> b`) hold in every row by giving the two columns windows that do not overlap: a
 * takes the lower part of their joint range, b the upper (e.g. `starts_at < ends_at`). Returns the new
 * generators, the same ones when they already hold, or null when they cannot be split (not the same kind
 * of window, or too narrow).
 */
export function splitPair(a: ColumnDefinition, b: ColumnDefinition): [GeneratorSpec, GeneratorSpec] | null {
  const integers = a.type.kind === 'int64' || a.type.kind === 'timestamp' || a.type.kind === 'date';
  const [wa, wb] = [windowOf(a.generator), windowOf(b.generator)];
  const sameForm =
    wa !== null &&
    wb !== null &&
    (a.generator.kind === 'timestamp') === (b.generator.kind === 'timestamp') &&
    'fromDays' in a.generator === 'fromDays' in b.generator;
  if (!sameForm) return null;
  if (wa.hi < wb.lo) return [a.generator, b.generator];
  const lo = Math.min(wa.lo, wb.lo);
  const hi = Math.max(wa.hi, wb.hi);
  const whole = integers || a.generator.kind === 'timestamp';
  const unit = a.type.kind === 'decimal' ? 10 ** a.type.scale : null;
  const half = (lo + hi) / 2;
  const mid = whole ? Math.floor((lo + hi + 1) / 2) : unit !== null ? Math.ceil(half * unit) / unit : half;
  const step = whole ? 1 : a.type.kind === 'decimal' ? 10 ** -a.type.scale : Math.max(1e-9, Math.abs(mid) * 1e-12);
  const below = mid - step;
  if (below < lo || mid > hi) return null;
  return [wa.make(lo, below), wb.make(mid, hi)];
}
