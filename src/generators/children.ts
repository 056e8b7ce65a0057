import { type ChildBlocks, childBlocks, locateChildren } from '../dataset/row-space.ts';
import { createNumberVector, type NumberVector } from '../vectors/column-vector.ts';
import type { ColumnGenerator, GeneratorContext } from './types.ts';

/**
 * The stratified child counts of the column's table (a children table), or null while a dataset is only
 * being validated (no layout yet: nothing is filled then).
 */
export function blocksOf(context: GeneratorContext): ChildBlocks | null {
  const space = context.params.spaces?.[context.table];
  return space?.kind === 'children' ? childBlocks(space, context.params.seed, context.table) : null;
}

/** A number per child row from its parent row or its sibling index (from 0), mapped by `value`. */
export function childColumn(
  context: GeneratorContext,
  of: 'parent' | 'index',
  value: (n: number) => number,
): ColumnGenerator {
  const blocks = blocksOf(context);
  return {
    createVector: createNumberVector,
    fill(first, count, out) {
      const values = (out as NumberVector).values;
      locateChildren(blocks!, first, count, of === 'parent' ? values : null, of === 'index' ? values : null);
      for (let i = 0; i < count; i++) values[i] = value(values[i]!);
    },
  };
}
