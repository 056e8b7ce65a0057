/**
 * `gen check` on an `items` output gen wrote (NDJSON and CSV): rows per second of wall time, and rows per
 * CPU-second (all threads: the workers remaking chunks and the thread comparing). Issue 13's target: at
 * least 1e6 rows/s per core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { measure } from './measure.ts';
import { fmt, type Row, runScenarios, type Scenario } from './scenarios.ts';

const DATE = '2026-01-01';

export function checks(gen: string, work: string, short: boolean): Row[] {
  const rows = short ? 1e6 : 1e7;
  return (['ndjson', 'csv'] as const).flatMap((format) => {
    process.stderr.write(`bench: gen check, ${format}, ${rows} rows\n`);
    const dir = mkdtempSync(join(work, 'check-'));
    try {
      const args = ['--rows', String(rows), '--format', format, '--date', DATE, '--out', dir, '--quiet', '-w', '2'];
      measure([process.execPath, gen, 'items', ...args]);
      const check = (workers: number): Scenario => ({
        name: `gen check -w ${workers}`,
        format,
        rows,
        argv: () => [process.execPath, gen, 'check', dir, '--workers', String(workers)],
        stdout: '/dev/null',
      });
      return runScenarios([check(1), check(2)], short ? 1 : 3, work);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** One line per format and worker count: rows/s, and rows per CPU-second against the target. */
export function checkRatios(results: readonly Row[]): string[] {
  return results
    .filter((r) => r.name.startsWith('gen check'))
    .map(
      (r) =>
        `- \`${r.name}\`, ${r.format}, ${fmt(r.rows)} rows: ${fmt(r.rowsPerSec)} rows/s, **${fmt(Math.round(r.rows / Math.max(r.cpuSec, 0.01)))} rows per CPU-second** (target ≥ 1M).`,
    );
}
