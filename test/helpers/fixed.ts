/** Fixed seeds and a fixed reference date, so that golden hashes never depend on the day tests run. */
export const SEEDS = [42, 1337, 1211] as const;
export const DATE = '2026-01-01';
export const DATE_MS = Date.UTC(2026, 0, 1);
