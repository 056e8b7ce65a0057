import type { ChecksumAlgorithm } from '../checksums.ts';
import type { Codec } from '../compression/codecs.ts';
import type { DatasetDefinition } from '../dataset/types.ts';
import type { FormatName } from '../encoders/formats.ts';
import type { ParquetCompression } from '../encoders/parquet.ts';
import type { Shard } from '../plan/chunk-plan.ts';
import type { PgMode } from '../sinks/postgres-load.ts';

/** Everything that decides what a run makes and where (`planRun`); every field is optional. */
export interface PlanOptions {
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
  /** Files and stdout: only these tables (all are sized, so references agree with a whole run). */
  readonly tables?: readonly string[];
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
  /** Postgres: record the run in `shardgen.runs` (a schema of gen's own). Default true. */
  readonly runLog?: boolean;
  /**
   * The first row id to make (default 0): rows `startId .. startId + rows - 1` of every table, the same
   * rows a bigger run makes there. A sequence key is `start + row × step`, so for `items` it is the first id.
   */
  readonly startId?: number;
  /** Worker threads; 0 generates on the calling thread. Default: the CPUs the process may use (a container's quota counts). Tiny jobs never start a pool. */
  readonly workers?: number;
  /**
   * CPUs the run may use (default: the machine's, or its container's CPU quota). Workers are at most
   * this many: more threads than CPUs only take turns, each at the cost of its start-up, its compiler's
   * warm-up and its memory (1e7 NDJSON rows on 2 CPUs: 8 threads took 2.56 s and 332 MiB, 2 took 1.84 s
   * and 152 MiB). The output never depends on it.
   */
  readonly cpus?: number;
  /** Rows per chunk handed to a worker; changes speed and memory, never the output. Default 65536 for datasets of at most 8 columns in all, else 32768. Text formats only. */
  readonly chunkRows?: number;
  /** Parquet: rows per row group (each is encoded by one worker). Default 131,072. */
  readonly rowGroupRows?: number;
  /** Parquet: `snappy` (default), `zstd` or `none`. */
  readonly compression?: ParquetCompression;
  /**
   * NDJSON and CSV files or stdout: `gzip` (`.gz`) or `zstd` (`.zst`), as independent members of
   * 32,768 rows each (the same bytes for any workers, chunk size or shard). Default: none.
   */
  readonly compress?: Codec;
  /** The codec's level: gzip 1-9 (default 6), zstd 1-19 (default 3). */
  readonly compressLevel?: number;
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
   * The checksum of every output in the manifest and report (`checksums.ts`): `xxh128` (default, as
   * `xxh128sum` prints it), `sha256` (as `sha256sum` does; ~0.1 CPU-s more per 1e6 NDJSON rows), or `none`.
   */
  readonly checksum?: ChecksumAlgorithm | 'none';
  /**
   * Labelled dirty data: this share of rows (0 < rate <= 0.5) gets one defect each (a NULL in a NOT NULL
   * column, a number out of its range, an email without `@`, a duplicate key, an orphan foreign key, a
   * timestamp outside its day), listed in `defects.ndjson` beside the manifest. NDJSON, CSV or Parquet files, or a Postgres load.
   */
  readonly dirty?: number;
}

/** Largest `workers`: far above any core count, low enough to catch a typo such as 999999. */
export const MAX_WORKERS = 256;
/**
 * Jobs of at most this many rows run without a pool: a pool of two is ready after 85-110 ms (piscina's start-up,
 * measured here), while one thread generates and encodes ~1.9-2.3 M NDJSON rows/s here (measured on the chunk
 * generator alone), i.e. ~200k rows in that time; 100k keeps tiny jobs clear of the start-up cost.
 */
export const INLINE_MAX_ROWS = 100_000;

/** Default `lockTimeout`, seconds: a reader holding a table is not made to wait long behind our swap. */
export const DEFAULT_LOCK_TIMEOUT = 30;
/** Largest `lockTimeout`: a day. */
export const MAX_LOCK_TIMEOUT = 86_400;
