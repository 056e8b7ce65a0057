import type { TableDefinition } from '../dataset/types.ts';
import { drawsExisting } from '../generators/existing-rows.ts';
import { type AppendedTable, appendParams, referencedTables } from '../plan/append-params.ts';
import type { TableSlice } from '../plan/chunk-plan.ts';
import { compileForRun } from '../planner/compiled-tables.ts';
import type { RunPlan } from '../planner/run-plan.ts';
import type { Sink } from '../sinks/types.ts';

/**
 * An append without a start id extends what is there. Each table's ids continue after the rows it holds;
 * references draw their parents among the rows already there too (where the parent's key is a sequence),
 * so new orders belong to the customers the database has; a lookup table (`lookup: true`) that already
 * holds rows gets none. In a dataset with tables keyed by date or parent, those tables keep their own ids
 * (a day already loaded is a key clash), and its plain tables (dimensions) are left alone when they
 * already hold rows.
 */
export async function continueIds(plan: RunPlan, sink: Sink): Promise<RunPlan> {
  if (plan.startId !== null || sink.nextRow === undefined) return plan;
  const shaped = plan.dataset.tables.some((t) => t.shape !== undefined);
  const referenced = shaped ? new Set<string>() : referencedTables(plan.dataset);
  const moved: TableSlice[] = [];
  const found: AppendedTable[] = [];
  for (const slice of plan.slices) {
    const table = plan.dataset.tables[slice.table]!;
    const next = table.shape === undefined ? await sink.nextRow(table) : 0;
    const existing = next > 0 && referenced.has(table.name) ? ((await sink.existingRows?.(table)) ?? []) : [];
    // Left alone: a shaped dataset's dimension, or a lookup whose rows every reference to it can draw.
    const kept = next > 0 && (shaped || (table.lookup === true && existing.length > 0 && drawnAlone(plan, table)));
    const start = kept && shaped ? slice.end : slice.start + next;
    const end = kept ? start : slice.end + next;
    moved.push({ ...slice, start, end });
    if (!shaped && next > 0) found.push({ name: table.name, rowStart: start, rows: end - start, existing });
  }
  if (found.length === 0) return { ...plan, slices: moved };
  const params = appendParams(plan.params, found);
  return { ...plan, slices: moved, params, compiled: compileForRun(plan.dataset, params, plan.workers) };
}

/** Whether every reference to `parent` in the dataset may draw the rows already there (`drawsExisting`). */
function drawnAlone(plan: RunPlan, parent: TableDefinition): boolean {
  return plan.dataset.tables.every((table) =>
    table.columns.every(
      (c) => c.generator.kind !== 'reference' || c.generator.table !== parent.name || drawsExisting(table, c),
    ),
  );
}
