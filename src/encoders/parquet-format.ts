import { siblingModule } from '../module-url.ts';
import type { ParquetCompression } from './parquet.ts';
import { createParquetStitcher } from './parquet-stitcher.ts';
import type { FormatRecord } from './types.ts';

const MIB = 1024 * 1024;

/**
 * Parquet's memory model: each worker holds one row group in Arrow and in the wasm memory of arrow-rs, which
 * grows to the largest row group and never shrinks. Measured with /usr/bin/time (peak RSS), `items`, 4e6
 * rows: 207 / 289 / 775 MiB for 1 / 2 / 8 workers at 131,072 rows per row group (~82 MiB each); 374 / 563
 * MiB / 1.4 GiB at 524,288 (~180 MiB each). A worker grows with its row group times the width of the widest
 * table (items has 7 columns: ~270 B a row); the figures round those up.
 */
const PARQUET_BASE = 160 * MIB;
const PARQUET_WORKER = 56 * MIB;
const PARQUET_BYTES_PER_CELL = 40;

/**
 * Parquet (its own file, apart from the encoder, so that choosing it loads no wasm: the encoder module is
 * loaded by the workers only). Chunks are row groups, encoded in parallel and stitched into one file.
 * Default rows per row group: larger groups encode a little faster and smaller (per 1e6 items rows: 538 ms
 * and 21 B/row at 1M rows per group, 641 ms and 24 B/row at 256k, 862 ms and 29 B/row at 64k; SNAPPY, one
 * thread), but cost memory per worker (above): at 131,072, 8 workers fit in 1 GiB (2 workers: 2.40 s vs
 * 2.46 s at 524,288). DuckDB writes 122,880 rows per group.
 */
export const parquetFormat: FormatRecord<'parquet'> = {
  name: 'parquet',
  extension: 'parquet',
  encoder: {
    worker: siblingModule(import.meta.url, '../../workers/parquet-worker'),
    load: async () => (await import('./parquet.ts')).createParquetEncoder,
  },
  options: { compression: ['snappy', 'zstd', 'none'] satisfies ParquetCompression[] },
  // The largest row group keeps its Arrow and Parquet buffers well inside a worker's memory.
  chunking: { option: 'rowGroupRows', defaultRows: 131_072, maxRows: 8_388_608, shrinks: true },
  needsChunk: true,
  sinks: ['files', 's3', 'stdout'],
  createFramer() {
    const stitcher = createParquetStitcher();
    return {
      start: () => [stitcher.start()],
      push: (chunk) => stitcher.push(chunk),
      finish: () => [stitcher.finish()],
    };
  },
  memory: (chunkRows, columns) => ({
    baseBytes: PARQUET_BASE,
    perWorkerBytes: PARQUET_WORKER + PARQUET_BYTES_PER_CELL * columns.widest * chunkRows,
  }),
};
