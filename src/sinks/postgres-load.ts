import type { TableDefinition } from '../dataset/types.ts';
import type { LooseConstraints } from '../dirty/defects.ts';
import type { PgConnection } from './postgres-connection.ts';
import type { DayWindow, RowRange } from './postgres-days.ts';
import type { TableLockOptions } from './postgres-guard.ts';
import type { RunRecord } from './postgres-run-log.ts';
import type { MissingEnum } from './postgres-types.ts';
import type { SinkPhase, TableOutput } from './types.ts';

/** How a Postgres load treats tables that already exist. */
export type PgMode = 'overwrite' | 'append';

/** Where and how a `PostgresSink` loads. */
export interface PostgresSinkConfig {
  /** A connection URL; when absent, pg reads the standard PG* variables. */
  readonly url: string | undefined;
  readonly schema: string;
  /** Every table of the dataset, for foreign keys. */
  readonly tables: readonly TableDefinition[];
  /** The constraints a dirty run leaves out (`STRICT` for a clean one). */
  readonly loose: LooseConstraints;
  readonly mode: PgMode;
  /** COPY connections loading each table at once (overwrite mode; append loads on one). */
  readonly connections: number;
  /** What to record in `shardgen.runs`, or null for no run log. */
  readonly run: RunRecord | null;
  /** The dataset's name, for the comment that marks the tables gen made. */
  readonly dataset: string;
  /** Replace tables that gen did not make. */
  readonly force: boolean;
  /** Waiting for locks: another run's tables (`wait`), and the server's `lock_timeout` for DDL and the swap. */
  readonly lock: TableLockOptions;
  /** Cancels the load; the statement running on the server (a key build, the swap) is cancelled too. */
  readonly signal: AbortSignal | undefined;
  /** The run's days (a dataset keyed by date) and each table's rows: what an append of loaded days replaces. */
  readonly days: DayWindow | null;
  readonly ranges: readonly RowRange[];
  /** Told when each step after the rows starts and ends. */
  readonly onPhase?: (phase: SinkPhase) => void;
}

/**
 * Runs `work`, the step `step` of a load after its rows, between a start and an end report, so that a key
 * build or a swap of minutes shows what the load is doing (a failure ends with the error instead).
 */
export async function inPhase<T>(config: PostgresSinkConfig, step: string, work: () => Promise<T>): Promise<T> {
  config.onPhase?.({ step, state: 'start' });
  const result = await work();
  config.onPhase?.({ step, state: 'end' });
  return result;
}

/** The part of a load that differs between modes. */
export interface Loader {
  /** Starts loading `table` (the `index`-th of the run); the output's `end()` finishes it, keys included. */
  open(table: TableDefinition, index: number): Promise<TableOutput>;
  /** Makes every loaded table visible; runs inside the final transaction. */
  publish(): Promise<void>;
  /** Staging tables to drop if the run fails. */
  leftovers(): readonly string[];
  /** Closes the connections the loader opened besides the main one. */
  close(): Promise<void>;
}

/** Everything a loader needs to know about its run. */
export interface LoadContext {
  readonly config: PostgresSinkConfig;
  readonly run: string;
  readonly main: PgConnection;
  /** Enum types the database lacks, created with the first table that uses them (`planTypes`). */
  readonly enums: readonly MissingEnum[];
}
