import { type ChildBlocks, childBlocks, locateChildren } from '../dataset/row-space.ts';
import { type ColumnDefinition, isNullable, type TableDefinition } from '../dataset/types.ts';
import type { NumberVector } from '../vectors/column-vector.ts';
import { fail } from './check.ts';
import { earlierRows } from './earlier-rows.ts';
import { keySequenceOf } from './keys.ts';
import { compileNulls } from './nulls.ts';
import { referenceDraw } from './reference-draw.ts';
import { consecutive, rowIds } from './row-ids.ts';
import type { ColumnSource, GeneratorContext, RowsOf, SpecOf } from './types.ts';

/**
 * How rows of one table lead to rows of another through a column: a reference's drawn parent, a child's
 * parent, a cross row's dimension. Computed from the row id like every value, so a lookup through it never
 * stores or searches the other table.
 */
export interface RowMap {
  /** The table the rows lead to. */
  readonly table: TableDefinition;
  /** Whether the column can be NULL (then so is every row it leads to). */
  readonly nullable: boolean;
  /** `out[i]` = the row that `rows[i]` leads to, or NaN where `rows[i]` is NaN or the column is NULL there. */
  map(rows: Float64Array, count: number, out: Float64Array): void;
}

/** A column's NULL marks of rows `start .. start + count - 1`. */
type Marks = (start: number, count: number) => Uint8Array;

/** NULL marks of a column at any rows: one call for consecutive rows, else one per row. */
function nullsAt(marks: Marks, rows: Float64Array, count: number, mask: Uint8Array): void {
  if (consecutive(rows, count)) {
    mask.set(marks(rows[0]!, count).subarray(0, count));
    return;
  }
  for (let i = 0; i < count; i++) {
    const row = rows[i]!;
    mask[i] = Number.isNaN(row) ? 0 : marks(row, 1)[0]!;
  }
}

/** The parent row of child row `row`: its block by arithmetic, then a walk over the block's counts. */
function parentOfChild(blocks: ChildBlocks, row: number): number {
  const block = Math.floor(row / blocks.total);
  const counts = blocks.counts(block);
  let offset = row - block * blocks.total;
  let slot = 0;
  while (offset >= counts[slot]!) offset -= counts[slot++]!;
  return block * blocks.size + slot;
}

function childrenMap(context: GeneratorContext, table: TableDefinition): RowMap['map'] {
  const space = context.params.spaces?.[table.name];
  const blocks = space?.kind === 'children' ? childBlocks(space, context.params.seed, table.name) : null;
  return (rows, count, out) => {
    if (blocks === null) return;
    if (consecutive(rows, count)) {
      locateChildren(blocks, rows[0]!, count, out, null);
      return;
    }
    for (let i = 0; i < count; i++) out[i] = Number.isNaN(rows[i]!) ? Number.NaN : parentOfChild(blocks, rows[i]!);
  };
}

function crossMap(context: GeneratorContext, table: TableDefinition, index: number, daily: boolean): RowMap['map'] {
  const space = context.params.spaces?.[table.name];
  const sizes = space?.kind === 'cross' ? space.sizes : [1];
  const below = sizes.slice(index + 1).reduce((a, b) => a * b, 1);
  const size = sizes[index] ?? 1;
  const perDay = sizes.reduce((a, b) => a * b, 1);
  return (rows, count, out) => {
    for (let i = 0; i < count; i++) {
      const combination = daily ? rows[i]! % perDay : rows[i]!;
      out[i] = Math.floor(combination / below) % size;
    }
  };
}

/** The rows column `name` of `table` leads to, as the column of `context` reads them. */
export function rowMapOf(context: GeneratorContext, table: TableDefinition, name: string): RowMap {
  const column = table.columns.find((c) => c.name === name);
  const where = `${table.name}.${name}`;
  const tableOf = (n: string): TableDefinition => context.dataset!.tables.find((t) => t.name === n)!;
  // Through the table's layout itself: a children table's parent, a dimension of a cross table, by name.
  if (column === undefined && table.shape?.kind === 'children' && table.shape.parent === name)
    return { table: tableOf(name), nullable: false, map: childrenMap(context, table) };
  if (column === undefined && table.shape?.kind === 'cross' && table.shape.tables.includes(name)) {
    const index = table.shape.tables.indexOf(name);
    return { table: tableOf(name), nullable: false, map: crossMap(context, table, index, table.shape.daily === true) };
  }
  if (column === undefined) fail(context, `"${table.name}" has no column or parent table ${JSON.stringify(name)}`);
  const spec = column.generator;
  const self = table.name === context.table && column.name === context.column.name;
  let to: TableDefinition;
  let map: RowMap['map'];
  if (spec.kind === 'reference') {
    const rows = referenceRows(spec, self ? context : context.contextOf(table.name, column));
    to = rows.parent;
    map = rows.map;
  } else if (spec.kind === 'parent' && table.shape?.kind === 'children') {
    to = tableOf(table.shape.parent);
    map = childrenMap(context, table);
  } else if (spec.kind === 'parent' && table.shape?.kind === 'cross') {
    const index = table.shape.tables.indexOf(spec.table ?? '');
    if (index < 0) fail(context, `${where} names no table that ${table.name} crosses`);
    to = tableOf(table.shape.tables[index]!);
    map = crossMap(context, table, index, table.shape.daily === true);
  } else {
    fail(context, `${where} is not a reference or parent column: lookups go through one`);
  }
  const nullable = isNullable(column);
  const general = nullable ? withNulls(context, table, column, self, map) : map;
  const keys = self ? null : keysOf(context, table, column, to);
  return { table: to, nullable, map: keys === null ? general : fromKeys(keys, general) };
}

/**
 * A reference or parent column holding a sequence key (`start + row × step`), as its shared source holds
 * it for the chunk's own rows: the parent row is the key read back, so the draws (a reference's) or the
 * walk over the child counts (a parent's) that the column already made are not made again for each lookup
 * through it (`services`' three lookups through `order_id`).
 */
function keysOf(
  context: GeneratorContext,
  table: TableDefinition,
  column: ColumnDefinition,
  parent: TableDefinition,
): { source: ColumnSource; start: number; step: number } | null {
  const spec = column.generator;
  const key =
    parent.primaryKey?.length === 1 ? parent.columns.find((c) => c.name === parent.primaryKey![0]) : undefined;
  const holdsKey = spec.kind === 'parent' || (spec.kind === 'reference' && spec.column === undefined);
  if (!holdsKey || key?.generator.kind !== 'sequence') return null;
  const { start, step } = keySequenceOf(context, parent.name);
  return step === 0 ? null : { source: context.source(table.name, column), start, step };
}

function fromKeys(keys: { source: ColumnSource; start: number; step: number }, general: RowMap['map']): RowMap['map'] {
  const { source, start, step } = keys;
  return (rows, count, out) => {
    if (!consecutive(rows, count)) {
      general(rows, count, out);
      return;
    }
    const { vector, mask } = source.read(rows[0]!, count);
    const values = (vector as NumberVector).values;
    for (let i = 0; i < count; i++) out[i] = mask !== null && mask[i] === 1 ? Number.NaN : (values[i]! - start) / step;
  };
}

/** `map` with the column's NULL rows leading nowhere (NaN). */
function withNulls(
  context: GeneratorContext,
  table: TableDefinition,
  column: ColumnDefinition,
  self: boolean,
  map: RowMap['map'],
): RowMap['map'] {
  // A column's own nullWhen reads its drawn rows (a promotion that applies only inside its dates): there,
  // only its random NULLs count, not the condition being computed.
  let marks: Marks;
  if (self) {
    const rate = compileNulls(table.name, column, context.params);
    let own = new Uint8Array(0);
    marks = (start, count) => {
      if (own.length < count) own = new Uint8Array(count);
      if (rate === null) own.fill(0, 0, count);
      else rate(start, count, own);
      return own;
    };
  } else {
    const source = context.source(table.name, column);
    if (!source.nullable) return map;
    marks = (start, count) => source.read(start, count).mask!;
  }
  let mask = new Uint8Array(0);
  return (rows, count, out) => {
    if (mask.length < count) mask = new Uint8Array(count);
    nullsAt(marks, rows, count, mask);
    map(rows, count, out);
    for (let i = 0; i < count; i++) if (mask[i] === 1) out[i] = Number.NaN;
  };
}

/**
 * The parent rows of a reference column at any rows: drawn, or with `follow` (`promotion_id.product_id`)
 * the row that path leads to wherever it is not NULL (a promoted line is for its promotion's product), and
 * drawn elsewhere.
 */
export function referenceRows(
  spec: SpecOf<'reference'>,
  context: GeneratorContext,
): { parent: TableDefinition; map: RowMap['map'] } {
  if (spec.earlier === true) {
    const { table, map } = earlierRows(spec, context);
    return { parent: table, map };
  }
  const { parent, draw } = referenceDraw(spec, context);
  const drawn: RowMap['map'] = (rows, count, out) => {
    for (let i = 0; i < count; i++) out[i] = Number.isNaN(rows[i]!) ? Number.NaN : draw(rows[i]!);
  };
  const drawAll = spec.distinctFrom === undefined ? drawn : stepOver(context, spec.distinctFrom, parent, drawn);
  if (spec.follow === undefined) return { parent, map: drawAll };
  const path = rowPathOf(context, spec.follow.split('.'));
  if (path.table.name !== parent.name)
    fail(context, `follow: ${spec.follow} leads to "${path.table.name}", not to "${parent.name}"`);
  let followed = new Float64Array(0);
  return {
    parent,
    map(rows, count, out) {
      if (followed.length < count) followed = new Float64Array(count);
      path.map(rows, count, followed);
      drawAll(rows, count, out);
      for (let i = 0; i < count; i++) if (!Number.isNaN(followed[i]!)) out[i] = followed[i]!;
    },
  };
}

/**
 * `distinctFrom: a`: a second reference to the same table that never takes the row the first took (`CHECK
 * (follower_id <> followee_id)`): drawn among the parent's other rows, then stepped over the first's.
 */
function stepOver(
  context: GeneratorContext,
  other: string,
  parent: TableDefinition,
  drawn: RowMap['map'],
): RowMap['map'] {
  const path = rowPathOf(context, [other]);
  if (path.table.name !== parent.name)
    fail(context, `distinctFrom: ${other} leads to "${path.table.name}", not to "${parent.name}"`);
  let first = new Float64Array(0);
  return (rows, count, out) => {
    if (first.length < count) first = new Float64Array(count);
    path.map(rows, count, first);
    drawn(rows, count, out);
    for (let i = 0; i < count; i++) if (out[i]! >= first[i]!) out[i]! += 1;
  };
}

/** Rows through a path of columns from the context's table, at any rows. */
function rowPathOf(context: GeneratorContext, via: readonly string[]): RowMap {
  let table = context.dataset?.tables.find((t) => t.name === context.table);
  if (table === undefined) fail(context, 'lookups need the dataset');
  const maps: RowMap[] = [];
  for (const name of via) {
    const map = rowMapOf(context, table, name);
    maps.push(map);
    table = map.table;
  }
  return {
    table,
    nullable: maps.some((m) => m.nullable),
    map(rows, count, out) {
      maps[0]!.map(rows, count, out);
      for (let m = 1; m < maps.length; m++) maps[m]!.map(out, count, out);
    },
  };
}

/** A chain of columns (`a.b.c`: `a` of the context's table, `b` of the table `a` leads to, …). */
export interface RowChain {
  readonly table: TableDefinition;
  readonly nullable: boolean;
  /** `out[i]` = the row `first + i` leads to through the whole chain (NaN where a link is NULL). */
  readonly rows: RowsOf;
}

/** Resolves `via` (names joined by `.`) from the context's table. */
export function rowChainOf(context: GeneratorContext, via: readonly string[]): RowChain {
  const path = rowPathOf(context, via);
  return {
    table: path.table,
    nullable: path.nullable,
    rows(first, count, out) {
      rowIds(first, count, out);
      path.map(out, count, out);
    },
  };
}
