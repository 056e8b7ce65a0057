import { DAY_MS, dayOf } from '../dates.ts';
import { drawBelow, streamKey, subKey } from '../random/counter-rng.ts';
import type { DailyShape } from './types.ts';

/*
 * Row-id spaces. Every value is a pure function of (seed, table, column, row id); what differs between
 * tables is how row ids are laid out, so that any slice of a table (a shard, a day, one parent's children)
 * is a contiguous range of ids that can be found without making the rows before it:
 *
 * - plain:    ids 0 .. rows-1.
 * - daily:    ids run day after day from EPOCH (2000-01-01): day d holds `n(d)` rows (the dataset's curve),
 *             starting at Σ n(e) over the days before it. A run over [from, to] takes ids
 *             [S(from), S(to + 1)), so a one-day run makes exactly that day's rows of any longer run.
 * - children: "min-max children per parent row". Counts are stratified: parents go in blocks of B; a
 *             block's counts are a fixed multiset (each count from min to max equally often) shuffled by
 *             the block's own random stream. Every block then has the same total T, so the first child of
 *             parent p is ⌊p/B⌋·T + (the counts before p in its block): O(B) for any p, no prefix sum over
 *             all parents, and each count is still exactly uniform over min..max.
 * - cross:    one row per combination of the dimension tables' rows (store × product); when daily, day d
 *             holds ids [(d - EPOCH)·k, (d + 1 - EPOCH)·k) for k combinations.
 */

/** Day 0 of every daily id space: 2000-01-01. Daily tables cannot go earlier. */
export const EPOCH_DAY = dayOf(Date.UTC(2000, 0, 1));
/** The growth trend's reference point (factor 1): 2020-01-01. */
const TREND_DAY = dayOf(Date.UTC(2020, 0, 1));
/** Parents per block of stratified child counts: large enough to look random, small enough to walk. */
const BLOCK_TARGET = 60;

/** How a run's row ids map to days or parents; plain data, sent to the workers with the params. */
export type RowSpace =
  | { readonly kind: 'plain' }
  | { readonly kind: 'daily'; readonly firstDay: number; readonly starts: readonly number[] }
  | {
      readonly kind: 'children';
      readonly parent: string;
      readonly min: number;
      readonly copies: number;
      readonly span: number;
      /** With weights: the copies of each count per block (`copies` is then their largest). */
      readonly weighted?: readonly number[];
    }
  | {
      readonly kind: 'cross';
      readonly tables: readonly string[];
      readonly sizes: readonly number[];
      readonly daily: boolean;
    };

/** Rows of a daily table on `day` (epoch days) at `scale`: its base times the weekly, yearly and trend factors. */
export function rowsOnDay(shape: DailyShape, scale: number, day: number): number {
  return rowsWithin(shape, scale, day, yearStartOf(day));
}

/** The epoch day of January 1st of `day`'s year. */
function yearStartOf(day: number): number {
  return dayOf(Date.UTC(new Date(day * DAY_MS).getUTCFullYear(), 0, 1));
}

/** `rowsOnDay` with the day's year start (`yearStartOf(day)`) given. */
function rowsWithin(shape: DailyShape, scale: number, day: number, yearStart: number): number {
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  const weekly = shape.weekly?.[(weekday + 6) % 7] ?? 1; // the list starts on Monday
  const dayOfYear = day - yearStart + 1;
  const yearly =
    shape.yearly === undefined
      ? 1
      : 1 + shape.yearly.amplitude * Math.cos((2 * Math.PI * (dayOfYear - shape.yearly.peakDay)) / 365.25);
  const trend = (1 + (shape.growth ?? 0)) ** ((day - TREND_DAY) / 365.25);
  return Math.max(0, Math.round(shape.rows * scale * weekly * yearly * trend));
}

/**
 * Row-id starts of days `from .. to` (+ the end): `starts[i]` is the first row of day `from + i`. The sum
 * runs from EPOCH_DAY (some 9,000 days before a run in 2025), so each year's start is found once, not with
 * two `Date`s a day, on every run's planning of every daily table.
 */
export function dailyStarts(shape: DailyShape, scale: number, from: number, to: number): number[] {
  let yearStart = Number.POSITIVE_INFINITY;
  let nextYear = Number.NEGATIVE_INFINITY;
  const rows = (day: number): number => {
    if (day < yearStart || day >= nextYear) {
      yearStart = yearStartOf(day);
      nextYear = yearStartOf(yearStart + 366); // within the next year's first two days
    }
    return rowsWithin(shape, scale, day, yearStart);
  };
  let start = 0;
  for (let day = EPOCH_DAY; day < from; day++) start += rows(day);
  const starts = [start];
  for (let day = from; day <= to; day++) {
    start += rows(day);
    starts.push(start);
  }
  return starts;
}

/**
 * The layout of a min..max children space: `copies` of each count per block, or with `weights` (one per
 * count from `min`) copies in proportion to them, out of a block of about 60 parents.
 */
export function childrenSpace(
  parent: string,
  min: number,
  max: number,
  weights?: readonly number[],
): RowSpace & { kind: 'children' } {
  const span = max - min + 1;
  if (weights === undefined)
    return { kind: 'children', parent, min, copies: Math.max(1, Math.round(BLOCK_TARGET / span)), span };
  const total = weights.reduce((a, b) => a + b, 0);
  const copies: number[] = weights.map((w) => Math.round((BLOCK_TARGET * w) / total));
  // Rounding to a block of ~60 parents can leave no parent with children (weights [1000, 1] from 0): then
  // one parent at the heaviest count above 0, so that every block has children (a block of none would
  // leave the layout no row to find).
  if (!copies.some((c, k) => c > 0 && min + k > 0)) {
    const above = weights.map((w, k) => (min + k > 0 ? w : -1));
    copies[above.indexOf(Math.max(...above))] = 1;
  }
  return { kind: 'children', parent, min, copies: Math.max(...copies), span, weighted: copies };
}

/** Block arithmetic of a children space, for one table's stream. */
export interface ChildBlocks {
  /** Parents per block. */
  readonly size: number;
  /** Children per block. */
  readonly total: number;
  /** The children counts of the parents of block `b`, in parent order. */
  counts(block: number): Int32Array;
}

/**
 * A block's counts before the shuffle: round after round, each count that still has copies. For even
 * copies that is `min, min+1, …, max, min, …`.
 */
function blockCounts(space: RowSpace & { kind: 'children' }): Int32Array {
  const copies = space.weighted ?? Array.from({ length: space.span }, () => space.copies);
  const counts: number[] = [];
  for (let round = 0; round < space.copies; round++)
    copies.forEach((c, k) => {
      if (c > round) counts.push(space.min + k);
    });
  return Int32Array.from(counts);
}

/** The stratified counts of `space` under `seed` for table `table`. */
export function childBlocks(space: RowSpace & { kind: 'children' }, seed: number, table: string): ChildBlocks {
  const initial = blockCounts(space);
  const size = initial.length;
  const total = initial.reduce((a, b) => a + b, 0);
  const key = streamKey(seed, table, '#children');
  const key2 = subKey(key, 1);
  const counts = new Int32Array(size);
  let cached = -1;
  return {
    size,
    total,
    counts(block) {
      if (block === cached) return counts;
      counts.set(initial);
      // Fisher–Yates from the block's own draws: a pure function of (seed, table, block).
      for (let i = size - 1; i > 0; i--) {
        const j = drawBelow(key, key2, block * size + i, i + 1);
        const t = counts[i]!;
        counts[i] = counts[j]!;
        counts[j] = t;
      }
      cached = block;
      return counts;
    },
  };
}

/** The first child row of parent row `parent`. */
export function firstChild(blocks: ChildBlocks, parent: number): number {
  const block = Math.floor(parent / blocks.size);
  const counts = blocks.counts(block);
  let row = block * blocks.total;
  for (let i = 0; i < parent - block * blocks.size; i++) row += counts[i]!;
  return row;
}

/**
 * Writes the parent row and/or the 0-based sibling index of child rows `start .. start + count - 1`: finds
 * the first row's block and place by block arithmetic, then walks forward.
 */
export function locateChildren(
  blocks: ChildBlocks,
  start: number,
  count: number,
  parents: Float64Array | null,
  indexes: Float64Array | null,
): void {
  let block = Math.floor(start / blocks.total);
  let counts = blocks.counts(block);
  let offset = start - block * blocks.total;
  let slot = 0;
  while (offset >= counts[slot]!) offset -= counts[slot++]!;
  for (let i = 0; i < count; i++) {
    if (parents !== null) parents[i] = block * blocks.size + slot;
    if (indexes !== null) indexes[i] = offset;
    if (++offset === counts[slot]) {
      offset = 0;
      // On to the next parent that has children: with min 0, some have none (they get no rows).
      do {
        if (++slot === blocks.size) {
          slot = 0;
          counts = blocks.counts(++block);
        }
      } while (counts[slot] === 0);
    }
  }
}
