/**
 * A Parquet file's rows, one row group at a time, as gen's CSV would print their values: the file is
 * opened as a Blob (read lazily, in slices), so memory holds one row group. Read with parquet-wasm (the
 * arrow-rs reader) and apache-arrow, the libraries that wrote it.
 */
import { openAsBlob } from 'node:fs';
import type { ColumnDefinition, TableDefinition } from '../dataset/types.ts';
import type { RowValues } from './classify.ts';

/** A value read from Arrow as `rowValues('csv', …)` reads gen's CSV: numbers, text, NULL. */
function csvValue(column: ColumnDefinition, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type.kind) {
    case 'int64':
      return Number(value);
    case 'decimal':
      return decimalOf(value as Uint32Array, column.type.scale);
    case 'timestamp':
      return new Date(Number(value)).toISOString();
    case 'date':
      return new Date(Number(value)).toISOString().slice(0, 10);
    case 'time':
      return new Date(Number(value)).toISOString().slice(11, 23);
    case 'bool':
      return value === true ? 'true' : 'false';
    default:
      return typeof value === 'number' ? value : String(value);
  }
}

/** An Arrow decimal (little-endian 32-bit words, two's complement) as a number with `scale` decimals. */
function decimalOf(words: Uint32Array, scale: number): number {
  let big = 0n;
  for (let i = words.length - 1; i >= 0; i--) big = (big << 32n) | BigInt(words[i]!);
  if ((words[words.length - 1]! & 0x80000000) !== 0) big -= 1n << BigInt(32 * words.length);
  return Number(big) / 10 ** scale;
}

/** The row groups of `path`, each as its rows' values in table order. */
export async function* parquetRowGroups(path: string, table: TableDefinition): AsyncGenerator<RowValues[]> {
  const [{ ParquetFile }, { tableFromIPC }] = await Promise.all([import('parquet-wasm'), import('apache-arrow')]);
  const file = await ParquetFile.fromFile(await openAsBlob(path));
  try {
    const groups = file.metadata().numRowGroups();
    for (let g = 0; g < groups; g++) {
      const read = tableFromIPC((await file.read({ rowGroups: [g] })).intoIPCStream());
      const columns = table.columns.map((c) => read.getChild(c.name));
      const rows: RowValues[] = [];
      for (let r = 0; r < read.numRows; r++) rows.push(table.columns.map((c, i) => csvValue(c, columns[i]?.get(r))));
      yield rows;
    }
  } finally {
    file.free();
  }
}
