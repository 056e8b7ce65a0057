import type { Writable } from 'node:stream';
import type { PlanOptions } from '../planner/options.ts';
import type { GenerateEvent } from './events.ts';

/** How a run is run, beside what it makes: where stdout goes, cancelling, events. */
export interface RunControls {
  /** Where `out: '-'` writes; default `process.stdout`. */
  readonly stdout?: Writable;
  /** Cancels the run; it then rejects with `AbortedError` and leaves no output behind. */
  readonly signal?: AbortSignal;
  /** Progress and retry events, for progress bars and logs. */
  readonly onEvent?: (event: GenerateEvent) => void;
  /** The piscina worker module (path or file URL); only tests replace it, e.g. with one that crashes. */
  readonly workerModule?: string;
}

/** Everything `generate()` accepts: what to make and where (`PlanOptions`), and how to run it; all optional. */
export interface GenerateOptions extends PlanOptions, RunControls {}
