import type { GeneratorContext } from './types.ts';
import { fail } from './check.ts';

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
  if (key?.generator.kind !== 'sequence') fail(context, `table "${table.name}" needs a one-column primary key made by a sequence to be referenced`);
  return { start: key.generator.start ?? 0, step: key.generator.step ?? 1 };
}
