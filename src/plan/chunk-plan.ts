/** One chunk of work: rows `start .. start + count - 1` of table number `table`. */
export interface Chunk {
  readonly table: number;
  readonly start: number;
  readonly count: number;
}

/** Slice `index` of `count` (0-based) of every table: `--shard 2/4` is `{ index: 2, count: 4 }`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The rows of one table this run makes: `[start, end)` of its id space. */
export interface TableSlice {
  readonly table: number;
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** A Hive-style partition path (`year=2026/month=01/day=31`) when the output is split by day. */
  readonly partition?: string;
}

/**
 * The row range of `shard` within a table of `rows` rows: `[⌊rows·i/n⌋, ⌊rows·(i+1)/n⌋)`, each start
 * rounded down to a multiple of `align` (compressed members: see `compression/codecs.ts`). The slices of
 * 0..n-1 tile the table exactly, in order, so concatenating their outputs gives the unsharded output.
 * BigInt keeps `rows · i` exact beyond 2^53.
 */
export function shardRange(rows: number, shard: Shard, align = 1): { start: number; end: number } {
  const at = (i: number): number => {
    if (i >= shard.count) return rows;
    const start = Number((BigInt(rows) * BigInt(i)) / BigInt(shard.count));
    return start - (start % align);
  };
  return { start: at(shard.index), end: at(shard.index + 1) };
}

/**
 * Cuts a slice into chunks of at most `chunkRows` rows, in row order; an empty slice gives one empty
 * chunk when `atLeastOne` (formats that need one to write a valid file).
 */
export function* chunkTasks(slice: TableSlice, chunkRows: number, atLeastOne = false): Generator<Chunk> {
  if (atLeastOne && slice.end === slice.start) yield { table: slice.table, start: slice.start, count: 0 };
  for (let start = slice.start; start < slice.end; start += chunkRows) {
    yield { table: slice.table, start, count: Math.min(chunkRows, slice.end - start) };
  }
}

/** How many chunks `chunkTasks` cuts a slice into. */
export function chunkCount(slice: TableSlice, chunkRows: number, atLeastOne = false): number {
  return Math.max(Math.ceil((slice.end - slice.start) / chunkRows), atLeastOne ? 1 : 0);
}
