/**
 * CPU-bound runs (issue 15): stdout sent to /dev/null, so that no disk's writeback is in the figure; gen
 * at 1, 2, 4 and 8 workers beside the hand loop (bench/baselines/hand-loop.ts, unchanged) writing to
 * /dev/null too, with the CPU seconds of the whole process and of gen's main thread (the coordinator,
 * from its `--progress json` report: Linux's per-thread accounting). `-w 4` and `-w 8` on a machine with
 * fewer CPUs run one thread per CPU (`PlanOptions.cpus`): the rows show what a user asking for them gets.
 */
import { join } from 'node:path';
import { fmt, type Row, runScenarios, type Scenario } from './scenarios.ts';

const DATE = '2026-01-01';
export const WORKER_COUNTS = [1, 2, 4, 8] as const;

export function cpuBound(gen: string, baselines: string, work: string, short: boolean): Row[] {
  const rows = short ? 1e6 : 1e7;
  return (['ndjson', 'csv'] as const).flatMap((format) => {
    process.stderr.write(`bench: CPU-bound, ${format}, ${rows} rows to /dev/null\n`);
    const scenario = (workers: number): Scenario => ({
      name: `gen -w ${workers} → /dev/null`,
      format,
      rows,
      stdout: '/dev/null',
      reportsCpu: true,
      argv: () => [
        process.execPath,
        gen,
        '--rows',
        String(rows),
        '--format',
        format,
        '-w',
        String(workers),
        '--date',
        DATE,
        '--out',
        '-',
        '--progress',
        'json',
      ],
    });
    const hand: Scenario = {
      name: 'hand loop → /dev/null',
      format,
      rows,
      argv: () => [process.execPath, join(baselines, 'hand-loop.js'), String(rows), format, '/dev/null'],
    };
    return runScenarios([...WORKER_COUNTS.map(scenario), hand], short ? 1 : 5, work);
  });
}

/** gen against the hand loop, the coordinator's share of the CPU, and the scaling from 2 to 8 workers. */
export function cpuBoundRatios(results: readonly Row[]): string[] {
  return (['ndjson', 'csv'] as const).flatMap((format) => {
    const at = (name: string) => results.find((r) => r.name === name && r.format === format);
    const hand = at('hand loop → /dev/null');
    const two = at('gen -w 2 → /dev/null');
    const eight = at('gen -w 8 → /dev/null');
    if (hand === undefined || two === undefined || eight === undefined) return [];
    const share = (r: Row): string => `${Math.round((100 * (r.mainCpuSec ?? Number.NaN)) / r.cpuSec)}%`;
    return [
      `- ${format} to /dev/null, ${fmt(two.rows)} rows, \`gen -w 2\`: **${(hand.wallSec / two.wallSec).toFixed(2)}x** the hand loop's wall time (target ≥ 1.5x), ${(two.cpuSec / hand.cpuSec).toFixed(2)}x its CPU (target ≤ ~1.3x); the main thread **${share(two)}** of gen's CPU (target ≤ 10%); \`-w 8\` **${(two.wallSec / eight.wallSec).toFixed(2)}x** \`-w 2\`'s speed (target ≥ 1.0), main thread ${share(eight)}.`,
    ];
  });
}
