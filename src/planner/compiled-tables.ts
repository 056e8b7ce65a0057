import type { DatasetDefinition } from '../dataset/types.ts';
import { type CompiledTable, compileDataset, compileTable } from '../generators/index.ts';
import type { GenerationParams } from '../generators/types.ts';

/**
 * The compiled tables a run makes rows with on this thread: every table for a run without a pool
 * (`workers` 0). A pooled run's workers compile the tables they are given chunks of, a few at a time
 * (`worker/chunk-generator.ts`), so here each table is compiled only to check its generators, and dropped
 * before the next: the coordinator's memory then no longer grows with the number of tables. Held all at
 * once, the 218 tables of the largest schema of test/fixtures/corpus (postgrest, the file `gen init --ddl
 * … --all-schemas` writes) took 15 MiB of heap and 4 MiB of array buffers (faker's words, for one, are
 * encoded per column); compiled twice (the schema file's check, then the plan's), `gen --config FILE
 * --dry-run` peaked at 159 MiB RSS, against 115 one table at a time (/usr/bin/time).
 * @throws {DatasetError} naming the first column whose generator cannot be compiled.
 */
export function compileForRun(
  dataset: DatasetDefinition,
  params: GenerationParams,
  workers: number,
): readonly CompiledTable[] {
  if (workers === 0) return compileDataset(dataset, params);
  for (const table of dataset.tables) compileTable(dataset, table, params);
  return [];
}
