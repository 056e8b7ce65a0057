import type { TableDefinition } from '../dataset/types.ts';
import { drawBelow, streamKey, subKey } from '../random/counter-rng.ts';
import { zipfSampler } from '../random/zipf-sampler.ts';
import { createNumberVector, type NumberVector } from '../vectors/column-vector.ts';
import { check, fail } from './check.ts';
import { keyDigit } from './key-tuple.ts';
import { keySequenceOf } from './keys.ts';
import type { GeneratorContext, GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';
import { uuidColumn } from './uuid.ts';

/**
 * A foreign key, computed: draw a row of the parent's id space `[0, rows)` from this column's own stream,
 * then map it through the parent key's sequence (`start + row × step`). No parent row is stored or looked
 * up, every shard computes the same value, and the parent exists because its row id is in range.
 * `zipf` makes the first parents the most referenced (popular products, loyal customers).
 */
const create: GeneratorFactory<SpecOf<'reference'>> = (spec, context) => {
  const parent = context.dataset?.tables.find((t) => t.name === spec.table);
  if (parent === undefined) fail(context, `references unknown table ${JSON.stringify(spec.table)}`);
  if (parent.shape !== undefined)
    fail(
      context,
      `references "${parent.name}", whose rows follow days or parents: reference a plain table, or use generator parent in a children table`,
    );
  const sized = context.params.tableRows;
  const rows = sized?.[parent.name] ?? parent.defaultRows;
  // Once the run is sized, a table keyed by days or parents (absent from tableRows) may have rows.
  const ownRows = sized === undefined ? 0 : (sized[context.table] ?? Number.POSITIVE_INFINITY);
  check(rows > 0 || ownRows === 0, context, `references table "${parent.name}", which has no rows in this run`);
  const distribution = spec.distribution ?? 'uniform';
  check(
    distribution === 'uniform' || distribution === 'zipf',
    context,
    `distribution must be uniform or zipf (got ${JSON.stringify(distribution)})`,
  );
  const s = spec.s ?? 1;
  check(Number.isFinite(s) && s > 0, context, `zipf exponent s must be a positive number (got ${s})`);
  const stream = context.key;
  const stream2 = subKey(stream, 1);
  const rank = distribution === 'zipf' && rows > 0 ? zipfSampler(stream, rows, s) : null;
  const offset = context.params.tableStarts?.[parent.name] ?? 0;
  const digit = keyDigit(context);
  const draw =
    digit !== null
      ? (row: number) => offset + digit(row)
      : rank === null
        ? (row: number) => offset + drawBelow(stream, stream2, row, rows)
        : (row: number) => offset + rank(row) - 1;
  const uuidKey = uuidKeyOf(context, parent);
  // A reference to a UUID key: the parent row's UUID, recomputed from the parent key's own stream.
  if (uuidKey !== null) return uuidColumn(uuidKey, draw);
  const { start, step } = keySequenceOf(context, spec.table);
  check(
    context.column.type.kind === 'int64',
    context,
    `references "${parent.name}", whose key is an integer: make this column an int64`,
  );
  return {
    createVector: createNumberVector,
    fill(first, count, out) {
      const values = (out as NumberVector).values;
      for (let i = 0; i < count; i++) values[i] = start + draw(first + i) * step;
    },
  };
};

/** The stream of the parent's key when it is one `uuid` column, else null. */
function uuidKeyOf(context: GeneratorContext, parent: TableDefinition): number | null {
  const name = parent.primaryKey?.length === 1 ? parent.primaryKey[0] : undefined;
  const key = parent.columns.find((c) => c.name === name);
  if (key?.generator.kind !== 'uuid') return null;
  check(
    context.column.type.kind === 'uuid' || context.column.type.kind === 'utf8',
    context,
    `references "${parent.name}", whose key is a uuid: make this column a uuid too`,
  );
  return streamKey(context.params.seed, parent.name, key.name);
}

export const reference: GeneratorRegistration<'reference'> = {
  kind: 'reference',
  options: {
    table: { type: 'string', required: true },
    distribution: { type: 'string', required: false },
    s: { type: 'number', required: false },
  },
  types: ['int64', 'uuid', 'utf8'],
  unique: false,
  create,
};
