/**
 * Sinks: where encoded bytes go. The coordinator writes each table's chunks in order through a
 * `TableOutput`, awaiting every write (that await is the backpressure), then commits the run, or aborts it.
 */

import type { TableDefinition } from '../dataset/types.ts';

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
   * `path` is where a user will find it (a file, a table), or null (stdout).
   */
  open(table: TableDefinition, partition?: string): Promise<{ output: TableOutput; path: string | null }>;
  /** Makes every ended output visible at once, then writes `manifest` (if the sink keeps one); returns its path. */
  commit(manifest: unknown): Promise<string | null>;
  /**
   * Removes everything this run wrote and leaves what was there before; safe to call at any point, twice.
   * `reason` is what went wrong, for sinks that record runs.
   */
  abort(reason?: unknown): Promise<void>;
  /** Appending sinks: the first row id after the rows `table` already holds, so that ids continue. */
  nextRow?(table: TableDefinition): Promise<number>;
}
