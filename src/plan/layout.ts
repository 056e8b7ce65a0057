import { childBlocks, childrenSpace, dailyStarts, EPOCH_DAY, firstChild, type RowSpace } from '../dataset/row-space.ts';
import type { DatasetDefinition, TableDefinition } from '../dataset/types.ts';

/** A table's run range `[start, end)` in its id space. */
export interface RowRange {
  readonly start: number;
  readonly end: number;
}

/** Everything `layOut` needs to know about the run. */
export interface LayoutInput {
  readonly dataset: DatasetDefinition;
  readonly seed: number;
  /** Rows of each plain table. */
  readonly rows: Readonly<Record<string, number>>;
  /** Factor on daily rows per table. */
  readonly dailyScale: (table: TableDefinition) => number;
  /** The run's days (epoch days, inclusive). */
  readonly from: number;
  readonly to: number;
  /** Tables in an order where parents come first. */
  readonly order: readonly number[];
}

/** Every table's id space and the range of it this run makes (before `--shard` and `--start-id`). */
export function layOut(input: LayoutInput): { spaces: Record<string, RowSpace>; ranges: Record<string, RowRange> } {
  const spaces: Record<string, RowSpace> = {};
  const ranges: Record<string, RowRange> = {};
  for (const index of input.order) {
    const table = input.dataset.tables[index]!;
    const shape = table.shape;
    if (shape === undefined) {
      spaces[table.name] = { kind: 'plain' };
      ranges[table.name] = { start: 0, end: input.rows[table.name]! };
    } else if (shape.kind === 'daily') {
      const starts = dailyStarts(shape, input.dailyScale(table), input.from, input.to);
      spaces[table.name] = { kind: 'daily', firstDay: input.from, starts };
      ranges[table.name] = { start: starts[0]!, end: starts.at(-1)! };
    } else if (shape.kind === 'children') {
      const space = childrenSpace(shape.parent, shape.min, shape.max, shape.weights);
      const blocks = childBlocks(space, input.seed, table.name);
      const parent = ranges[shape.parent]!;
      spaces[table.name] = space;
      ranges[table.name] = { start: firstChild(blocks, parent.start), end: firstChild(blocks, parent.end) };
    } else {
      const sizes = shape.tables.map((t) => ranges[t]!.end - ranges[t]!.start);
      const perDay = sizes.reduce((a, b) => a * b, 1);
      const daily = shape.daily ?? false;
      spaces[table.name] = { kind: 'cross', tables: shape.tables, sizes, daily };
      // Daily: day d holds ids [(d - EPOCH) · perDay, (d + 1 - EPOCH) · perDay).
      ranges[table.name] = daily
        ? { start: (input.from - EPOCH_DAY) * perDay, end: (input.to + 1 - EPOCH_DAY) * perDay }
        : { start: 0, end: perDay };
    }
  }
  return { spaces, ranges };
}
