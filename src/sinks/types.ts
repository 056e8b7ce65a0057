/**
 * Sinks: where encoded bytes go. The coordinator writes each table's chunks in order through a
 * `TableOutput`, awaiting every write (that await is the backpressure), then commits the run, or aborts it.
 * Each kind of sink is one `SinkRecord` (`sinks.ts` lists them): how options choose it, how they are
 * checked into its target (plain data in the run plan), and how it opens.
 */

import type { Writable } from 'node:stream';
import type { DatasetDefinition, TableDefinition } from '../dataset/types.ts';
import type { DirtyConfig } from '../dirty/defects.ts';
import type { RowIdRange } from '../generators/types.ts';
import type { Shard } from '../plan/chunk-plan.ts';
import type { Namer } from '../plan/sizing.ts';

/** The bytes of one table, written in order. */
export interface TableOutput {
  /** Writes the next bytes; resolves when the destination can take more. */
  write(bytes: Uint8Array): Promise<void>;
  /** Flushes and closes; the output stays invisible under its final name until the sink commits. */
  end(): Promise<void>;
}

/** A destination for one run. */
export interface Sink {
  /**
   * Opens the output of one table, or of one of its partitions (`year=2026/month=01/day=31`: files only).
   * `path` is where a user will find it (a file, a table), or null (stdout); `file` is how the manifest
   * names it (relative to the manifest), or null.
   */
  open(
    table: TableDefinition,
    partition?: string,
  ): Promise<{ output: TableOutput; path: string | null; file: string | null }>;
  /**
   * Files sinks: opens a file beside the tables (`defects.ndjson`, with the shard's suffix), committed with
   * them; `base` must be among the run's `sideFiles`.
   */
  openSide?(base: string, extension: string): Promise<{ output: TableOutput; path: string; file: string }>;
  /** Makes every ended output visible at once, then writes `manifest` (if the sink keeps one); returns its path. */
  commit(manifest: unknown): Promise<string | null>;
  /**
   * Removes everything this run wrote and leaves what was there before; safe to call at any point, twice.
   * `reason` is what went wrong, for sinks that record runs.
   */
  abort(reason?: unknown): Promise<void>;
  /** Appending sinks: the first row id after the rows `table` already holds, so that ids continue. */
  nextRow?(table: TableDefinition): Promise<number>;
  /** Appending sinks: the rows `table` already holds that new rows may refer to, as row-id ranges. */
  existingRows?(table: TableDefinition): Promise<readonly RowIdRange[]>;
}

/**
 * A step of a sink that takes a while after a table's last row (building keys, adding foreign keys, the
 * swap, recording the run) or while reading rows back: reported when it starts, and when it ends.
 */
export interface SinkPhase {
  /** What is being done, in words: `building the keys of orders`. */
  readonly step: string;
  readonly state: 'start' | 'end';
}

/** The options sinks read: the part of `GenerateOptions` that says where the data goes. */
export interface TargetOptions {
  readonly out?: string;
  readonly url?: string;
  readonly schema?: string;
  readonly mode?: 'overwrite' | 'append';
  readonly connections?: number;
  readonly runLog?: boolean;
  readonly rows?: number;
  readonly startId?: number;
}

/** What a sink's `plan` may look at besides the options. */
export interface TargetContext {
  readonly dataset: DatasetDefinition;
  /** The chosen format's name (its record says which sinks take it). */
  readonly format: string;
  readonly shard: Shard | null;
  /** How errors name an option (`--rows` or `options.rows`). */
  readonly name: Namer;
}

/** What a run tells its sink when it opens it. */
export interface SinkRun {
  readonly dataset: DatasetDefinition;
  readonly seed: number;
  readonly date: string;
  readonly shard: Shard | null;
  /** The run's file name extension (the format's). */
  readonly extension: string;
  /** Every table (and partition) the run writes, in order, with its row ids `[start, end)`. */
  readonly outputs: readonly {
    readonly table: string;
    readonly partition?: string;
    readonly start: number;
    readonly end: number;
  }[];
  /** The days of a dataset keyed by date, or null. */
  readonly days: { readonly from: string; readonly to: string } | null;
  /** `--dirty`: the run's defects (a database leaves out the constraints they may break), or null. */
  readonly dirty: DirtyConfig | null;
  /** Files beside the tables (`{ base: 'defects', extension: 'ndjson' }`), written with `openSide`. */
  readonly sideFiles: readonly { readonly base: string; readonly extension: string }[];
  /** The options as recorded in a run log. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly fsync: boolean;
  readonly force: boolean;
  /** Waiting for another run's lock: whether, and how long. */
  readonly lock: { readonly wait: boolean; readonly timeoutMs: number; readonly signal: AbortSignal | undefined };
  readonly signal: AbortSignal | undefined;
  /** Where stdout goes. */
  readonly stdout: Writable;
  /** Told when a step after the rows starts and ends (`SinkPhase`). */
  readonly onPhase?: (phase: SinkPhase) => void;
}

/** One kind of sink, all of it: a new sink is one file exporting its record plus one line in `sinks.ts`. */
export interface SinkRecord<Target extends { readonly kind: string }> {
  readonly kind: Target['kind'];
  /** Options only this kind of sink takes, and how to ask for it (for "applies to … only" errors). */
  readonly options: readonly (keyof TargetOptions)[];
  asking(name: Namer): string;
  /** Whether `options` ask for this sink; the first record (in `sinks.ts` order) that is asked for is used. */
  claims(options: TargetOptions, format: string | undefined): boolean;
  /** Checks its options into its target: plain data, kept in the run plan. */
  plan(options: TargetOptions, context: TargetContext): Target;
  /** The target in words, for `--dry-run`. */
  describe(target: Target): string;
  /** Whether it writes files (partitions need folders). */
  readonly files: boolean;
  /**
   * The tables of a dataset it takes: `one` (a single stream), `any` selection, or `all` of them (a
   * database load, whose foreign keys need every parent).
   */
  readonly tables: 'one' | 'any' | 'all';
  /** Whether it frames each table's bytes itself (a COPY stream), instead of the format's framer. */
  readonly framesItself: boolean;
  open(target: Target, run: SinkRun): Promise<Sink>;
}
