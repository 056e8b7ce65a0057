import { check } from './check.ts';
import { childColumn } from './children.ts';
import type { GeneratorFactory } from './types.ts';

/** The row's place among its parent's children, from 1 (an order item's line number). */
export const childIndex: GeneratorFactory<object> = (_, context) => {
  const shape = context.dataset?.tables.find((t) => t.name === context.table)?.shape;
  check(shape?.kind === 'children', context, 'childIndex needs a table laid out per parent (children)');
  return childColumn(context, 'index', (index) => index + 1);
};
