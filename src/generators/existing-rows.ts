import type { TableDefinition } from '../dataset/types.ts';
import type { GenerationParams, GeneratorContext, RowIdRange, SpecOf } from './types.ts';

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
 * The rows already in `parent` that a reference may also draw: only where the parent's row is nothing but
 * its key (a plain integer foreign key to a sequence). A reference rendered from another parent column, one
 * that other columns read through (a lookup, `follow`, an expression, a composite key's other columns),
 * or one with a rule of its own (`once`, `distinctFrom`, `earlier`; a key's digit is drawn before this) would read values gen never wrote: it draws new rows only.
 */
export function existingParents(
  spec: SpecOf<'reference'>,
  parent: TableDefinition,
  context: GeneratorContext,
): ExistingRows {
  const ranges = context.params.existingRows?.[parent.name];
  if (ranges === undefined) return NO_ROWS;
  if (spec.column !== undefined || spec.follow !== undefined || spec.distinctFrom !== undefined) return NO_ROWS;
  if (spec.distribution === 'once' || spec.earlier === true) return NO_ROWS;
  const name = context.column.name;
  const table = context.dataset?.tables.find((t) => t.name === context.table);
  const through = new RegExp(`(^|[^\\w.])${name.replace(/[^\w]/g, '\\$&')}\\.`);
  const readThrough = table?.columns.some(({ generator: g }) => {
    if (g.kind === 'expr') return through.test(g.expr);
    const paths = g.kind === 'lookup' ? [g.via] : g.kind === 'reference' ? [g.follow, g.distinctFrom] : [];
    return paths.some((path) => typeof path === 'string' && path.split('.')[0] === name);
  });
  return readThrough === true ? NO_ROWS : existingRows(ranges);
}

/**
 * The rows of a table left alone by an append (a `lookup` that already held rows: this run makes none),
 * or null. A key of several columns takes its digits among them (`key-tuple.ts`): a new tag link is
 * between a new product and a tag already there.
 */
export function keptRows(params: GenerationParams, table: string): ExistingRows | null {
  const ranges = params.existingRows?.[table];
  return params.tableRows?.[table] === 0 && ranges !== undefined ? existingRows(ranges) : null;
}
