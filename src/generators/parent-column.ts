import { locateChildren } from '../dataset/row-space.ts';
import { createNumberVector, type NumberVector } from '../vectors/column-vector.ts';
import { check } from './check.ts';
import { blocksOf } from './children.ts';
import type { GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/**
 * A number column of the row's parent (a children table), times `multiply`: a payment's amount from its
 * order's product, an item's date from its order. The parent's value is recomputed from the parent's own
 * generator at the parent row (values are pure functions of their row), never looked up.
 */
const create: GeneratorFactory<SpecOf<'parentColumn'>> = (spec, context) => {
  const table = context.dataset?.tables.find((t) => t.name === context.table);
  const shape = table?.shape;
  check(shape?.kind === 'children', context, 'parentColumn needs a table laid out per parent (children)');
  const parentTable = context.dataset!.tables.find((t) => t.name === shape.parent)!;
  const column = parentTable.columns.find((c) => c.name === spec.column);
  check(column !== undefined, context, `parentColumn: "${shape.parent}" has no column ${JSON.stringify(spec.column)}`);
  check(
    column.type.kind !== 'utf8' && column.type.kind !== 'bool',
    context,
    `parentColumn: "${shape.parent}.${column.name}" must be a number or timestamp column`,
  );
  const multiply = spec.multiply ?? 1;
  check(Number.isFinite(multiply), context, 'multiply must be a finite number');
  const source = context.compile(parentTable.name, column);
  const blocks = blocksOf(context);
  let scratch = source.createVector(0) as NumberVector;
  return {
    createVector: createNumberVector,
    fill(first, count, out) {
      const values = (out as NumberVector).values;
      if (count === 0) return;
      locateChildren(blocks!, first, count, values, null);
      // Parents of consecutive children are consecutive (with repeats, or gaps when min is 0).
      const low = values[0]!;
      const span = values[count - 1]! - low + 1;
      if (scratch.values.length < span) scratch = source.createVector(span) as NumberVector;
      source.fill(low, span, scratch);
      for (let i = 0; i < count; i++) values[i] = scratch.values[values[i]! - low]! * multiply;
    },
  };
};

export const parentColumn: GeneratorRegistration<'parentColumn'> = {
  kind: 'parentColumn',
  options: { column: { type: 'string', required: true }, multiply: { type: 'number', required: false } },
  types: ['int64', 'float64', 'decimal', 'timestamp'],
  unique: false,
  create,
};
