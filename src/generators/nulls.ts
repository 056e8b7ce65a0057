import type { ColumnDefinition } from '../dataset/types.ts';
import { drawU32, streamKey } from '../random/counter-rng.ts';
import type { ColumnGenerator, GenerationParams, NullFiller } from './types.ts';

/**
 * The null filler of a column with a `nullRate`, or null when it has none. A row is null when a draw of
 * the column's own null stream falls under the rate: a pure function of (seed, table, column, row) like
 * every value, independent of the value's own draws.
 */
export function compileNulls(table: string, column: ColumnDefinition, params: GenerationParams): NullFiller | null {
  const rate = column.nullRate ?? 0;
  if (rate <= 0) return null;
  const key = streamKey(params.seed, table, column.name, '#null');
  const threshold = Math.round(rate * 4294967296);
  return (start, count, mask) => {
    for (let i = 0; i < count; i++) mask[i] = +(drawU32(key, start + i) < threshold); // no branch (bool.ts)
  };
}

/**
 * `generator` marking NULLs when `nullable`: `last()` holds 1 for each row of its last fill that has no
 * value (an expression's NULL, a lookup through a NULL reference).
 */
export function markingNulls(generator: ColumnGenerator, nullable: boolean, last: () => Uint8Array): ColumnGenerator {
  if (!nullable) return generator;
  return {
    ...generator,
    markNulls(count, mask) {
      const marks = last();
      for (let i = 0; i < count; i++) mask[i]! |= marks[i]!;
    },
  };
}
