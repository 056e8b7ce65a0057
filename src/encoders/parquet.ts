import { Table, tableToIPC } from 'apache-arrow';
import { Compression, EnabledStatistics, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';
import type { ColumnDefinition, TableDefinition } from '../dataset/types.ts';
import { TOOL } from '../version.ts';
import { arrowBatch, arrowSchema } from './arrow-batch.ts';
import { outputBuffer } from './column-slots.ts';
import type { ParquetCompression } from './parquet-options.ts';
import type { EncoderFactory } from './index.ts';
import type { Batch, Encoder } from './types.ts';

const CODECS: Record<ParquetCompression, Compression> = { snappy: Compression.SNAPPY, zstd: Compression.ZSTD, none: Compression.UNCOMPRESSED };

/** Columns with at most this many distinct values get dictionary encoding (Parquet's RLE_DICTIONARY). */
const DICTIONARY_MAX_VALUES = 65_536;

/**
 * Whether a column has few enough distinct values for a dictionary to pay. Trying a dictionary on a
 * column of unique values (ids, names, timestamps) only to fall back to plain encoding doubled the
 * encoding time (509 vs 251 ms per 1e6 rows in STACK-NOTES §5), so it is on only where it wins.
 */
function lowCardinality(column: ColumnDefinition): boolean {
  const g = column.generator;
  return g.kind === 'choice' || (g.kind === 'int' && g.max - g.min < DICTIONARY_MAX_VALUES);
}

/**
 * Parquet, one complete one-row-group file per batch (parquet-wasm, i.e. arrow-rs, compiled to wasm), so
 * that workers encode row groups in parallel; the coordinator stitches them into one file
 * (`parquet-stitcher.ts`). The batch is handed over as an Arrow IPC stream, the format parquet-wasm reads.
 */
export function createParquetEncoder(table: TableDefinition, compression: ParquetCompression): Encoder {
  const schema = arrowSchema(table);
  // created_by without a build id, so that the bytes only change when the version does.
  const dictionaryColumns = table.columns.filter(lowCardinality).map((column) => column.name);
  const properties = (): ReturnType<WriterPropertiesBuilder['build']> => {
    let builder = new WriterPropertiesBuilder()
      .setCompression(CODECS[compression])
      .setCreatedBy(`${TOOL.name} ${TOOL.version}`)
      // Chunk-level min/max only: page-level statistics feed page indexes, which stitching leaves out.
      .setStatisticsEnabled(EnabledStatistics.Chunk)
      .setDictionaryEnabled(false);
    for (const name of dictionaryColumns) builder = builder.setColumnDictionaryEnabled(name, true);
    return builder.build();
  };
  return {
    encode(batch: Batch, slot?: SharedArrayBuffer): Uint8Array {
      const ipc = tableToIPC(new Table([arrowBatch(table, schema, batch)]), 'stream');
      // writeParquet consumes both the wasm table and the properties, so each batch gets fresh ones.
      const file = writeParquet(WasmTable.fromIPCStream(ipc), properties());
      const out = outputBuffer(file.length, slot).subarray(0, file.length);
      out.set(file);
      return out;
    },
  };
}

/** `createParquetEncoder` as an `EncoderFactory`. */
export const parquetEncoderFactory: EncoderFactory = (table, options) => createParquetEncoder(table, options.compression);
