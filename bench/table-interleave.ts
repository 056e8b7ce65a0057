/**
 * Two builds' CPU a row on one table, in one process: `node dist/bench/table-interleave.js BUILD_A BUILD_B
 * shiny-rocks services '{"days": 365}'` (BUILD_*: a project directory with `dist/` built; the JSON: the
 * planner's options, default `{"days": 365}`). Each build's generators read their chunks of 32,768 rows in
 * turn (A, B, A, B …), so that a machine that drifts slows both alike; whole processes on this shared
 * machine moved ±15% from run to run, more than a change to one generator. Prints the medians of 300
 * chunks each after 40 of warm-up. Run it with the builds swapped too: the second build's chunks ran a few
 * percent slower here whichever it was.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { planRun as PlanRun } from '../src/planner/run-plan.ts';

const ROWS = 32_768;
const WARM = 40;
const TIMED = 300;

async function tableReader(build: string, dataset: string, table: string, options: object): Promise<() => void> {
  const url = pathToFileURL(resolve(build, 'dist/src/planner/run-plan.js')).href;
  const { planRun } = (await import(url)) as { planRun: typeof PlanRun };
  // Planned, never run: the directory is not made.
  const plan = planRun({ dataset, ...options, date: '2026-01-01', workers: 0, out: 'bench-interleave-unused' });
  const index = plan.dataset.tables.findIndex((t) => t.name === table);
  if (index < 0) throw new Error(`${dataset} has no table ${table}`);
  const { start, end } = plan.ranges[table]!;
  const sources = plan.compiled[index]!.sources;
  let at = start;
  return () => {
    if (at + ROWS > end) at = start;
    // As a worker reads a chunk (worker/chunk-generator.ts): until every column holds the rows.
    do for (const source of sources) source.read(at, ROWS);
    while (!sources.every((source) => source.holds(at, ROWS)));
    at += ROWS;
  };
}

const median = (times: number[]): number => times.sort((a, b) => a - b)[times.length >> 1]!;

const [a, b, dataset, table, options = '{"days": 365}'] = process.argv.slice(2);
if (a === undefined || b === undefined || dataset === undefined || table === undefined)
  throw new Error('usage: table-interleave.js BUILD_A BUILD_B DATASET TABLE [PLANNER_OPTIONS_JSON]');
const readers = [
  await tableReader(a, dataset, table, JSON.parse(options)),
  await tableReader(b, dataset, table, JSON.parse(options)),
];
const times: number[][] = [[], []];
for (let i = 0; i < WARM + TIMED; i++)
  readers.forEach((read, r) => {
    const t0 = performance.now();
    read();
    if (i >= WARM) times[r]!.push(performance.now() - t0);
  });
const [ma, mb] = times.map((t) => (median(t) * 1e6) / ROWS);
process.stdout.write(`A ${ma!.toFixed(1)} ns a row, B ${mb!.toFixed(1)} ns a row, B/A ${(mb! / ma!).toFixed(3)}\n`);
