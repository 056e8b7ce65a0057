import { childBlocks, locateChildren } from '../plan/row-space.ts';
import { check } from './check.ts';
import type { GeneratorFactory, NumberVector } from './types.ts';
import { createNumberVector } from './vectors.ts';

/** The row's place among its parent's children, from 1 (an order item's line number). */
export const childIndex: GeneratorFactory<object> = (_, context) => {
  const shape = context.dataset?.tables.find((t) => t.name === context.table)?.shape;
  check(shape?.kind === 'children', context, 'childIndex needs a table laid out per parent (children)');
  const space = context.params.spaces?.[context.table];
  const blocks = space?.kind === 'children' ? childBlocks(space, context.params.seed, context.table) : null;
  return {
    createVector: createNumberVector,
    fill(first, count, out) {
      const values = (out as NumberVector).values;
      locateChildren(blocks!, first, count, null, values);
      for (let i = 0; i < count; i++) values[i] = values[i]! + 1;
    },
  };
};
