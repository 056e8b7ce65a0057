/**
 * Calendar days, UTC: the one place that knows how long a day is and how a `YYYY-MM-DD` reads. Days are
 * counted as "epoch days" (days since 1970-01-01), the unit of every daily table's layout.
 */

/** Milliseconds in a day (UTC has no daylight saving). */
export const DAY_MS = 86_400_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of `date` (`YYYY-MM-DD`) at 00:00 UTC, or NaN unless it is a real calendar date. */
export function parseDate(date: string): number {
  const match = DATE.exec(date);
  if (match === null) return Number.NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day
    ? ms
    : Number.NaN;
}

/** Today's UTC date as `YYYY-MM-DD`: the default reference date, read once per run. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The epoch day of an instant. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** `YYYY-MM-DD` of an epoch day. */
export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
