/**
 * The benchmark's gate: this run's results against the committed ones (`bench/results/<mode>.json`).
 * Pure (no I/O) so that a unit test can feed it a busy machine and a real regression.
 *
 * CI runs on shared 2-core machines where a neighbour can take a CPU for seconds: a command then waits,
 * and its wall time doubles or triples while its CPU time (user + sys, from GNU time) moves far less. So
 * only CPU time may fail a run; wall time, even relative to the same run's hand loop, only warns, because
 * with one run per command (the short bench) a neighbour's burst can land on gen's run and miss the hand
 * loop's. CPU time is not immune either (a load of 7.5 on 2 cores here made the baselines' CPU time 1.5x,
 * gen's up to 2x), so gen's growth is also taken relative to the baselines of the same run.
 */
import { median } from './measure.ts';
import { fmt, type Row } from './scenarios.ts';

export interface Limits {
  /** gen's CPU time, grown more than this multiple of the committed beyond the baselines' growth, fails… */
  readonly cpuFail: number;
  /** …and beyond this one warns. */
  readonly cpuWarn: number;
  /** …if gen's CPU efficiency relative to the same run's hand loop, where there is one, is also below this share of the committed ratio. */
  readonly ratioFail: number;
  /** …and below this one warns. */
  readonly ratioWarn: number;
  /** Wall-time speed below this share of the committed figure warns (wall time never fails). */
  readonly wallWarn: number;
  /** `gen -w 2` must make at least this many times the faker loop's rows per CPU-second, in the same run. */
  readonly fakerFloor: number;
  /** Rows below this are mostly Node's start-up (~0.2 s, GNU time counts in 0.01 s): not held to anything. */
  readonly minRows: number;
  /**
   * Commands of less committed CPU time than this only warn: start-up is most of it, and a busy machine
   * was seen to double it (0.28 to 0.56 s, Parquet at 1e5 rows), as much as a run's work. The baselines'
   * growth is taken from those of at least this much too.
   */
  readonly minCpuSec: number;
}

/**
 * 2.5x is generous on purpose: a real regression of that size (an accidental copy per row, a lost fast
 * path) is well past any noise seen here, even before the baselines' growth is taken out.
 */
export const LIMITS: Limits = {
  cpuFail: 2.5,
  cpuWarn: 1.5,
  ratioFail: 0.4,
  ratioWarn: 0.67,
  wallWarn: 0.75,
  fakerFloor: 3,
  minRows: 1e5,
  minCpuSec: 0.4,
};

export interface Verdict {
  /** How much the baselines' CPU time grew against the committed (median; 1 when none compares). */
  readonly machine: number;
  /** Worth a look (a regression, or a noisy machine): printed as `bench: WARNING …`, never fails. */
  readonly warnings: string[];
  /** Far beyond noise: printed as `bench: REGRESSION …`, exit 1. */
  readonly failures: string[];
}

type Key = Pick<Row, 'name' | 'format' | 'rows'>;

const same = (a: Key, b: Key): boolean => a.name === b.name && a.format === b.format && a.rows === b.rows;

/**
 * gen's own commands (`gen -w 2`, `gen check -w 1`, …); the baselines (hand and faker loops, DuckDB, the
 * server's COPY, generate_series) are only yardsticks.
 */
const isGen = (row: Key): boolean => row.name.startsWith('gen ');

/** A command written to /dev/null is held against the hand loop written there, a file's against the file one. */
const toNull = (row: Key): boolean => row.name.endsWith('→ /dev/null');

function handLoopOf(rows: readonly Row[], r: Key): Row | undefined {
  return rows.find(
    (h) => h.name.startsWith('hand loop') && toNull(h) === toNull(r) && h.format === r.format && h.rows === r.rows,
  );
}

const label = (r: Row): string => `${r.name} (${r.format}, ${fmt(r.rows)} rows)`;

interface Context {
  readonly run: readonly Row[];
  readonly committed: readonly Row[];
  readonly limits: Limits;
  readonly machine: number;
}

/** Each check returns a warning, a failure or nothing for one command present in both runs. */
type Check = (now: Row, before: Row, context: Context) => Finding;
type Finding = { readonly level: 'warn' | 'fail'; readonly text: string } | undefined;

/**
 * The median growth of the baselines' CPU time since the committed run: what the machine (busier, or
 * slower per CPU-second) did to every command alike. Baselines run no gen code, so a regression of gen's
 * cannot raise it.
 */
function machineGrowth(committed: readonly Row[], run: readonly Row[], limits: Limits): number {
  const growths = run
    .filter((r) => !isGen(r) && r.rows >= limits.minRows && r.cpuSec > 0)
    .flatMap((r) => {
      const before = committed.find((p) => same(p, r));
      return before !== undefined && before.cpuSec >= limits.minCpuSec ? [r.cpuSec / before.cpuSec] : [];
    });
  return growths.length === 0 ? 1 : median(growths);
}

/**
 * gen's CPU efficiency relative to the same run's hand loop (same format, rows and destination), as a
 * share of the same ratio committed; undefined where there is no hand loop to compare with.
 */
function handLoopRatio(now: Row, before: Row, { run, committed }: Context): number | undefined {
  const [hand, handBefore] = [handLoopOf(run, now), handLoopOf(committed, before)];
  if (hand === undefined || handBefore === undefined) return undefined;
  if (![hand, handBefore, now, before].every((r) => r.cpuSec > 0)) return undefined;
  return hand.cpuSec / now.cpuSec / (handBefore.cpuSec / before.cpuSec);
}

/**
 * CPU seconds against the committed CPU seconds of the same command: the work done, whatever the waiting.
 * Fails only beyond the baselines' own growth (a machine that is only faster is not held against gen),
 * and only if the same run's hand loop, where there is one, confirms it: each figure is a single run.
 */
const cpuCheck: Check = (now, before, context) => {
  const { limits, machine } = context;
  if (!(before.cpuSec > 0)) return undefined;
  const x = now.cpuSec / before.cpuSec;
  const beyond = x / Math.max(1, machine);
  const ratio = handLoopRatio(now, before, context);
  const text =
    `${label(now)}: CPU ${now.cpuSec.toFixed(2)} s, ${x.toFixed(2)}x the committed ${before.cpuSec.toFixed(2)} s, ${beyond.toFixed(2)}x beyond the baselines' growth` +
    (ratio === undefined ? '' : `; CPU efficiency against the same run's hand loop ${ratio.toFixed(2)}x the committed`);
  const confirmed = ratio === undefined || ratio < limits.ratioFail;
  if (beyond > limits.cpuFail && confirmed && before.cpuSec >= limits.minCpuSec) {
    const also = ratio === undefined ? '' : ` and that ratio below ${limits.ratioFail}x`;
    return { level: 'fail', text: `${text} (fails above ${limits.cpuFail}x${also})` };
  }
  const warn = beyond > limits.cpuWarn || (ratio !== undefined && ratio < limits.ratioWarn);
  return warn ? { level: 'warn', text } : undefined;
};

/** Wall time: what a user waits for, so it is shown, but a busy machine moves it, so it only warns. */
const wallCheck: Check = (now, before, { run, committed, limits }) => {
  const [hand, handBefore] = [handLoopOf(run, now), handLoopOf(committed, before)];
  const relative = hand !== undefined && handBefore !== undefined;
  const x = relative
    ? now.rowsPerSec / hand.rowsPerSec / (before.rowsPerSec / handBefore.rowsPerSec)
    : now.rowsPerSec / before.rowsPerSec;
  if (!(x < limits.wallWarn)) return undefined;
  const of = relative ? " (each relative to its run's hand loop)" : '';
  return {
    level: 'warn',
    text: `${label(now)}: wall time ${now.wallSec.toFixed(2)} s, ${x.toFixed(2)}x the committed speed${of}; a busy machine or a regression, never a failure`,
  };
};

const CHECKS: readonly Check[] = [cpuCheck, wallCheck];

/**
 * `gen -w 2` at its largest NDJSON and CSV size against the naive faker loop of the same run, in rows
 * per CPU-second (target 8x; the floor is a third of it).
 */
function fakerFloor(run: readonly Row[], limits: Limits): string[] {
  const largest = (rows: readonly Row[]): Row | undefined =>
    rows.reduce<Row | undefined>((a, r) => (a === undefined || r.rows > a.rows ? r : a), undefined);
  return ['ndjson', 'csv'].flatMap((format) => {
    const faker = largest(run.filter((r) => r.name === 'faker loop' && r.format === format));
    const gen = largest(run.filter((r) => r.name === 'gen -w 2' && r.format === format));
    if (faker === undefined || gen === undefined || !(gen.cpuSec > 0) || !(faker.cpuSec > 0)) return [];
    const x = gen.rows / gen.cpuSec / (faker.rows / faker.cpuSec);
    return x < limits.fakerFloor
      ? [
          `${label(gen)}: ${x.toFixed(1)}x the faker loop's rows per CPU-second at ${fmt(faker.rows)} rows (fails below ${limits.fakerFloor}x)`,
        ]
      : [];
  });
}

/**
 * Commands whose peak RSS exceeds their own ceiling (`Row.rssCeilingMiB`). Peak RSS counts memory, not
 * time, so it needs no committed figure and no baseline: a busy machine barely moves it.
 */
function rssCeilings(run: readonly Row[]): string[] {
  return run.flatMap((r) =>
    r.rssCeilingMiB !== undefined && r.maxRssMiB > r.rssCeilingMiB
      ? [`${label(r)}: peak RSS ${r.maxRssMiB} MiB (fails above ${r.rssCeilingMiB} MiB)`]
      : [],
  );
}

/** Holds every gen command of this run that the committed results also have against them. */
export function gate(committed: readonly Row[], run: readonly Row[], limits: Limits = LIMITS): Verdict {
  const context: Context = { run, committed, limits, machine: machineGrowth(committed, run, limits) };
  const warnings: string[] = [];
  const failures = [...fakerFloor(run, limits), ...rssCeilings(run)];
  for (const now of run.filter((r) => isGen(r) && r.rows >= limits.minRows)) {
    const before = committed.find((p) => same(p, now));
    if (before === undefined) continue;
    for (const check of CHECKS) {
      const finding = check(now, before, context);
      if (finding !== undefined) (finding.level === 'fail' ? failures : warnings).push(finding.text);
    }
  }
  return { machine: context.machine, warnings, failures };
}

/** The process's exit status for a verdict: warnings never fail. */
export const exitStatus = (verdict: Verdict): 0 | 1 => (verdict.failures.length > 0 ? 1 : 0);
