import { setMaxListeners } from 'node:events';
import { AbortedError, WorkerError } from '../errors.ts';
import type { CompiledTable } from '../generators/index.ts';
import { chunkProducer } from '../worker/chunk-generator.ts';
import type { EncodedBytes, EncoderFactory } from '../worker/encoder.ts';
import {
  type ChunkReply,
  type ChunkResult,
  type ChunkTask,
  chunkBytes,
  type WorkerConfig,
} from '../worker/messages.ts';

/** Runs chunk tasks somewhere (this thread, or a pool) and gives back their encoded bytes. */
export interface ChunkRunner {
  run(task: ChunkTask): Promise<ChunkResult>;
  /** Stops the workers; call only after every `run()` promise has settled, or to cancel them all. */
  close(): Promise<void>;
}

/** How a pool runner starts its workers and reports retries. */
export interface PoolRunnerConfig {
  readonly worker: WorkerConfig;
  readonly threads: number;
  /** Path or file URL of the worker module. */
  readonly filename: string;
  readonly signal: AbortSignal | undefined;
  readonly onRetry: (task: ChunkTask, attempt: number, error: unknown) => void;
}

/** A failed chunk is tried this many more times: generation is a pure function, so a retry is safe. */
export const MAX_RETRIES = 2;

/** Runs chunks on the calling thread, with the columns the planner compiled: for tiny jobs and `workers: 0`. */
export function createInlineRunner(
  worker: WorkerConfig,
  createEncoder: EncoderFactory<EncodedBytes>,
  compiled: readonly CompiledTable[],
): ChunkRunner {
  const produce = chunkProducer(worker, createEncoder, compiled);
  return {
    run: async (task) => produce(task),
    close: async () => {},
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs chunks on a piscina pool (imported only when a pool is needed, to keep tiny runs fast). Each
 * chunk is retried up to `MAX_RETRIES` times when its worker throws or dies; piscina replaces a dead
 * worker by itself.
 */
export async function createPoolRunner(config: PoolRunnerConfig): Promise<ChunkRunner> {
  const { Piscina } = await import('piscina');
  const pool = new Piscina<ChunkTask, ChunkReply>({
    filename: config.filename,
    minThreads: config.threads,
    maxThreads: config.threads,
    workerData: config.worker,
    // Workers are CPU-bound and hold no sockets; an idle one may block ('sync'), which is cheapest.
    atomics: 'sync',
    // A young generation of 8 MiB instead of V8's default (16 MiB semi-spaces): the relational datasets'
    // workers peak ~8 MiB lower each (retail large, 2 workers: 167 vs 182 MiB), at the same speed
    // (wall 0.99x: retail large 14 days to files, 5 pairs, and items 4e6 to /dev/null, 7 pairs, medians).
    // The memory models (encoders/) assume it.
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
    // No run- and wait-time histograms (piscina's default): nothing reads them, and both threads pay per task.
    recordTiming: false,
  });
  // Without a listener, a worker that fails to load becomes an uncaughtException (see piscina docs).
  pool.on('error', () => {});
  // One abort listener per task in flight: a signal of our own, so that many workers raise no
  // MaxListenersExceededWarning on the caller's signal, which gets a single listener.
  const own = new AbortController();
  setMaxListeners(0, own.signal);
  const forward = (): void => own.abort(config.signal?.reason);
  config.signal?.addEventListener('abort', forward, { once: true });
  if (config.signal?.aborted === true) forward();
  const signal = own.signal;
  let closed = false;
  return {
    async run(task) {
      for (let attempt = 0; ; attempt++) {
        try {
          // A retry may reuse the slot: the worker that failed is dead or done, nothing writes there any more.
          return chunkBytes(task, await pool.run(task, { signal }));
        } catch (error) {
          if (signal.aborted) throw new AbortedError(signal.reason);
          if (closed) throw error; // the run is over (failed elsewhere): nothing to retry for
          if (attempt >= MAX_RETRIES) {
            throw new WorkerError(
              `rows ${task.start}-${task.start + task.count - 1} of table #${task.table} failed ${attempt + 1} times in a worker: ${describe(error)}`,
              { cause: error },
            );
          }
          config.onRetry(task, attempt + 1, error);
        }
      }
    },
    close: async () => {
      closed = true;
      config.signal?.removeEventListener('abort', forward);
      await pool.destroy();
    },
  };
}
