import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import type { TableDefinition } from '../../src/dataset/types.ts';
import { DAY_MS } from '../../src/dates.ts';
import { createParquetEncoder } from '../../src/encoders/parquet.ts';
import { mix32 } from '../../src/random/counter-rng.ts';
import type { Batch } from '../../src/vectors/column-vector.ts';

/**
 * gen's own Parquet writer (`encoders/parquet.ts`) read back by an independent reader (hyparquet): every
 * type, REQUIRED and OPTIONAL columns, NULL masks and batches without one, a dictionary column with NULLs,
 * a column of only NULLs, and more rows than one bit-packed run holds (504).
 */
const ROWS = 1300;
const nullable = { nullRate: 0.2 };
const TABLE: TableDefinition = {
  name: 'every_type',
  defaultRows: ROWS,
  columns: [
    { name: 'id', type: { kind: 'int64' }, generator: { kind: 'sequence' } },
    { name: 'big', type: { kind: 'int64' }, generator: { kind: 'int', min: -(2 ** 52), max: 2 ** 52 }, ...nullable },
    { name: 'price', type: { kind: 'decimal', scale: 2 }, generator: { kind: 'float', min: -50, max: 50 } },
    { name: 'ratio', type: { kind: 'float64' }, generator: { kind: 'float', min: 0, max: 1 }, ...nullable },
    { name: 'ok', type: { kind: 'bool' }, generator: { kind: 'bool' }, ...nullable },
    { name: 'at', type: { kind: 'timestamp' }, generator: { kind: 'timestamp', fromDays: -9, toDays: 0 } },
    { name: 'day', type: { kind: 'date' }, generator: { kind: 'timestamp', fromDays: -9, toDays: 0 }, ...nullable },
    { name: 'tag', type: { kind: 'utf8' }, generator: { kind: 'choice', values: ['a', 'bb', 'ccc'] }, ...nullable },
    { name: 'note', type: { kind: 'utf8' }, generator: { kind: 'template', template: 'n{id}' }, ...nullable },
    { name: 'never', type: { kind: 'int64' }, generator: { kind: 'int', min: 0, max: 9 }, ...nullable },
  ],
};

const u = (i: number, k: number): number => mix32(i * 31 + k) / 2 ** 32;
const notes = Array.from({ length: ROWS }, (_, i) => (i % 7 === 0 ? '' : `ünï ${i}`));

function batch(withMasks: boolean): Batch {
  const text = new TextEncoder();
  const encoded = notes.map((n) => text.encode(n));
  const offsets = new Int32Array(ROWS + 1);
  encoded.forEach((n, i) => {
    offsets[i + 1] = offsets[i]! + n.length;
  });
  const bytes = new Uint8Array(offsets[ROWS]!);
  for (const [i, n] of encoded.entries()) bytes.set(n, offsets[i]!);
  const numbers = (f: (i: number) => number) => ({
    kind: 'number' as const,
    values: Float64Array.from(notes, (_, i) => f(i)),
  });
  const mask = (k: number) => (withMasks ? Uint8Array.from(notes, (_, i) => (u(i, k) < 0.2 ? 1 : 0)) : null);
  return {
    start: 0,
    count: ROWS,
    columns: [
      numbers((i) => i),
      numbers((i) => Math.round((u(i, 1) - 0.5) * 2 ** 53)),
      numbers((i) => Math.round((u(i, 2) - 0.5) * 10_000) / 100),
      numbers((i) => u(i, 3)),
      { kind: 'bool', values: Uint8Array.from(notes, (_, i) => (u(i, 4) < 0.5 ? 1 : 0)) },
      numbers((i) => Date.UTC(2026, 0, 1) + Math.floor(u(i, 5) * 9 * DAY_MS)),
      numbers((i) => Date.UTC(2026, 0, 1) + Math.floor(u(i, 6) * 9) * DAY_MS + 5000),
      {
        kind: 'dict',
        codes: Uint32Array.from(notes, (_, i) => Math.floor(u(i, 7) * 3)),
        dictionary: ['a', 'bb', 'ccc'],
      },
      { kind: 'utf8', bytes, offsets, plain: false },
      numbers(() => 1),
    ],
    nulls: [
      null,
      mask(11),
      null,
      mask(13),
      mask(14),
      null,
      mask(16),
      mask(17),
      mask(18),
      withMasks ? new Uint8Array(ROWS).fill(1) : null,
    ],
  };
}

/** What a reader should see: each value as hyparquet gives it, NULL where the mask says. */
function expected(b: Batch): Record<string, unknown>[] {
  return notes.map((_, i) => {
    const row: Record<string, unknown> = {};
    TABLE.columns.forEach((column, c) => {
      const vector = b.columns[c]!;
      if (b.nulls[c]?.[i] === 1) row[column.name] = null;
      else if (vector.kind === 'number') {
        const v = vector.values[i]!;
        row[column.name] =
          column.type.kind === 'int64'
            ? BigInt(v)
            : column.type.kind === 'timestamp'
              ? new Date(v)
              : column.type.kind === 'date'
                ? new Date(Math.floor(v / DAY_MS) * DAY_MS)
                : v;
      } else if (vector.kind === 'bool') row[column.name] = vector.values[i] === 1;
      else if (vector.kind === 'dict') row[column.name] = vector.dictionary[vector.codes[i]!];
      else row[column.name] = notes[i];
    });
    return row;
  });
}

const arrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer as ArrayBuffer;

describe("gen's Parquet writer, read back by hyparquet", () => {
  it.each(['snappy', 'zstd', 'none'] as const)('%s: every type, with NULLs and without masks', async (compression) => {
    for (const withMasks of [true, false]) {
      const b = batch(withMasks);
      const file = arrayBuffer(await createParquetEncoder(TABLE, { compression }).encode(b));
      const meta = parquetMetadata(file);
      expect(meta.num_rows).toBe(BigInt(ROWS));
      expect(meta.schema.slice(1).map((s) => s.repetition_type)).toEqual(
        TABLE.columns.map((c) => (c.nullRate === undefined ? 'REQUIRED' : 'OPTIONAL')),
      );
      const back = await parquetReadObjects({ file, compressors });
      const rows = back.map((r) => ({ ...r, price: Math.round((r.price as number) * 100) / 100 }));
      expect(rows).toEqual(expected(b));
      // Statistics: the min and max of what was written, and the NULLs counted.
      const stats = meta.row_groups[0]!.columns[1]!.meta_data!.statistics!;
      const column = b.columns[1]!;
      const big = column.kind === 'number' ? column.values : new Float64Array();
      const written = [...big].filter((_, i) => b.nulls[1]?.[i] !== 1);
      expect(stats.min_value).toBe(BigInt(Math.min(...written)));
      expect(stats.max_value).toBe(BigInt(Math.max(...written)));
      expect(stats.null_count).toBe(BigInt(ROWS - written.length));
    }
  });
});
