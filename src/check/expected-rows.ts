import type { TableDefinition } from '../dataset/types.ts';
import { createCsvEncoder } from '../encoders/csv.ts';
import type { RunPlan } from '../planner/run-plan.ts';
import { createChunkGenerator } from '../worker/chunk-generator.ts';

/** Rows a check remakes at a time (any size gives the same bytes: chunking never changes output). */
export const CHECK_CHUNK_ROWS = 32_768;

/**
 * Gen's rows of a run as its CSV prints them, one line each (no header), on this thread: what checks
 * compare values with when the output is not a text format gen can compare as bytes (Postgres, Parquet).
 */
export function expectedLines(plan: RunPlan): (table: TableDefinition, start: number, count: number) => string[] {
  const generator = createChunkGenerator(
    { dataset: plan.dataset, params: plan.params, encoder: { format: 'csv', options: {} } },
    createCsvEncoder,
    plan.compiled,
  );
  return (table, start, count) => {
    const bytes = Buffer.from(generator.generate({ table: plan.dataset.tables.indexOf(table), start, count }));
    const lines = bytes.toString().split('\n');
    lines.pop(); // after the last \n
    return lines;
  };
}
