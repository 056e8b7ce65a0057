import type { TableDefinition } from '../dataset/types.ts';
import { drawBelow, subKey } from '../random/counter-rng.ts';
import { zipfSampler } from '../random/zipf-sampler.ts';
import { check, fail } from './check.ts';
import { existingParents, NO_ROWS } from './existing-rows.ts';
import { keyDigit } from './key-tuple.ts';
import type { GeneratorContext, SpecOf } from './types.ts';

/** How a reference column picks its parent rows: the parent table and the parent row of each row. */
interface ReferenceDraw {
  readonly parent: TableDefinition;
  readonly draw: (row: number) => number;
}

/**
 * One-to-one (`distribution: once`: a profile per user, a key that is also a foreign key): the k-th row
 * of this run takes the k-th parent row of the run, so no two rows share a parent. Sizing keeps the table
 * at most as large as its parent (`onceRows`).
 */
function onceDraw(context: GeneratorContext, parent: string, rows: number): (row: number) => number {
  const own = context.params.tableStarts?.[context.table] ?? 0;
  const offset = context.params.tableStarts?.[parent] ?? 0;
  const ownRows = context.params.tableRows?.[context.table];
  check(
    ownRows === undefined || ownRows <= rows,
    context,
    `distribution once gives each row its own parent, but this run makes ${ownRows} rows of ${context.table} and ${rows} of ${parent}`,
  );
  return (row) => offset + row - own;
}

/** The most rows `table` can have whose `once` references each find a parent of their own (Infinity when none). */
export function onceRows(table: TableDefinition, rowsOf: (table: string) => number | undefined): number {
  let most = Number.POSITIVE_INFINITY;
  for (const column of table.columns) {
    const spec = column.generator;
    if (spec.kind === 'reference' && spec.distribution === 'once') most = Math.min(most, rowsOf(spec.table) ?? most);
  }
  return most;
}

/**
 * The parent row of every row of a reference column: a row of the parent's id space `[0, rows)` drawn from
 * the column's own stream (uniformly, or Zipf-skewed so a few parents get most children), after the rows
 * an append continues from. A pure function of the row: no parent row is stored or looked up.
 */
export function referenceDraw(spec: SpecOf<'reference'>, context: GeneratorContext): ReferenceDraw {
  const parent = context.dataset?.tables.find((t) => t.name === spec.table);
  if (parent === undefined) fail(context, `references unknown table ${JSON.stringify(spec.table)}`);
  if (parent.shape !== undefined)
    fail(
      context,
      `references "${parent.name}", whose rows follow days or parents: reference a plain table, or use generator parent in a children table`,
    );
  const sized = context.params.tableRows;
  const parentRows = sized?.[parent.name] ?? parent.defaultRows;
  const distribution = spec.distribution ?? 'uniform';
  check(
    distribution === 'uniform' || distribution === 'zipf' || distribution === 'once',
    context,
    `distribution must be uniform, zipf or once (got ${JSON.stringify(distribution)})`,
  );
  const digit = keyDigit(context);
  // Drawn among the rows already there (an append's), then this run's: the i-th row of one id space.
  const existing = digit !== null ? NO_ROWS : existingParents(parent, context);
  // `distinctFrom`: drawn among the other rows (the caller steps over the one the other column took).
  const rows = parentRows - (spec.distinctFrom === undefined ? 0 : 1);
  // Once the run is sized, a table keyed by days or parents (absent from tableRows) may have rows.
  const ownRows = sized === undefined ? 0 : (sized[context.table] ?? Number.POSITIVE_INFINITY);
  check(
    rows + existing.count > 0 || ownRows === 0,
    context,
    `references table "${parent.name}", which has no rows in this run`,
  );
  if (distribution === 'once') return { parent, draw: onceDraw(context, parent.name, parentRows) };
  const offset = context.params.tableStarts?.[parent.name] ?? 0;
  if (digit !== null) return { parent, draw: (row) => offset + digit(row) };
  // Per value: with nothing there (every fresh run), no branch on the way to the parent row.
  const at =
    existing.count === 0
      ? (i: number): number => offset + i
      : (i: number): number => (i < existing.count ? existing.at(i) : offset + i - existing.count);
  return { parent, draw: drawBelowRows(spec, context, rows + existing.count, at) };
}

/** Row `at(i)` for `i` drawn below `rows` from the column's stream: uniformly, or Zipf-skewed. */
function drawBelowRows(
  spec: SpecOf<'reference'>,
  context: GeneratorContext,
  rows: number,
  at: (i: number) => number,
): (row: number) => number {
  const s = spec.s ?? 1;
  check(Number.isFinite(s) && s > 0, context, `zipf exponent s must be a positive number (got ${s})`);
  const q = spec.q ?? rows / 100;
  check(Number.isFinite(q) && q >= 0, context, `q must be a number >= 0 (got ${q})`);
  const stream = context.key;
  const stream2 = subKey(stream, 1);
  if (spec.distribution !== 'zipf' || rows <= 0) return (row) => at(drawBelow(stream, stream2, row, rows));
  const rank = zipfSampler(stream, rows, s, q);
  return (row) => at(rank(row) - 1);
}
