import type { TableDefinition } from '../dataset/types.ts';
import { siblingModule } from '../module-url.ts';
import type { EncodedBytes, EncoderFactory, EncoderOptions } from '../worker/encoder.ts';

/**
 * Frames a table's encoded chunks into the bytes of one file, on the coordinator: a CSV header, or
 * Parquet's magic, stitched row groups and footer. Each method returns the bytes to write next.
 */
export interface Framer {
  start(): Uint8Array[];
  push(chunk: Uint8Array): Uint8Array[];
  finish(): Uint8Array[];
}

/** Peak memory of a run writing a format: the coordinator's share plus one share per worker. */
export interface MemoryModel {
  readonly baseBytes: number;
  readonly perWorkerBytes: number;
}

/** How a format cuts tables into chunks: the option that sizes them, its default and its bound. */
export interface Chunking {
  /** `chunkRows` (text formats) or `rowGroupRows` (Parquet: a chunk is a row group). */
  readonly option: 'chunkRows' | 'rowGroupRows';
  readonly defaultRows: number;
  readonly maxRows: number;
  /** Whether a memory limit may shrink the chunks (only for an explicit limit: the bytes change). */
  readonly shrinks: boolean;
  /** A larger default for datasets of at most `columns` columns in all (each worker buffers every column). */
  readonly narrow?: { readonly columns: number; readonly rows: number };
}

/**
 * One output format, all of it: a new format is one file exporting its record (and its encoder) plus one
 * line in `formats.ts`.
 */
export interface FormatRecord<Name extends string = string> {
  readonly name: Name;
  /** File name extension, without the dot. */
  readonly extension: string;
  /**
   * Its encoder: the pool's worker module (a file URL in `workers/`: code crosses to a thread only as a
   * module path), and the factory itself, at hand (`create`) or imported on first use (`load`: a heavy
   * encoder, such as Parquet's wasm, that other runs should not load).
   */
  readonly encoder: { readonly worker: string } & (
    | { readonly create: EncoderFactory }
    | { load(): Promise<EncoderFactory<EncodedBytes>> }
  );
  /** Its own options (e.g. Parquet's `compression`), each with its values; the first value is the default. */
  readonly options: Readonly<Record<string, readonly string[]>>;
  readonly chunking: Chunking;
  /** Every table gets at least one chunk, even empty (Parquet takes its schema from one). */
  readonly needsChunk: boolean;
  /** The sinks that take it, by kind (`files`, `stdout`, `postgres`). */
  readonly sinks: readonly string[];
  /** The framer of one table's file; `first` says whether the file starts the table (not a later shard). */
  createFramer(table: TableDefinition, first: boolean): Framer;
  /** Its memory model at `chunkRows` rows per chunk, for a dataset of `columns`. */
  memory(chunkRows: number, columns: DatasetColumns): MemoryModel;
  /** Whether its encoder, with these options, takes each chunk through buffers a native codec allocates. */
  nativeBuffers?(options: EncoderOptions): boolean;
}

/** The worker module of the formats whose encoders load with this registry (plain TypeScript, no wasm). */
const TEXT_WORKER = siblingModule(import.meta.url, '../../workers/text-worker');

/** The encoder factory of `format`, imported if it is not at hand. */
export async function encoderOf(format: FormatRecord): Promise<EncoderFactory<EncodedBytes>> {
  return 'create' in format.encoder ? format.encoder.create : await format.encoder.load();
}

/** Tuples only, no header or trailer: for sinks that frame the bytes themselves (a Postgres load). */
export const TUPLES_ONLY: Framer = { start: () => [], push: (chunk) => [chunk], finish: () => [] };

/** The columns a memory model sizes buffers by: of the widest table, and of all tables together. */
export interface DatasetColumns {
  readonly widest: number;
  readonly total: number;
}

const MIB = 1024 * 1024;

/**
 * The memory model of the text formats. A worker compiles every table it is given chunks of, and each
 * column keeps chunk-sized buffers (its values, and the spans that lookups read), so a worker grows with
 * the dataset's columns times the chunk. Measured with /usr/bin/time (peak RSS), NDJSON files, 1 / 2 / 4
 * workers, 32,768 rows a chunk: `items` 4e6 rows (7 columns) 87 / 115 / 170 MiB, ~28 MiB a worker;
 * `retail --scale large --days 14` (39 columns) 122 / 167 / 264 MiB (440 MiB at 8), ~49 MiB a worker;
 * catalog (32) ~40, shiny-rocks (23) ~30, transactions (10) ~26. At 65,536 rows (`items`' default since, see
 * `TEXT_CHUNKING`) a worker takes ~9.5 MiB more (2e6 rows, 4 workers: 225-232 MiB against 191 at 32,768),
 * ~40 bytes a cell: its output slots grow too. 24 MiB plus 28 bytes a cell bounds them all.
 */
const TEXT_BASE_BYTES = 96 * MIB;
const TEXT_WORKER_BYTES = 24 * MIB;
const TEXT_BYTES_PER_CELL = 28;

/**
 * Default rows per chunk of the text formats. Measured early in development (1e7 NDJSON rows, 2 workers, no
 * checksum, one run each): 4,096 rows 4.92 s, 8,192 4.50 s, 16,384 4.31 s, 65,536 4.62 s; 32,768 was
 * within the noise of 16,384 and halves the messages. Since then a chunk's own cost fell, and the
 * coordinator's part became much of what a chunk costs: two piscina tasks (generate, hash), 80-110 µs of its
 * CPU each (2,000 empty tasks on a 2-thread pool, the main thread's CPU from /proc/self/task). For
 * datasets of few columns 65,536 rows pay (`items` 1e7 rows to /dev/null, 2 workers, 8 alternating pairs, medians:
 * CSV 0.96x the wall, NDJSON 0.95x, +8 and +18 MiB peak). For wide ones they do not (`retail --scale
 * large`, 39 columns, one run each with /usr/bin/time: 0.98x the wall for +46 MiB), so those keep 32,768.
 */
export const TEXT_CHUNKING: Chunking = {
  option: 'chunkRows',
  defaultRows: 32_768,
  maxRows: 1_000_000,
  shrinks: false,
  narrow: { columns: 8, rows: 65_536 },
};

/** The record of a format whose encoder is plain TypeScript (served by the text worker), chunked by rows. */
export function textFormat<Name extends string>(
  name: Name,
  extension: string,
  create: EncoderFactory,
  createFramer: FormatRecord['createFramer'],
  sinks: readonly string[],
): FormatRecord<Name> {
  const encoder = { worker: TEXT_WORKER, create };
  return {
    name,
    extension,
    encoder,
    options: {},
    chunking: TEXT_CHUNKING,
    needsChunk: false,
    sinks,
    createFramer,
    memory: (chunkRows, columns) => ({
      baseBytes: TEXT_BASE_BYTES,
      perWorkerBytes: TEXT_WORKER_BYTES + TEXT_BYTES_PER_CELL * columns.total * chunkRows,
    }),
  };
}

/** The framer of formats whose chunks simply follow one another, after an optional header. */
export function plainFramer(header: readonly Uint8Array[], trailer: readonly Uint8Array[] = []): Framer {
  return { start: () => [...header], push: (chunk) => [chunk], finish: () => [...trailer] };
}
