import type { DatasetDefinition } from '../dataset/types.ts';
import { UsageError } from '../errors.ts';
import type { TableSlice } from '../plan/chunk-plan.ts';
import type { Namer } from '../plan/sizing.ts';
import { type SinkTarget, sinkOf } from '../sinks/sinks.ts';

/**
 * The slices of the tables `tables` asks for (all when it is not given). Every table is still sized, so
 * that references into a table left out point at the rows a whole run would make. Stdout holds one table:
 * several would run together into one stream no reader can split. A Postgres load takes every table, so
 * that its foreign keys find their parents.
 * @throws {UsageError} naming an unknown table, or a selection the target cannot take.
 */
export function selectTables(
  tables: readonly string[] | undefined,
  slices: TableSlice[],
  dataset: DatasetDefinition,
  target: SinkTarget,
  name: Namer,
): TableSlice[] {
  const known = dataset.tables.map((t) => t.name);
  const unknown = tables?.find((t) => !known.includes(t));
  if (unknown !== undefined)
    throw new UsageError(
      `${name('tables')}: ${dataset.name} has no table "${unknown}"; its tables: ${known.join(', ')}`,
    );
  const takes = sinkOf(target).tables;
  if (tables !== undefined && takes === 'all')
    throw new UsageError(
      `${name('tables')} does not apply to ${sinkOf(target).describe(target)}, which takes every table so that references find their parents`,
    );
  const chosen = tables === undefined ? slices : slices.filter((s) => tables.includes(s.name));
  const names = [...new Set(chosen.map((s) => s.name))];
  if (takes === 'one' && names.length > 1)
    throw new UsageError(
      `${dataset.name} has ${names.length} tables and ${sinkOf(target).describe(target)} holds one: pick it with ${name('tables')} ${names[names.length - 1]}, or write them all with ${name('out')} DIR`,
    );
  return chosen;
}
