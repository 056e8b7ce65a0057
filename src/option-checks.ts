import { UsageError } from './errors.ts';

/** `value` when it is an integer in [min, max], else a `UsageError` naming the option and what it must be. */
export function integerIn(value: unknown, min: number, max: number, name: string, hint: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const got = typeof value === 'string' ? JSON.stringify(value) : String(value);
    throw new UsageError(`${name} must be ${hint} (got ${got})`);
  }
  return value;
}
