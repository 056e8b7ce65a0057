import { locateChildren } from '../dataset/row-space.ts';
import { isNullable, type TableDefinition } from '../dataset/types.ts';
import { drawBelow, subKey } from '../random/counter-rng.ts';
import { check, fail } from './check.ts';
import { blocksOf } from './children.ts';
import { consecutive } from './row-ids.ts';
import type { GeneratorContext, SpecOf } from './types.ts';

/** `out[i]` = the row `rows[i]` leads to (NaN: none); `out` may be `rows`. */
type MapRows = (rows: Float64Array, count: number, out: Float64Array) => void;

/**
 * The rows of a reference to earlier rows of its own table (`earlier: true`, a reply's parent comment):
 * uniform among the rows before it, or among its earlier siblings in a children table, so that a reply
 * stays under its post. A row with none before it leads nowhere (NaN, a NULL). In an append the earlier
 * rows are the run's own, as references to other tables draw among their new rows.
 */
export function earlierRows(
  spec: SpecOf<'reference'>,
  context: GeneratorContext,
): { table: TableDefinition; map: MapRows } {
  const table = context.dataset?.tables.find((t) => t.name === context.table);
  if (table === undefined) fail(context, 'earlier needs the dataset');
  check(
    spec.table === table.name,
    context,
    `earlier: references rows of its own table, so table must be "${table.name}"`,
  );
  check(spec.follow === undefined, context, 'earlier and follow cannot be combined');
  check((spec.distribution ?? 'uniform') === 'uniform', context, 'earlier draws uniformly: leave out distribution');
  const shape = table.shape?.kind;
  check(
    shape === undefined || shape === 'children',
    context,
    `earlier needs a plain or children table ("${table.name}" is ${shape})`,
  );
  check(
    isNullable(context.column),
    context,
    `the first row${shape === 'children' ? ' of each parent' : ''} has no earlier row: add nullable: true (or a nullRate, for more rows without one)`,
  );
  const key = context.key;
  const key2 = subKey(key, 1);
  // `before` rows precede `row` in its range: one of them, uniformly, or none.
  const pick = (row: number, before: number): number =>
    before === 0 ? Number.NaN : row - before + drawBelow(key, key2, row, before);
  if (shape === undefined) {
    const offset = context.params.tableStarts?.[table.name] ?? 0;
    const map: MapRows = (rows, count, out) => {
      for (let i = 0; i < count; i++) out[i] = Number.isNaN(rows[i]!) ? Number.NaN : pick(rows[i]!, rows[i]! - offset);
    };
    return { table, map };
  }
  const blocks = blocksOf(context);
  let siblings = new Float64Array(0);
  const siblingsMap: MapRows = (rows, count, out) => {
    if (blocks === null) return; // validation only: nothing is filled
    if (siblings.length < count) siblings = new Float64Array(count);
    if (consecutive(rows, count)) locateChildren(blocks, rows[0]!, count, null, siblings);
    else
      for (let i = 0; i < count; i++)
        if (!Number.isNaN(rows[i]!)) locateChildren(blocks, rows[i]!, 1, null, siblings.subarray(i));
    for (let i = 0; i < count; i++) out[i] = Number.isNaN(rows[i]!) ? Number.NaN : pick(rows[i]!, siblings[i]!);
  };
  return { table, map: siblingsMap };
}
