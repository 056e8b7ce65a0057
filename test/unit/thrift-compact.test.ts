import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import {
  field,
  readStruct,
  type TStruct,
  TType,
  writeStruct,
  writeStructParts,
} from '../../src/encoders/thrift-compact.ts';

/**
 * A struct with a field of every compact type, ids that need a long header (a jump over 15), lists longer
 * than 14 items (a long list header), lists of booleans and of structs, a set, a map, and nesting.
 */
const EVERY_TYPE: TStruct = {
  fields: [
    { id: 1, type: TType.True, value: true },
    { id: 2, type: TType.False, value: false },
    { id: 3, type: TType.Byte, value: -7 },
    { id: 4, type: TType.I16, value: -32768 },
    { id: 5, type: TType.I32, value: 2147483647 },
    { id: 6, type: TType.I64, value: -9007199254740993n },
    { id: 7, type: TType.Double, value: -0.1 },
    { id: 8, type: TType.Binary, value: new TextEncoder().encode('ünïcode') },
    {
      id: 40,
      type: TType.List,
      value: { elementType: TType.I32, items: Array.from({ length: 20 }, (_, i) => i * 1000 - 7) },
    },
    { id: 41, type: TType.Set, value: { elementType: TType.Binary, items: [new Uint8Array([0, 255])] } },
    { id: 43, type: TType.List, value: { elementType: TType.True, items: [true, false, true] } },
    {
      id: 44,
      type: TType.Map,
      value: { keyType: TType.Binary, valueType: TType.I64, entries: [[new Uint8Array([9]), 7n]] },
    },
    {
      id: 42,
      type: TType.Map,
      value: {
        keyType: TType.I32,
        valueType: TType.Double,
        entries: [
          [1, 0.5],
          [-2, 1e300],
        ],
      },
    },
    { id: 300, type: TType.Struct, value: { fields: [{ id: 1, type: TType.I64, value: 1n << 60n }] } },
    {
      id: 301,
      type: TType.List,
      value: {
        elementType: TType.Struct,
        items: [{ fields: [] }, { fields: [{ id: 2, type: TType.True, value: true }] }],
      },
    },
  ],
};

describe('thrift compact codec', () => {
  it('round-trips every type: read(write(s)) equals s, and write(read(bytes)) gives the same bytes', () => {
    const bytes = writeStruct(EVERY_TYPE);
    const read = readStruct(bytes);
    expect(read).toEqual(EVERY_TYPE);
    expect(writeStruct(read)).toEqual(bytes);
  });

  it('writes the same bytes in parts: each part full before the next, a long value in one part', () => {
    const whole = writeStruct(EVERY_TYPE);
    expect(writeStructParts(EVERY_TYPE)).toEqual([whole]);
    for (const size of [1, 5, 16, 64]) {
      const parts = writeStructParts(EVERY_TYPE, size);
      expect(Buffer.concat(parts)).toEqual(Buffer.from(whole));
      expect(parts.length).toBeGreaterThan(1);
      // Only a value longer than a part (the 8-byte double, the 11-byte text) makes a part larger.
      for (const part of parts) expect(part.length).toBeLessThanOrEqual(Math.max(size, 11));
    }
  });

  it('refuses truncated data with an error, not a wrong value', () => {
    const bytes = writeStruct(EVERY_TYPE);
    for (const cut of [1, 10, bytes.length - 1]) expect(() => readStruct(bytes.subarray(0, cut))).toThrow(RangeError);
  });

  describe('the footer of a Parquet file DuckDB wrote', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shardgen-thrift-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads its FileMetaData and writes it back byte for byte', async () => {
      const path = join(dir, 'duck.parquet');
      const db = await DuckDBInstance.create(':memory:');
      const connection = await db.connect();
      // Three row groups of mixed types, so that the footer holds lists of structs, statistics and strings.
      await connection.run(
        `COPY (SELECT i AS id, 'name ' || i AS name, i / 3.0 AS ratio, i % 2 = 0 AS even FROM range(300000) t(i)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 100000)`,
      );
      connection.closeSync();
      const file = readFileSync(path);
      const length = file.readUInt32LE(file.length - 8);
      expect(file.subarray(file.length - 4).toString()).toBe('PAR1');
      const footer = file.subarray(file.length - 8 - length, file.length - 8);
      const meta = readStruct(footer);
      expect(field(meta, 3)?.value).toBe(300000n); // FileMetaData.num_rows
      const rowGroups = field(meta, 4)?.value as { items: TStruct[] };
      expect(rowGroups.items.length).toBeGreaterThanOrEqual(3);
      expect(Buffer.from(writeStruct(meta)).equals(footer)).toBe(true);
    });
  });
});
