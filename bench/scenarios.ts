/** What every benchmark section shares: scenarios, result rows, and how a group of scenarios is run. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { measure, median, type Sample } from './measure.ts';

export type Format = 'ndjson' | 'csv' | 'parquet' | 'pg';

export interface Scenario {
  readonly name: string;
  readonly format: Format;
  readonly rows: number;
  readonly argv: (out: string) => string[];
  /** Where stdout goes; null when the command writes its own file. */
  readonly stdout?: string;
  /** The bytes a run wrote, read from its output directory before it is removed. */
  readonly bytesOf?: (out: string) => number;
  /** The command is gen with `--progress json`: its report gives the main thread's CPU seconds. */
  readonly reportsCpu?: boolean;
}

export interface Row {
  readonly name: string;
  readonly format: string;
  readonly rows: number;
  readonly runs: number;
  readonly wallSec: number;
  readonly rowsPerSec: number;
  readonly maxRssMiB: number;
  readonly cpuSec: number;
  /** Bytes written by one run, when the scenario knows them. */
  readonly bytes?: number;
  /** CPU seconds of gen's main thread (the coordinator), from its report, when the scenario asks for it. */
  readonly mainCpuSec?: number;
  /** A peak RSS the command must stay within, MiB (bench/gate.ts), when it has one. */
  readonly rssCeilingMiB?: number;
}

/** The main thread's CPU seconds in gen's `--progress json` report (its last stderr line). */
function mainCpuOf(stderr: string): number {
  const done = JSON.parse(stderr.trim().split('\n').at(-1)!) as { cpu?: { mainThreadSec: number | null } };
  return done.cpu?.mainThreadSec ?? Number.NaN;
}

/** Runs every scenario `runs` times, alternating (A B A B …), and reports each one's medians. */
export function runScenarios(group: readonly Scenario[], runs: number, work: string): Row[] {
  const samples = group.map(() => [] as Sample[]);
  const bytes: (number | undefined)[] = group.map(() => undefined);
  for (let r = 0; r < runs; r++) {
    group.forEach((scenario, i) => {
      const out = mkdtempSync(join(work, 'run-'));
      samples[i]!.push(measure(scenario.argv(out), scenario.stdout));
      bytes[i] = scenario.bytesOf?.(out);
      rmSync(out, { recursive: true, force: true });
    });
  }
  return group.map((scenario, i) => {
    const wallSec = median(samples[i]!.map((s) => s.wallSec));
    return {
      name: scenario.name,
      format: scenario.format,
      rows: scenario.rows,
      runs,
      wallSec,
      rowsPerSec: Math.round(scenario.rows / Math.max(wallSec, 0.005)),
      maxRssMiB: Math.round(median(samples[i]!.map((s) => s.maxRssMiB))),
      cpuSec: Number(median(samples[i]!.map((s) => s.userSec + s.sysSec)).toFixed(2)),
      ...(bytes[i] === undefined ? {} : { bytes: bytes[i] }),
      ...(scenario.reportsCpu === true
        ? { mainCpuSec: Number(median(samples[i]!.map((s) => mainCpuOf(s.stderr))).toFixed(2)) }
        : {}),
    };
  });
}

/** Rows and bytes of every table in the manifests of `out` (one per shard). */
export function manifestTotals(out: string): { rows: number; bytes: number } {
  const totals = { rows: 0, bytes: 0 };
  for (const file of readdirSync(out).filter((f) => f.startsWith('manifest') && f.endsWith('.json'))) {
    const manifest = JSON.parse(readFileSync(join(out, file), 'utf8')) as { tables: { rows: number; bytes: number }[] };
    for (const t of manifest.tables) {
      totals.rows += t.rows;
      totals.bytes += t.bytes;
    }
  }
  return totals;
}

/** 1.23 M, 45.6 k, 789. */
export const fmt = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : String(n);
