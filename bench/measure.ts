/**
 * Whole-process measurement: runs a command under GNU time (`/usr/bin/time -f`), which reports the
 * wall time and the peak resident set size (max RSS) of the process from the kernel's own accounting.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

/** One finished run. */
export interface Sample {
  readonly wallSec: number;
  readonly userSec: number;
  readonly sysSec: number;
  readonly maxRssMiB: number;
  /** What the command printed on stderr. */
  readonly stderr: string;
}

/**
 * Runs `argv` once with stdout sent to `stdoutFile` (or discarded), and returns its figures.
 * @throws when the command fails: a benchmark of a failing command is meaningless.
 */
export function measure(argv: readonly string[], stdoutFile = '/dev/null'): Sample {
  const timeFile = '/tmp/shardgen-bench-time.txt';
  const result = spawnSync(
    '/usr/bin/time',
    ['-o', timeFile, '-f', '%e %U %S %M', 'sh', '-c', 'exec "$@" > "$0"', stdoutFile, ...argv],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`benchmark command failed (${result.status}): ${argv.join(' ')}\n${result.stderr}`);
  const [wall, user, sys, rssKiB] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  rmSync(timeFile, { force: true });
  return { wallSec: wall!, userSec: user!, sysSec: sys!, maxRssMiB: rssKiB! / 1024, stderr: result.stderr };
}

/** The median of `values` (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
