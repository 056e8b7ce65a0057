import type { Batch, ColumnVector } from '../vectors/column-vector.ts';

const MIB = 1024 * 1024;

/**
 * Compiled tables a generator keeps, the one it makes rows of among them: enough for a day's tables of a
 * daily run in turn (retail's 7) to stay compiled, while a schema of hundreds of tables holds a few, not all.
 */
export const KEPT_TABLES = 8;

/**
 * Column buffers the kept tables other than the one in use may hold together (a table's buffers grow to
 * its largest chunk). Every built-in dataset holds less, all its tables at once (retail `--scale large`:
 * 7.3 MiB at 32,768-row chunks), so it stays compiled as before. A table of a schema `gen init` wrote may hold 20 MiB of text buffers
 * alone (test/fixtures/corpus/postgrest: `test.comments`), and eight such tables a worker. With this bound
 * (and `droppedCollector`) the whole of that schema's file at the default sizes, 2 workers, NDJSON files,
 * peaked at 221-230 MiB RSS against 239-244 at 16 MiB and 303 when 8 tables were kept whatever their size
 * (/usr/bin/time, 3 runs each).
 */
const KEPT_BYTES = 8 * MIB;

/** The most recently used tables of a generator, by table index, bounded in count and in buffer bytes. */
export interface KeptTables<State> {
  /** `index`'s state, made by `make` when it is not kept (the least recently used may go to make room). */
  get(index: number, make: (index: number) => State): State;
  /** Records the buffer bytes `index` now holds: what a batch of it took (`batchBytes`). */
  holds(index: number, bytes: number): void;
}

/**
 * Keeps states in use order; `dropped` hears the buffer bytes of each state let go, so that a worker can
 * collect them (V8 frees a typed array's memory only when it collects the array).
 */
export function keptTables<State>(dropped?: (bytes: number) => void): KeptTables<State> {
  // The Map's order is the use order: least recently used first.
  const kept = new Map<number, { state: State; bytes: number }>();
  let bytes = 0;
  /** Lets the least recently used state go; returns its buffer bytes. */
  const dropOldest = (): number => {
    const [index, entry] = kept.entries().next().value!;
    kept.delete(index);
    bytes -= entry.bytes;
    return entry.bytes;
  };
  return {
    get(index, make) {
      const entry = kept.get(index);
      if (entry !== undefined) {
        kept.delete(index);
        kept.set(index, entry);
        return entry.state;
      }
      // A table met again is compiled again: values are pure functions of the row, the bytes the same.
      let freed = 0;
      while (kept.size > 0 && (kept.size >= KEPT_TABLES || bytes > KEPT_BYTES)) freed += dropOldest();
      // Heard before the new table allocates, and with no reference left to what was let go.
      if (freed > 0) dropped?.(freed);
      const state = make(index);
      kept.set(index, { state, bytes: 0 });
      return state;
    },
    holds(index, held) {
      const entry = kept.get(index);
      if (entry === undefined || held <= entry.bytes) return;
      bytes += held - entry.bytes;
      entry.bytes = held;
    },
  };
}

/** Bytes of the buffers behind a batch's vectors and null masks (what its sources keep for the next one). */
export function batchBytes(batch: Pick<Batch, 'columns' | 'nulls'>): number {
  let sum = 0;
  for (const vector of batch.columns) sum += vectorBytes(vector);
  for (const mask of batch.nulls) sum += mask?.byteLength ?? 0;
  return sum;
}

function vectorBytes(vector: ColumnVector): number {
  switch (vector.kind) {
    case 'number':
    case 'bool':
      return vector.values.byteLength;
    case 'dict':
      return vector.codes.byteLength;
    case 'utf8':
      return vector.bytes.byteLength + vector.offsets.byteLength;
  }
}
