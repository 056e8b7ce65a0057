import { createNumberVector, type NumberVector } from '../vectors/column-vector.ts';
import { check } from './check.ts';
import { gatheredColumn } from './gather.ts';
import { rowChainOf } from './row-map.ts';
import type { GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/**
 * A number column of the row's parent (a children table), times `multiply`: a payment's amount from its
 * order's product. A lookup through the parent (`lookup.ts`) with a factor: the parent's value is
 * recomputed from the parent's own generator at the parent row, never looked up.
 */
const create: GeneratorFactory<SpecOf<'parentColumn'>> = (spec, context) => {
  const table = context.dataset?.tables.find((t) => t.name === context.table);
  const shape = table?.shape;
  check(shape?.kind === 'children', context, 'parentColumn needs a table laid out per parent (children)');
  const via = table!.columns.find((c) => c.generator.kind === 'parent');
  check(via !== undefined, context, 'parentColumn needs a parent column in this table');
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
  const chain = rowChainOf(context, [via.name]);
  const values = gatheredColumn(context.source(parentTable.name, column), chain.rows, false);
  if (multiply === 1) return values;
  return {
    createVector: createNumberVector,
    fill(first, count, out) {
      values.fill(first, count, out);
      const v = (out as NumberVector).values;
      for (let i = 0; i < count; i++) v[i] = v[i]! * multiply;
    },
  };
};

export const parentColumn: GeneratorRegistration<'parentColumn'> = {
  kind: 'parentColumn',
  options: { column: { type: 'string', required: true }, multiply: { type: 'number', required: false } },
  types: ['int64', 'float64', 'decimal', 'timestamp', 'date'],
  unique: false,
  create,
};
