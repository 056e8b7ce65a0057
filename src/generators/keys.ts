import { check, fail } from './check.ts';
import type { GeneratorContext } from './types.ts';

/** How a table's rows map to its keys: `start + row × step`. */
export interface KeySequence {
  readonly start: number;
  readonly step: number;
}

/**
 * The key sequence of table `name`: its one-column primary key must be made by a sequence, so that a row
 * id can be turned into the key another table refers to.
 */
export function keySequenceOf(context: GeneratorContext, name: string): KeySequence {
  const table = context.dataset?.tables.find((t) => t.name === name);
  if (table === undefined) fail(context, `references unknown table ${JSON.stringify(name)}`);
  const keyName = table.primaryKey?.length === 1 ? table.primaryKey[0] : undefined;
  const key = table.columns.find((c) => c.name === keyName);
  if (key?.generator.kind !== 'sequence')
    fail(context, `table "${table.name}" needs a one-column primary key made by a sequence to be referenced`);
  return { start: key.generator.start ?? 0, step: key.generator.step ?? 1 };
}

/**
 * The key of a row of the column's own table when that key is one non-negative sequence column (template
 * `C{id:03}` → C001 for key 1), else the row id itself.
 */
export function ownKeySequence(context: GeneratorContext): KeySequence {
  const table = context.dataset?.tables.find((t) => t.name === context.table);
  const key = table?.primaryKey?.length === 1 ? table.columns.find((c) => c.name === table.primaryKey![0]) : undefined;
  if (key?.generator.kind !== 'sequence') return { start: 0, step: 1 };
  const { start = 0, step = 1 } = key.generator;
  check(start >= 0 && step >= 0, context, `{id} needs the key "${key.name}" to be a non-negative sequence`);
  return { start, step };
}
