import { describe, expect, it } from 'vitest';
import { chunkCount, chunkTasks, shardRange } from '../../src/plan/chunk-plan.ts';

describe('shard ranges and chunks', () => {
  it('the slices of every shard count tile the table exactly, in order', () => {
    for (const rows of [0, 1, 7, 100, 1_000_003, 2 ** 53 - 1]) {
      for (const count of [1, 2, 3, 4, 16, 1000]) {
        let expectedStart = 0;
        for (let index = 0; index < count; index++) {
          const { start, end } = shardRange(rows, { index, count });
          expect(start).toBe(expectedStart);
          expect(end).toBeGreaterThanOrEqual(start);
          expectedStart = end;
        }
        expect(expectedStart).toBe(rows);
      }
    }
  });

  it('shards differ in size by at most one row', () => {
    const sizes = Array.from({ length: 7 }, (_, index) => {
      const { start, end } = shardRange(100, { index, count: 7 });
      return end - start;
    });
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('cuts a slice into consecutive chunks of at most chunkRows', () => {
    const slice = { table: 3, name: 't', start: 10, end: 35 };
    expect([...chunkTasks(slice, 10)]).toEqual([
      { table: 3, start: 10, count: 10 },
      { table: 3, start: 20, count: 10 },
      { table: 3, start: 30, count: 5 },
    ]);
    expect(chunkCount(slice, 10)).toBe(3);
    expect(chunkCount({ ...slice, end: 10 }, 10)).toBe(0);
  });
});
