import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Chunks between two full collections. Young collections free the buffers that die young; a buffer that
 * outlived two of them (one alive across a collection V8 started mid-chunk) sits in the old generation,
 * which V8 alone collects only when its heap or external memory fills. A full collection every 64 chunks
 * (5-14 ms, `node --trace-gc`, against ~40 ms a row group) held `gen --rows 1e8 --format parquet` at
 * 180 MiB peak against 195 without, at 1.04x the CPU (0.92-1.16; peak RSS and CPU of whole processes,
 * 4 alternating pairs against the same build without it, medians); every 256 chunks, 190 MiB at 1.01x.
 * At 2e7 rows: the same peak and 1.01x the CPU.
 */
const FULL_EVERY = 64;

/** V8's collector, as `--expose-gc` names it: a full collection, or `{ type: 'minor' }` a young one. */
type Gc = (options?: { type: 'minor' | 'major' }) => void;

/**
 * `gc` is taken from a context made while `--expose-gc` is set, and the flag is unset at once, so that no
 * other context gets a `gc` global. Undefined where a runtime offers no `gc` (then more memory, same output).
 */
function exposedGc(): Gc | undefined {
  setFlagsFromString('--expose-gc');
  try {
    const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
    return typeof gc === 'function' ? (gc as Gc) : undefined;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/**
 * A collection of this thread's young generation, on request, and of the whole heap every `fullEvery`
 * requests. Why a worker needs one: a native codec
 * (SNAPPY and zstd pages, gzip and zstd members) hands back each output in a new buffer, dead as soon as
 * it is copied into the chunk's shared slot, but freed only when V8 collects it; with little other garbage,
 * V8 waits for its external-memory limit (64 MiB) first, and every worker held that much dead output
 * (Parquet, 1e7 rows, `-w 2`: 241 MiB peak against 190 with a collection after each row group). A young
 * collection right after a chunk finds its buffers dead, so it costs well under a millisecond.
 */
export function youngCollector(fullEvery = FULL_EVERY): () => void {
  const gc = exposedGc();
  if (gc === undefined) return () => {};
  let requests = 0;
  // `gc()`, not `gc({ type: 'major' })`, which left dead old buffers allocated here (Node 20).
  return () => (++requests % fullEvery === 0 ? gc() : gc({ type: 'minor' }));
}

/** Buffer bytes of dropped tables that may wait for V8 before a full collection frees them. */
const DROPPED_BYTES = 8 * 1024 * 1024;

/**
 * A full collection of this thread's heap each time the tables a chunk generator let go (`kept-tables.ts`)
 * add up to `limit` bytes of buffers. Their buffers lived through many chunks, so they sit in the old
 * generation, which V8 collects only when its heap or its external memory (64 MiB) fills: a worker making
 * a schema of hundreds of tables held that much of dead tables' buffers besides its live ones. A full
 * collection of a worker's heap (~20 MiB) takes a few milliseconds, once per `limit` bytes let go.
 */
export function droppedCollector(limit = DROPPED_BYTES): (bytes: number) => void {
  // Taken at the first collection: a run whose tables all stay kept (every built-in dataset) needs none.
  let gc: Gc | undefined | null = null;
  let dead = 0;
  return (bytes) => {
    dead += bytes;
    if (dead < limit) return;
    dead = 0;
    if (gc === null) gc = exposedGc();
    gc?.();
  };
}
