/**
 * Micro-benchmarks (tinybench, in this process): nanoseconds per value of every column of the built-in
 * datasets (each a generator of some kind; a lookup's time includes the columns it reads) and per value of
 * every encoder on 32,768 `items` rows, so that a regression points at a column kind or a format.
 */
import { Bench } from 'tinybench';
import { FORMATS, formatOf } from '../src/encoders/formats.ts';
import { encoderOf } from '../src/encoders/types.ts';
import { planRun } from '../src/planner/run-plan.ts';
import type { Batch } from '../src/vectors/column-vector.ts';

const ROWS = 32_768;
const DATE = '2026-01-01';

export interface MicroRow {
  readonly name: string;
  readonly kind: string;
  readonly nsPerValue: number;
}

/** Each built-in dataset at a size where every table has a chunk's rows or more, planned, not run. */
const DATASETS = [
  { dataset: 'items', rows: 1e6 },
  { dataset: 'transactions', rows: 1e6 },
  { dataset: 'retail', scale: 'medium', days: 30 },
  { dataset: 'catalog', scale: 20 },
  { dataset: 'shiny-rocks', days: 365 },
] as const;

function columnTasks(bench: Bench, kinds: Map<string, string>, wanted: (name: string) => boolean): void {
  for (const options of DATASETS) {
    // Planned, never run: the directory is not made.
    const plan = planRun({ ...options, date: DATE, workers: 0, out: 'bench-micro-unused' });
    plan.dataset.tables.forEach((table, t) => {
      const rows = plan.ranges[table.name]!.end - plan.ranges[table.name]!.start;
      if (rows < ROWS) return;
      table.columns.forEach((column, c) => {
        const source = plan.compiled[t]!.sources[c]!;
        const name = `${plan.dataset.name}.${table.name}.${column.name}`;
        if (!wanted(name)) return;
        kinds.set(name, column.generator.kind);
        let start = plan.ranges[table.name]!.start;
        bench.add(name, () => {
          // Other rows each time: a source answers a repeat read of the rows it holds for free.
          if (start + ROWS > plan.ranges[table.name]!.end) start = plan.ranges[table.name]!.start;
          source.read(start, ROWS);
          start += ROWS;
        });
      });
    });
  }
}

async function encoderTasks(
  bench: Bench,
  kinds: Map<string, string>,
  wanted: (name: string) => boolean,
): Promise<void> {
  const plan = planRun({ dataset: 'items', rows: 1e6, date: DATE, workers: 0, out: '-' });
  const table = plan.dataset.tables[0]!;
  const reads = plan.compiled[0]!.sources.map((s) => s.read(0, ROWS));
  // The values copied out of the sources' buffers, which the next read would overwrite.
  const batch: Batch = {
    start: 0,
    count: ROWS,
    columns: reads.map((r) => structuredClone(r.vector)),
    nulls: reads.map((r) => (r.mask === null ? null : r.mask.slice())),
  };
  for (const name of FORMATS) {
    if (!wanted(`encode ${name}`)) continue;
    const format = formatOf(name)!;
    const options = Object.fromEntries(Object.entries(format.options).map(([k, values]) => [k, values[0]!]));
    const encoder = (await encoderOf(format))(table, options);
    let slot: SharedArrayBuffer | undefined;
    kinds.set(`encode ${name}`, 'encoder');
    // Parquet's default codec (SNAPPY) and every text format encode synchronously; the bench times those.
    bench.add(`encode ${name}`, () => {
      const bytes = encoder.encode(batch, slot) as Uint8Array;
      if (bytes.buffer instanceof SharedArrayBuffer) slot = bytes.buffer;
    });
  }
}

/** The micro-benchmarks, all of them or only the tasks named in `only` (`retail.orders.customer_id`, `encode csv`). */
export async function micro(short: boolean, only: readonly string[] = []): Promise<MicroRow[]> {
  process.stderr.write('bench: micro-benchmarks (tinybench), ns per value\n');
  const bench = new Bench({ time: short ? 50 : 300, warmupTime: short ? 10 : 50, throws: true });
  const kinds = new Map<string, string>();
  const wanted = (name: string): boolean => only.length === 0 || only.includes(name);
  columnTasks(bench, kinds, wanted);
  await encoderTasks(bench, kinds, wanted);
  const columns = (name: string): number => (name.startsWith('encode ') ? 7 : 1); // items has 7 columns
  const tasks = await bench.run();
  return tasks.map((task) => ({
    name: task.name,
    kind: kinds.get(task.name)!,
    nsPerValue: Number(
      (((task.result as { latency: { mean: number } }).latency.mean * 1e6) / ROWS / columns(task.name)).toFixed(1),
    ),
  }));
}

/** The table for bench/README.md: slowest first. */
export function microTable(rows: readonly MicroRow[]): string[] {
  return [
    '| column or encoder | generator kind | ns per value |',
    '| --- | --- | ---: |',
    ...[...rows].sort((a, b) => b.nsPerValue - a.nsPerValue).map((r) => `| ${r.name} | ${r.kind} | ${r.nsPerValue} |`),
  ];
}
