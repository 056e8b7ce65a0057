import { createNumberVector, type NumberVector } from '../vectors/column-vector.ts';
import { check, fail } from './check.ts';
import { childColumn } from './children.ts';
import { keySequenceOf } from './keys.ts';
import type { ColumnGenerator, GeneratorContext, GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/**
 * The key of the row's parent: in a children table, the parent row it belongs to; in a cross table, the
 * row of dimension `table` in its combination. Computed from the row id (see `dataset/row-space.ts`).
 */
const create: GeneratorFactory<SpecOf<'parent'>> = (spec, context) => {
  const shape = context.dataset?.tables.find((t) => t.name === context.table)?.shape;
  if (shape?.kind === 'children') {
    check(
      spec.table === undefined || spec.table === shape.parent,
      context,
      `the parent of a row of ${context.table} is in "${shape.parent}"`,
    );
    return childParent(context, shape.parent);
  }
  if (shape?.kind === 'cross') {
    const index = shape.tables.indexOf(spec.table ?? '');
    check(
      index >= 0,
      context,
      `parent needs table: one of ${shape.tables.join(', ')} (the tables ${context.table} crosses)`,
    );
    return crossParent(context, index, shape.tables[index]!, shape.daily === true);
  }
  fail(context, 'parent needs a table whose rows are laid out per parent (children) or per combination (cross)');
};

function childParent(context: GeneratorContext, table: string): ColumnGenerator {
  const { start, step } = keySequenceOf(context, table);
  return childColumn(context, 'parent', (row) => start + row * step);
}

function crossParent(context: GeneratorContext, index: number, table: string, daily: boolean): ColumnGenerator {
  const { start, step } = keySequenceOf(context, table);
  const space = context.params.spaces?.[context.table];
  const sizes = space?.kind === 'cross' ? space.sizes : [1];
  // Mixed radix, the first table most significant: combination c → digit `index`.
  const below = sizes.slice(index + 1).reduce((a, b) => a * b, 1);
  const size = sizes[index] ?? 1;
  const perDay = sizes.reduce((a, b) => a * b, 1);
  return {
    createVector: createNumberVector,
    fill(first, count, out) {
      const values = (out as NumberVector).values;
      // The first row's digit by division, the others by counting: rows of one combination after another
      // advance the digit every `below` rows and wrap it at `size` (a day's last combination wraps them
      // all), so no row pays for a division and two remainders of numbers past 2^31.
      const combination = daily ? first % perDay : first;
      let digit = Math.floor(combination / below) % size;
      let within = combination % below;
      for (let i = 0; i < count; i++) {
        values[i] = start + digit * step;
        if (++within === below) {
          within = 0;
          if (++digit === size) digit = 0;
        }
      }
    },
  };
}

export const parent: GeneratorRegistration<'parent'> = {
  kind: 'parent',
  options: { table: { type: 'string', required: false } },
  types: ['int64'],
  unique: false,
  create,
};
