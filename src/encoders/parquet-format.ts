import { siblingModule } from '../module-url.ts';
import type { ParquetCompression } from './parquet.ts';
import { createParquetStitcher } from './parquet-stitcher.ts';
import type { FormatRecord } from './types.ts';

const MIB = 1024 * 1024;

/**
 * Parquet's memory model: each worker holds one row group's vectors and its pages, plain and compressed
 * (`parquet.ts`); the coordinator holds the row groups waiting for their turn. Measured with /usr/bin/time
 * (peak RSS), `items` (7 columns), 4e6 rows: 138 / 187 / 279 MiB for 1 / 2 / 4 workers at 131,072 rows per
 * row group (~47 MiB a worker), 227 / 365 / 574 MiB at 524,288 (~116 MiB); `retail --scale large`, 190 / 332
 * MiB for 1 / 4 workers. A worker is ~28 MiB (its isolate and modules) plus ~26 B per cell of its row
 * group; the figures round those up, and the base covers the coordinator of the widest dataset measured.
 */
const PARQUET_BASE = 144 * MIB;
const PARQUET_WORKER = 28 * MIB;
const PARQUET_BYTES_PER_CELL = 30;

/**
 * Parquet (its own file, apart from the encoder, so that choosing it loads no native codec: the encoder
 * module is loaded by the workers only). Chunks are row groups, encoded in parallel and stitched into one
 * file. Default rows per row group: 131,072, near DuckDB's 122,880; larger groups cost memory per worker
 * (above) and gain nothing here (4e6 items rows, 2 workers: 1.09 s at 131,072, 1.13 s at 524,288).
 */
export const parquetFormat: FormatRecord<'parquet'> = {
  name: 'parquet',
  extension: 'parquet',
  encoder: {
    worker: siblingModule(import.meta.url, '../../workers/parquet-worker'),
    load: async () => (await import('./parquet.ts')).createParquetEncoder,
  },
  options: { compression: ['snappy', 'zstd', 'none'] satisfies ParquetCompression[] },
  // The largest row group keeps its vectors and pages well inside a worker's memory.
  chunking: { option: 'rowGroupRows', defaultRows: 131_072, maxRows: 8_388_608, shrinks: true },
  needsChunk: true,
  sinks: ['files', 's3', 'stdout'],
  createFramer() {
    const stitcher = createParquetStitcher();
    return {
      start: () => [stitcher.start()],
      push: (chunk) => stitcher.push(chunk),
      finish: () => stitcher.finish(),
    };
  },
  nativeBuffers: (options) => options.compression !== 'none',
  memory: (chunkRows, columns) => ({
    baseBytes: PARQUET_BASE,
    perWorkerBytes: PARQUET_WORKER + PARQUET_BYTES_PER_CELL * columns.widest * chunkRows,
  }),
};
