import type { Codec } from '../compression/codecs.ts';
import type { SinkPhase } from '../sinks/types.ts';
import type { DefectsEntry } from './defects-file.ts';
/** What `generate()` reports while it runs, through `onEvent`. */
export type GenerateEvent =
  | {
      readonly type: 'start';
      readonly tables: readonly { readonly name: string; readonly rows: number }[];
      readonly workers: number;
    }
  | {
      /** After each chunk is written. */
      readonly type: 'progress';
      readonly table: string;
      readonly rowsDone: number;
      readonly rowsTotal: number;
      readonly bytes: number;
    }
  | { readonly type: 'table-done'; readonly table: TableReport }
  /** A step after the rows (a Postgres load's keys, foreign keys, swap, run log) started or ended. */
  | ({ readonly type: 'phase' } & SinkPhase)
  | {
      /** A chunk failed in a worker (e.g. the thread died) and is being generated again. */
      readonly type: 'retry';
      readonly table: string;
      readonly start: number;
      readonly attempt: number;
      readonly error: string;
    };

/** What one table of a run produced. */
export interface TableReport {
  readonly name: string;
  /** The day's partition (`year=2026/month=01/day=31`) when the run is partitioned by day. */
  readonly partition?: string;
  /** The final file, or null for stdout. */
  readonly path: string | null;
  readonly rowStart: number;
  readonly rowEnd: number;
  readonly rows: number;
  readonly bytes: number;
  /** The checksum of the bytes written (`xxh128:…` or `sha256:…`, see `checksums.ts`); null with none. */
  readonly checksum: string | null;
}

/** What `generate()` resolves to; also the content of `manifest.json`, minus its paths. */
export interface GenerateReport {
  readonly tool: { readonly name: string; readonly version: string };
  readonly dataset: { readonly name: string; readonly version: number };
  readonly seed: number;
  readonly date: string;
  /** The days of a dataset keyed by date (`YYYY-MM-DD`, inclusive), or null. */
  readonly days: { readonly from: string; readonly to: string } | null;
  readonly format: string;
  readonly shard: { readonly index: number; readonly count: number } | null;
  readonly options: {
    readonly rows: number | null;
    /** `--scale` as given, or null. */
    readonly scale: number | string | null;
    readonly workers: number;
    /** Rows per chunk; for Parquet, rows per row group. */
    readonly chunkRows: number;
    /** `xxh128`, `sha256` or `none`. */
    readonly checksum: string;
    readonly compression?: string;
    /** `--compress`: the text files' codec and level (a shard's rows start on a member's first row). */
    readonly compress?: Codec;
    readonly compressLevel?: number;
  };
  readonly tables: readonly TableReport[];
  readonly startedAt: string;
  readonly wallMs: number;
  /** `dirty`: the defects file and its count (the ground truth `gen check` must find). */
  readonly defects?: DefectsEntry;
  /** The process's peak resident memory so far (all threads: the coordinator and its workers), in bytes. */
  readonly peakRssBytes: number;
  /**
   * CPU seconds so far: the whole process (every thread), and its main thread alone (the coordinator:
   * ordering, hashing, writing), or null where the system has no per-thread figures (Linux has).
   */
  readonly cpu: { readonly processSec: number; readonly mainThreadSec: number | null };
  /** Where the manifest was written, or null (stdout). */
  readonly manifest: string | null;
}
