/**
 * The tables a chunk generator keeps compiled (src/worker/kept-tables.ts): the latest few, bounded in count
 * and in the bytes of their buffers, so that a schema of hundreds of tables holds a few and a dataset of a
 * few tables keeps them all.
 */
import { describe, expect, it } from 'vitest';
import { createNumberVector, createUtf8Vector } from '../../src/vectors/column-vector.ts';
import { batchBytes, KEPT_TABLES, keptTables } from '../../src/worker/kept-tables.ts';

const MIB = 1024 * 1024;

/** A kept-tables cache whose states record when they were made, and the bytes it lets go. */
function tracked() {
  const made: number[] = [];
  const dropped: number[] = [];
  const tables = keptTables<number>((bytes) => dropped.push(bytes));
  const use = (index: number, bytes = 0): number => {
    const state = tables.get(index, (i) => {
      made.push(i);
      return i;
    });
    tables.holds(index, bytes);
    return state;
  };
  return { made, dropped, use };
}

describe('kept tables', () => {
  it(`keeps ${KEPT_TABLES} small tables, the one in use among them, then drops the least recently used`, () => {
    const { made, dropped, use } = tracked();
    const first = Array.from({ length: KEPT_TABLES }, (_, i) => i);
    for (const i of [...first, ...first]) use(i, 1024);
    expect(made).toEqual(first);
    expect(dropped).toEqual([]);
    // One more than it keeps: each new table drops the oldest, and a table met again is made again.
    use(KEPT_TABLES, 1024);
    use(0, 1024);
    expect(made).toEqual([...first, KEPT_TABLES, 0]);
    expect(dropped).toEqual([1024, 1024]);
  });

  it("keeps every table of a dataset whose buffers fit, as retail's 7 at 32,768 rows (7.3 MiB)", () => {
    const { made, use } = tracked();
    for (let day = 0; day < 3; day++) for (let t = 0; t < 7; t++) use(t, 1.1 * MIB);
    expect(made).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('drops wide tables as soon as the kept ones pass 8 MiB, and says how many bytes it let go', () => {
    const { made, dropped, use } = tracked();
    use(0, 20 * MIB);
    use(1, 3 * MIB);
    expect(dropped).toEqual([20 * MIB]);
    use(2, 3 * MIB);
    use(3, 3 * MIB);
    expect(dropped).toEqual([20 * MIB]);
    use(4, 3 * MIB); // 1, 2 and 3 held 9 MiB
    expect(dropped).toEqual([20 * MIB, 3 * MIB]);
    use(0, 20 * MIB);
    expect(made).toEqual([0, 1, 2, 3, 4, 0]);
  });

  it("counts a batch's value buffers, text bytes and offsets, and null masks", () => {
    const numbers = createNumberVector(1000);
    const text = createUtf8Vector(1000, 10, true);
    const bytes = batchBytes({ columns: [numbers, text], nulls: [null, new Uint8Array(1000)] });
    expect(bytes).toBe(8 * 1000 + 10 * 1000 + 4 * 1001 + 1000);
  });
});
