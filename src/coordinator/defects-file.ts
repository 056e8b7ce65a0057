import { createHash } from 'node:crypto';
import type { ColumnDefinition, TableDefinition } from '../dataset/types.ts';
import { dateOf, dayOf } from '../dates.ts';
import { type DirtyConfig, defectOfRow, tableDefects } from '../dirty/defects.ts';
import type { TableSlice } from '../plan/chunk-plan.ts';
import type { RunPlan } from '../planner/run-plan.ts';
import type { Sink, TableOutput } from '../sinks/types.ts';
import type { ColumnVector } from '../vectors/column-vector.ts';

/** The ground truth of a dirty run: `defects.ndjson`, one line per defect, as `gen check` reports findings. */
export interface DefectsFile {
  /** Lists the defects of a table's slice once its rows are written. */
  add(slice: TableSlice): Promise<void>;
  /** Ends the file; its entry for the manifest. */
  finish(): Promise<DefectsEntry>;
}

/** The manifest's entry for the defects: the file (relative to the manifest), its defects, bytes and hash. */
export interface DefectsEntry {
  readonly file: string;
  readonly path: string;
  /** `--dirty`'s rate, or null when the schema file's `defects` gave a rate per kind (`rates`). */
  readonly rate: number | null;
  readonly rates: DirtyConfig['rates'];
  readonly count: number;
  readonly bytes: number;
  readonly sha256: string;
}

/** Where the defects go: `defects.ndjson` beside the tables, or nothing when the run is clean. */
export const DEFECTS_FILE = { base: 'defects', extension: 'ndjson' } as const;

const LINES_PER_WRITE = 4096;

/** A column's value at index `i` of a vector, as JSON and as the NDJSON output writes it (instants as text). */
function jsonOf(column: ColumnDefinition, vector: ColumnVector, i: number): unknown {
  if (vector.kind === 'utf8')
    return new TextDecoder().decode(vector.bytes.subarray(vector.offsets[i], vector.offsets[i + 1]));
  if (vector.kind === 'dict') return vector.dictionary[vector.codes[i]!];
  const value = vector.values[i]!;
  if (column.type.kind === 'timestamp') return new Date(value).toISOString();
  if (column.type.kind === 'date') return dateOf(dayOf(value));
  if (column.type.kind === 'time') return new Date(value).toISOString().slice(11, 23);
  if (column.type.kind === 'bool') return value === 1;
  return value;
}

/** The primary key of `row` as gen makes it (clean): one value, an array for several columns, or null. */
function keyOf(plan: RunPlan, index: number, table: TableDefinition, row: number): unknown {
  const names = table.primaryKey ?? [];
  const values = names.map((name) => {
    const c = table.columns.findIndex((column) => column.name === name);
    return jsonOf(table.columns[c]!, plan.compiled[index]!.sources[c]!.read(row, 1).vector, 0);
  });
  return values.length === 0 ? null : values.length === 1 ? values[0] : values;
}

/** Opens the defects file of a dirty run, or returns null for a clean one. */
export async function openDefectsFile(plan: RunPlan, sink: Sink): Promise<DefectsFile | null> {
  const { dirty } = plan;
  if (dirty === null || sink.openSide === undefined) return null;
  const { output, path, file } = await sink.openSide(DEFECTS_FILE.base, DEFECTS_FILE.extension);
  const hash = createHash('sha256');
  let count = 0;
  let bytes = 0;
  const write = async (out: TableOutput, lines: string[]): Promise<void> => {
    const chunk = new TextEncoder().encode(lines.join(''));
    hash.update(chunk);
    bytes += chunk.length;
    lines.length = 0;
    await out.write(chunk);
  };
  return {
    async add(slice) {
      const table = plan.dataset.tables[slice.table]!;
      const defects = tableDefects(plan.dataset.tables, table, plan.params.seed, dirty);
      if (defects === null) return;
      const first = dirty.ranges[table.name]?.start ?? 0;
      const lines: string[] = [];
      for (let row = slice.start; row < slice.end; row++) {
        const target = defectOfRow(defects, row, first);
        if (target === null) continue;
        const finding = {
          table: table.name,
          column: table.columns[target.column]!.name,
          kind: target.kind,
          key: keyOf(plan, slice.table, table, row),
        };
        lines.push(`${JSON.stringify(finding)}\n`);
        count++;
        if (lines.length === LINES_PER_WRITE) await write(output, lines);
      }
      if (lines.length > 0) await write(output, lines);
    },
    async finish() {
      await output.end();
      return { file, path, rate: dirty.rate, rates: dirty.rates, count, bytes, sha256: hash.digest('hex') };
    },
  };
}
