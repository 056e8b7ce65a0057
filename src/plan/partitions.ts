import { childBlocks, EPOCH_DAY, firstChild, type RowSpace } from '../dataset/row-space.ts';
import type { DatasetDefinition } from '../dataset/types.ts';
import { dateOf } from '../dates.ts';
import type { TableSlice } from './chunk-plan.ts';

/** Where each day of the run starts in a table's id space: `days` first-row ids, then the end. */
type Boundaries = { readonly firstDay: number; readonly starts: readonly number[] };

/** `year=YYYY/month=MM/day=DD` of an epoch day: a Hive-style partition path. */
export function dayPartition(day: number): string {
  const [year, month, date] = dateOf(day).split('-');
  return `year=${year}/month=${month}/day=${date}`;
}

/**
 * The day boundaries of every table that has days: daily tables from their layout, cross tables with
 * `daily` by arithmetic, children tables through their parent's boundaries (an item belongs to its
 * order's day). Tables without days are absent.
 */
function dayBoundaries(
  dataset: DatasetDefinition,
  spaces: Readonly<Record<string, RowSpace>>,
  seed: number,
  order: readonly number[],
  days: { from: number; to: number },
): Map<string, Boundaries> {
  const found = new Map<string, Boundaries>();
  for (const index of order) {
    const table = dataset.tables[index]!;
    const space = spaces[table.name];
    if (space?.kind === 'daily') found.set(table.name, { firstDay: space.firstDay, starts: space.starts });
    else if (space?.kind === 'cross' && space.daily) {
      const perDay = space.sizes.reduce((a, b) => a * b, 1);
      const starts = [];
      for (let day = days.from; day <= days.to + 1; day++) starts.push((day - EPOCH_DAY) * perDay);
      found.set(table.name, { firstDay: days.from, starts });
    } else if (space?.kind === 'children' && found.has(space.parent)) {
      const parent = found.get(space.parent)!;
      const blocks = childBlocks(space, seed, table.name);
      found.set(table.name, { firstDay: parent.firstDay, starts: parent.starts.map((row) => firstChild(blocks, row)) });
    }
  }
  return found;
}

/**
 * Cuts the slices of tables with days at day boundaries, one slice per day with rows, each tagged with its
 * partition path; other slices stay whole. A shard's slice keeps only its part of each day.
 */
export function partitionByDay(
  slices: readonly TableSlice[],
  dataset: DatasetDefinition,
  spaces: Readonly<Record<string, RowSpace>>,
  seed: number,
  order: readonly number[],
  days: { from: number; to: number },
): TableSlice[] {
  const boundaries = dayBoundaries(dataset, spaces, seed, order, days);
  return slices.flatMap((slice) => {
    const bounds = boundaries.get(slice.name);
    if (bounds === undefined) return [slice];
    const parts: TableSlice[] = [];
    for (let i = 0; i + 1 < bounds.starts.length; i++) {
      const start = Math.max(slice.start, bounds.starts[i]!);
      const end = Math.min(slice.end, bounds.starts[i + 1]!);
      if (start < end) parts.push({ ...slice, start, end, partition: dayPartition(bounds.firstDay + i) });
    }
    return parts;
  });
}
