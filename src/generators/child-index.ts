import { check } from './check.ts';
import { childColumn } from './children.ts';
import type { GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/** The row's place among its parent's children, from 1 (an order item's line number). */
const create: GeneratorFactory<SpecOf<'childIndex'>> = (_, context) => {
  const shape = context.dataset?.tables.find((t) => t.name === context.table)?.shape;
  check(shape?.kind === 'children', context, 'childIndex needs a table laid out per parent (children)');
  return childColumn(context, 'index', (index) => index + 1);
};

export const childIndex: GeneratorRegistration<'childIndex'> = {
  kind: 'childIndex',
  options: {},
  types: ['int64'],
  unique: false,
  create,
};
