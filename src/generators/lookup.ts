import { isNullable } from '../dataset/types.ts';
import { check } from './check.ts';
import { gatheredColumn } from './gather.ts';
import { rowChainOf } from './row-map.ts';
import type { GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/**
 * A column of the row that `via` points at (a reference, a children table's parent, a cross table's
 * dimension; `a.b` goes on through the next table's column `b`): the parent's own generator recomputed at
 * that row, so `unit_price` is its product's `price` in every shard and format, and nothing is stored.
 */
const create: GeneratorFactory<SpecOf<'lookup'>> = (spec, context) => {
  check(typeof spec.via === 'string' && spec.via !== '', context, 'lookup needs via: a reference or parent column');
  const chain = rowChainOf(context, spec.via.split('.'));
  const target = chain.table.columns.find((c) => c.name === spec.column);
  check(target !== undefined, context, `lookup: "${chain.table.name}" has no column ${JSON.stringify(spec.column)}`);
  const type = context.column.type.kind;
  const fits = target.type.kind === type || (target.type.kind === 'timestamp' && type === 'date');
  check(
    fits,
    context,
    `lookup: "${chain.table.name}.${target.name}" is ${target.type.kind}: make this column ${target.type.kind}`,
  );
  const nullable = chain.nullable || isNullable(target);
  check(
    !nullable || isNullable(context.column),
    context,
    `lookup: ${spec.via}${chain.nullable ? ' can be NULL' : `.${target.name} can be NULL`}, so this column can too: add nullable: true`,
  );
  return gatheredColumn(context.source(chain.table.name, target), chain.rows, nullable);
};

export const lookup: GeneratorRegistration<'lookup'> = {
  kind: 'lookup',
  options: { via: { type: 'string', required: true }, column: { type: 'string', required: true } },
  types: ['int64', 'float64', 'decimal', 'bool', 'utf8', 'timestamp', 'date', 'time', 'uuid'],
  unique: false,
  create,
};
