import type { ColumnDefinition, TableDefinition } from '../dataset/types.ts';
import type { GeneratorContext, RowIdRange } from './types.ts';

/** The rows an append found in a parent table, as one id space: `count` rows, the `i`-th at `at(i)`. */
export interface ExistingRows {
  readonly count: number;
  at(i: number): number;
}

/** No rows already there. */
export const NO_ROWS: ExistingRows = { count: 0, at: (i) => i };

/** `ranges` (sorted, disjoint) as one id space; a binary search over their running totals finds a row. */
export function existingRows(ranges: readonly RowIdRange[]): ExistingRows {
  if (ranges.length === 0) return NO_ROWS;
  const before = new Float64Array(ranges.length + 1);
  for (let r = 0; r < ranges.length; r++) before[r + 1] = before[r]! + ranges[r]![1] - ranges[r]![0];
  return {
    count: before[ranges.length]!,
    at(i) {
      let lo = 0;
      let hi = ranges.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (before[mid]! <= i) lo = mid;
        else hi = mid - 1;
      }
      return ranges[lo]![0] + i - before[lo]!;
    },
  };
}

/**
 * Whether a reference column may draw the rows already in its parent: only where the parent's row is
 * nothing but its key (a plain integer foreign key to a sequence). A reference rendered from another parent
 * column, one that other columns read through (a lookup, `follow`, an expression, a composite key's other
 * columns), one in a key of several columns (its digits count this run's rows), or one with a rule of its
 * own (`once`, `distinctFrom`, `earlier`) would read values gen never wrote: it draws new rows only.
 */
export function drawsExisting(table: TableDefinition, column: ColumnDefinition): boolean {
  const spec = column.generator;
  if (spec.kind !== 'reference' || spec.column !== undefined || spec.follow !== undefined) return false;
  if (spec.distinctFrom !== undefined || spec.distribution === 'once' || spec.earlier === true) return false;
  const name = column.name;
  const keys = [
    ...(table.primaryKey !== undefined && table.primaryKey.length > 1 ? [table.primaryKey] : []),
    ...(table.unique ?? []),
  ];
  if (keys.some((set) => set.includes(name))) return false;
  const through = new RegExp(`(^|[^\\w.])${name.replace(/[^\w]/g, '\\$&')}\\.`);
  return !table.columns.some(({ generator: g }) => {
    if (g.kind === 'expr') return through.test(g.expr);
    const paths = g.kind === 'lookup' ? [g.via] : g.kind === 'reference' ? [g.follow, g.distinctFrom] : [];
    return paths.some((path) => typeof path === 'string' && path.split('.')[0] === name);
  });
}

/** The rows already in `parent` that this reference column draws among too (`drawsExisting`), or none. */
export function existingParents(parent: TableDefinition, context: GeneratorContext): ExistingRows {
  const ranges = context.params.existingRows?.[parent.name];
  const table = context.dataset?.tables.find((t) => t.name === context.table);
  if (ranges === undefined || table === undefined || !drawsExisting(table, context.column)) return NO_ROWS;
  return existingRows(ranges);
}
