import type { DatasetDefinition } from '../../src/dataset/types.ts';
import { compileTable } from '../../src/generators/index.ts';
import { planRun } from '../../src/planner/run-plan.ts';
import type { ColumnVector } from '../../src/vectors/column-vector.ts';

export type Rows = Record<string, unknown>[];

/** Every row of `table` in a run of `dataset`, as plain objects (NULL as null), from `start` for `count` rows. */
export function rowsOf(dataset: DatasetDefinition, table: string, first?: number, take?: number): Rows {
  const plan = planRun({ dataset, seed: 5, date: '2026-01-01', workers: 0 });
  const index = plan.dataset.tables.findIndex((t) => t.name === table);
  const def = plan.dataset.tables[index]!;
  const slice = plan.slices.find((s) => s.name === table)!;
  const start = first ?? slice.start;
  const count = take ?? slice.end - slice.start;
  const { sources } = compileTable(plan.dataset, def, plan.params);
  // A column that reads its own table at other rows moves those sources: read again until all hold the
  // rows, as the chunk generator does.
  let reads: { vector: ColumnVector; mask: Uint8Array }[] = [];
  for (let round = 0; round < 4 && (round === 0 || !sources.every((s) => s.holds(start, count))); round++)
    reads = sources.map((source) => {
      const { vector, mask } = source.read(start, count);
      return { vector, mask: mask?.slice() ?? new Uint8Array(count) };
    });
  if (!sources.every((s) => s.holds(start, count))) throw new Error('the sources did not settle');
  const columns = reads.map((r) => r.vector);
  const masks = reads.map((r) => r.mask);
  return Array.from({ length: count }, (_, i) =>
    Object.fromEntries(def.columns.map((c, j) => [c.name, masks[j]![i] === 1 ? null : valueAt(columns[j]!, i)])),
  );
}

function valueAt(v: ColumnVector, i: number): unknown {
  if (v.kind === 'dict') return v.dictionary[v.codes[i]!];
  if (v.kind === 'utf8') return new TextDecoder().decode(v.bytes.subarray(v.offsets[i], v.offsets[i + 1]));
  return v.values[i];
}
