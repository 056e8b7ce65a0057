import { DatasetError } from '../errors.ts';
import type { GeneratorContext } from './types.ts';

/** The path of the context's column in the dataset. */
export function columnPath(table: string, column: string): string[] {
  return ['tables', table, 'columns', column];
}

/** Throws a `DatasetError` naming `tables.<table>.columns.<column>` and the problem. */
export function fail(context: GeneratorContext, problem: string): never {
  throw new DatasetError(columnPath(context.table, context.column.name), problem);
}

/** Throws like `fail` unless `ok`. */
export function check(ok: boolean, context: GeneratorContext, problem: string): asserts ok {
  if (!ok) fail(context, problem);
}

/** Checks a `min`/`max` pair: finite, ordered, and integers when `integers`. */
export function checkRange(min: number, max: number, integers: boolean, context: GeneratorContext): void {
  const valid = integers
    ? Number.isSafeInteger(min) && Number.isSafeInteger(max)
    : Number.isFinite(min) && Number.isFinite(max);
  check(valid, context, `min and max must be ${integers ? 'integers' : 'finite numbers'} (got ${min}, ${max})`);
  check(min <= max, context, `min (${min}) must not be greater than max (${max})`);
}
