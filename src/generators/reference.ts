import type { TableDefinition } from '../dataset/types.ts';
import { streamKey } from '../random/counter-rng.ts';
import { createNumberVector, type NumberVector } from '../vectors/column-vector.ts';
import { check } from './check.ts';
import { gatheredColumn } from './gather.ts';
import { keySequenceOf } from './keys.ts';
import { markingNulls } from './nulls.ts';
import { rowIds } from './row-ids.ts';
import { referenceRows } from './row-map.ts';
import type {
  ColumnGenerator,
  GeneratorContext,
  GeneratorFactory,
  GeneratorRegistration,
  RowsOf,
  SpecOf,
} from './types.ts';
import { uuidColumn } from './uuid.ts';

/**
 * A foreign key, computed: the drawn parent row mapped through the parent key's sequence (`start + row ×
 * step`), its uuid, or its `column` (a unique code). Every shard computes the same value, and the parent
 * exists because its row id is in range. `zipf` makes the first parents the most referenced.
 */
const create: GeneratorFactory<SpecOf<'reference'>> = (spec, context) => {
  const { parent, map } = referenceRows(spec, context);
  const earlier = spec.earlier === true;
  let roots = new Uint8Array(0);
  const rowsOf: RowsOf = (first, count, out) => {
    rowIds(first, count, out);
    map(out, count, out);
    if (!earlier) return;
    // Rows with no earlier row are NULL; they read their own row meanwhile, so every writer gets a row id.
    if (roots.length < count) roots = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      roots[i] = Number.isNaN(out[i]!) ? 1 : 0;
      if (roots[i] === 1) out[i] = first + i;
    }
  };
  return markingNulls(keysAt(spec, parent, rowsOf, context), earlier, () => roots);
};

/** The parent's key (or rendered column) at the rows `rowsOf` gives. */
function keysAt(
  spec: SpecOf<'reference'>,
  parent: TableDefinition,
  rowsOf: RowsOf,
  context: GeneratorContext,
): ColumnGenerator {
  if (spec.column !== undefined) return renderedReference(spec.column, parent, rowsOf, context);
  const uuidKey = uuidKeyOf(context, parent);
  // A reference to a UUID key: the parent row's UUID, recomputed from the parent key's own stream.
  if (uuidKey !== null) return uuidColumn(uuidKey, rowsOf);
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
      rowsOf(first, count, values);
      for (let i = 0; i < count; i++) values[i] = start + values[i]! * step;
    },
  };
}

/** A reference written as the parent's unique `name` column (`C001`): its value at the drawn parent row. */
function renderedReference(
  name: string,
  parent: TableDefinition,
  rowsOf: RowsOf,
  context: GeneratorContext,
): ColumnGenerator {
  const target = parent.columns.find((c) => c.name === name);
  check(target !== undefined, context, `"${parent.name}" has no column ${JSON.stringify(name)}`);
  // Unique, or in a key of several columns (a composite foreign key: the key's other columns are lookups
  // through this one, `foreignKeySql`).
  const keys = [parent.primaryKey ?? [], ...(parent.unique ?? [])];
  check(
    target.unique === true || keys.some((set) => set.includes(name)),
    context,
    `column: "${parent.name}.${name}" must be unique, or in a key of several columns, to be referenced (unique: true)`,
  );
  check(
    target.type.kind === context.column.type.kind,
    context,
    `"${parent.name}.${name}" is ${target.type.kind}: make this column ${target.type.kind} too`,
  );
  return gatheredColumn(context.source(parent.name, target), rowsOf, false);
}

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
    q: { type: 'number', required: false },
    column: { type: 'string', required: false },
    follow: { type: 'string', required: false },
    distinctFrom: { type: 'string', required: false },
    earlier: { type: 'boolean', required: false },
  },
  types: ['int64', 'uuid', 'utf8'],
  unique: false,
  create,
};
