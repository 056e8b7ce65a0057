import type { Writable } from 'node:stream';
import type { DatasetDefinition } from '../dataset/types.ts';
import type { ParquetCompression } from '../encoders/parquet-options.ts';
import type { FormatName } from '../encoders/types.ts';
import type { PgMode } from '../sinks/postgres-sink.ts';
import type { Shard } from '../plan/chunk-plan.ts';
import type { GenerateEvent } from './events.ts';

/** Everything `generate()` accepts; every field is optional. */
export interface GenerateOptions {
  /** A built-in dataset name or a definition; default `items`. */
  readonly dataset?: string | DatasetDefinition;
  /**
   * Rows of the dataset's largest table; the other tables keep their proportions (for one table: its rows).
   * Default: each table's own rows at `scale`.
   */
  readonly rows?: number;
  /** A factor on every table's rows, or a name the dataset defines (`small`, `large`…). Default 1. */
  readonly scale?: number | string;
  /** Tables keyed by date: this many days, ending at `date`. */
  readonly days?: number;
  /** Tables keyed by date: the first day, `YYYY-MM-DD` (with `to`, or up to `date`). */
  readonly from?: string;
  /** Tables keyed by date: the last day, `YYYY-MM-DD`. */
  readonly to?: string;
  /** Files: one Hive-style directory per day (`orders/year=2026/month=01/day=31/orders.csv`) for tables with days. */
  readonly partitionBy?: 'day';
  /** Any non-negative safe integer; default 0. Same seed and options, same bytes. */
  readonly seed?: number;
  /**
   * The reference "today" as `YYYY-MM-DD`; default the current UTC date (recorded in the report). For a
   * dataset keyed by date, `date` alone (no `days`, `from`, `to`) makes just that day's rows.
   */
  readonly date?: string;
  /** Default `ndjson`. */
  readonly format?: FormatName;
  /** A directory (default `out`), or `-` for `stdout`. */
  readonly out?: string;
  /** Postgres: a connection URL (implies `format: 'pg'`); else DATABASE_URL, else the PG* variables. */
  readonly url?: string;
  /** Postgres: the schema of the tables. Default `public`. */
  readonly schema?: string;
  /**
   * Postgres: `overwrite` (default) replaces the dataset's tables; `append` adds rows to them (creating
   * missing ones), continuing after each table's last id unless `startId` is given.
   */
  readonly mode?: PgMode;
  /** Postgres, overwrite mode: COPY connections loading each table at once. Default 2. */
  readonly connections?: number;
  /** Postgres: record the run in `shardgen_runs` in the target schema. Default true. */
  readonly runLog?: boolean;
  /**
   * The first row id to make (default 0): rows `startId .. startId + rows - 1` of every table, the same
   * rows a bigger run makes there. A sequence key is `start + row × step`, so for `items` it is the first id.
   */
  readonly startId?: number;
  /** Where `out: '-'` writes; default `process.stdout`. */
  readonly stdout?: Writable;
  /** Worker threads; 0 generates on the calling thread. Default: the CPUs the process may use (a container's quota counts). Tiny jobs never start a pool. */
  readonly workers?: number;
  /** Rows per chunk handed to a worker; changes speed and memory, never the output. Default 32768. Text formats only. */
  readonly chunkRows?: number;
  /** Parquet: rows per row group (each is encoded by one worker). Default 524,288. */
  readonly rowGroupRows?: number;
  /** Parquet: `snappy` (default), `zstd` or `none`. */
  readonly compression?: ParquetCompression;
  /** Make slice `index` of `count` of every table. */
  readonly shard?: Shard;
  /**
   * Replace tables and files that gen did not make (a table without gen's comment, a file no gen manifest
   * lists). Default false: such a target is refused before anything is generated.
   */
  readonly force?: boolean;
  /** When another run holds the output (the same directory and shard, or the same tables), wait for it. */
  readonly wait?: boolean;
  /**
   * Seconds to wait for a lock: another run's (with `wait`), and in Postgres each lock the load's DDL and
   * the swap take (`lock_timeout`). Default 30.
   */
  readonly lockTimeout?: number;
  /**
   * Bytes the run may use (e.g. a container's limit). Fewer workers then run, and Parquet row groups
   * shrink when `rowGroupRows` is not given, to fit. Default: the cgroup's memory limit, if any (which
   * reduces workers only, so that output never depends on the machine).
   */
  readonly memory?: number;
  /** Flush files to the device before they get their final names. Default false. */
  readonly fsync?: boolean;
  /**
   * Compute the SHA-256 of every output (in the manifest and report). Default true. It costs ~0.1 CPU-s per
   * 1e6 NDJSON rows on the coordinator (OpenSSL with SHA-NI, 1.5 GB/s here): 9-14% of a run's CPU in the
   * two full benchmark runs (bench/README.md, `gen -w 2` vs `gen -w 2 --no-checksum`).
   */
  readonly checksum?: boolean;
  /** Cancels the run; it then rejects with `AbortedError` and leaves no output behind. */
  readonly signal?: AbortSignal;
  /** Progress and retry events, for progress bars and logs. */
  readonly onEvent?: (event: GenerateEvent) => void;
  /** The piscina worker module (path or file URL); only tests replace it, e.g. with one that crashes. */
  readonly workerModule?: string;
}

/** Largest `workers`: far above any core count, low enough to catch a typo such as 999999. */
export const MAX_WORKERS = 256;
/**
 * Default rows per chunk. Measured early in development (1e7 NDJSON rows, 2 workers, no checksum, one run
 * each): 4,096 rows 4.92 s, 8,192 4.50 s, 16,384 4.31 s, 65,536 4.62 s; 32,768 was within the noise of
 * 16,384 and halves the messages.
 */
export const DEFAULT_CHUNK_ROWS = 32_768;
/** Bounds of `chunkRows`: one row, and a chunk whose encoding stays far below the 2 GiB buffer limit. */
export const MAX_CHUNK_ROWS = 1_000_000;
/**
 * Default rows per Parquet row group. Larger groups encode a little faster and smaller (per 1e6 items
 * rows: 538 ms and 21 B/row at 1M rows per group, 641 ms and 24 B/row at 256k, 862 ms and 29 B/row at 64k;
 * SNAPPY, one thread), but each worker holds one group in Arrow and wasm memory, which never shrinks:
 * 4e6 rows, peak RSS with 1 / 2 / 8 workers 374 / 563 / 1,406 MiB at 524,288 rows per group and
 * 207 / 289 / 775 MiB at 131,072 (2 workers: 2.40 s vs 2.46 s), so that 8 workers fit in 1 GiB.
 * DuckDB writes 122,880 rows per group.
 */
export const DEFAULT_ROW_GROUP_ROWS = 131_072;
/** Largest row group: its Arrow and Parquet buffers must stay well inside a worker's memory. */
export const MAX_ROW_GROUP_ROWS = 8_388_608;
/**
 * Jobs of at most this many rows run without a pool: a pool of two is ready after 85-110 ms (STACK-NOTES
 * §1), while one thread generates and encodes ~1.9-2.3 M NDJSON rows/s here (measured on the chunk
 * generator alone), i.e. ~200k rows in that time; 100k keeps tiny jobs clear of the start-up cost.
 */
export const INLINE_MAX_ROWS = 100_000;

/** Default `lockTimeout`, seconds: a reader holding a table is not made to wait long behind our swap. */
export const DEFAULT_LOCK_TIMEOUT = 30;
/** Largest `lockTimeout`: a day. */
export const MAX_LOCK_TIMEOUT = 86_400;

/** Largest `connections`: each is a server backend; far above what helps on any machine we measured. */
export const MAX_CONNECTIONS = 64;
/** Default COPY connections; see bench/README.md for the measurement behind it. */
export const DEFAULT_CONNECTIONS = 2;
