/** True when `rows[0 .. count)` are consecutive ids (the common case: a chunk's own rows), none NaN. */
export function consecutive(rows: Float64Array, count: number): boolean {
  const first = rows[0]!;
  for (let i = 0; i < count; i++) if (rows[i] !== first + i) return false;
  return count > 0;
}
