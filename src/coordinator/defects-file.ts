import { createChecksum } from '../checksums.ts';
import type { TableDefinition } from '../dataset/types.ts';
import { type DirtyConfig, defectOfRow, rowKey, tableDefects } from '../dirty/defects.ts';
import { createNdjsonEncoder } from '../encoders/ndjson.ts';
import type { TableSlice } from '../plan/chunk-plan.ts';
import type { RunPlan } from '../planner/run-plan.ts';
import type { Sink, TableOutput } from '../sinks/types.ts';
import { createChunkGenerator } from '../worker/chunk-generator.ts';

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
  /** As the tables' (`TableReport.checksum`). */
  readonly checksum: string | null;
}

/** Where the defects go: `defects.ndjson` beside the tables, or nothing when the run is clean. */
export const DEFECTS_FILE = { base: 'defects', extension: 'ndjson' } as const;

const LINES_PER_WRITE = 4096;

/**
 * The primary key of each row as gen makes it (clean): the row made again alone and written as NDJSON,
 * which is how `gen check` reads keys too (values as NDJSON writes them: instants as ISO text).
 */
function keysOf(plan: RunPlan): (table: TableDefinition, row: number) => unknown {
  const rows = createChunkGenerator(
    { dataset: plan.dataset, params: plan.params, encoder: { format: 'ndjson', options: {} } },
    createNdjsonEncoder,
    plan.compiled,
  );
  return (table, row) => {
    const line = JSON.parse(
      Buffer.from(rows.generate({ table: plan.dataset.tables.indexOf(table), start: row, count: 1 })).toString(),
    ) as Record<string, unknown>;
    return rowKey(
      table,
      table.columns.map((c) => line[c.name]),
    );
  };
}

/** Opens the defects file of a dirty run, or returns null for a clean one. */
export async function openDefectsFile(plan: RunPlan, sink: Sink): Promise<DefectsFile | null> {
  const { dirty } = plan;
  if (dirty === null || sink.openSide === undefined) return null;
  const { output, path, file } = await sink.openSide(DEFECTS_FILE.base, DEFECTS_FILE.extension);
  const keyOf = keysOf(plan);
  const hash = plan.checksum === null ? null : await createChecksum(plan.checksum);
  let count = 0;
  let bytes = 0;
  const write = async (out: TableOutput, lines: string[]): Promise<void> => {
    const chunk = new TextEncoder().encode(lines.join(''));
    hash?.update(chunk);
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
          key: keyOf(table, row),
        };
        lines.push(`${JSON.stringify(finding)}\n`);
        count++;
        if (lines.length === LINES_PER_WRITE) await write(output, lines);
      }
      if (lines.length > 0) await write(output, lines);
    },
    async finish() {
      await output.end();
      return { file, path, rate: dirty.rate, rates: dirty.rates, count, bytes, checksum: hash?.digest() ?? null };
    },
  };
}
