import type { RowsOf } from './types.ts';

/**
 * `out[0 .. count)` = the row ids `first ..`, in a function of its own with nothing after its loop. Written
 * inline before a call (`out[i] = first + i`, then the rows mapped), the loop was compiled on the stack
 * (OSR) the first time it ran, before the call after it had type feedback; later calls that entered that
 * code deoptimized on leaving the loop (`node --trace-deopt`: 92 times in one run of `gen shiny-rocks`
 * over a year, 2 workers; none since).
 */
export const rowIds: RowsOf = (first, count, out) => {
  for (let i = 0; i < count; i++) out[i] = first + i;
};

/** True when `rows[0 .. count)` are consecutive ids (the common case: a chunk's own rows), none NaN. */
export function consecutive(rows: Float64Array, count: number): boolean {
  // Nothing to compare after the loop, for the same reason as above (90 deoptimizations in that run).
  if (count <= 0) return false;
  const first = rows[0]!;
  for (let i = 0; i < count; i++) if (rows[i] !== first + i) return false;
  return true;
}
