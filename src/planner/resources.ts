import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';

/**
 * What the machine or container gives a run: CPUs and memory, read from the cgroup the process is in
 * (v2: `cpu.max`, `memory.max`; v1: `cpu.cfs_quota_us`/`cpu.cfs_period_us`, `memory.limit_in_bytes`),
 * because `os.availableParallelism()` and `os.totalmem()` see the host, not a container's quota
 * (https://docs.kernel.org/admin-guide/cgroup-v2.html, https://docs.kernel.org/scheduler/sched-bwc.html).
 */
export interface Resources {
  readonly cpus: number;
  /** Bytes the process may use, or null when nothing limits it below the machine's memory. */
  readonly memoryBytes: number | null;
}

/** A limit at or above this is "no limit" (cgroup v1 writes 2^63 rounded down to a page). */
const UNLIMITED = 2 ** 60;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The first file that exists: under the process's own cgroup path, else at the mount's root (a container). */
function cgroupFile(root: string, controller: string, own: string | undefined, file: string): string | undefined {
  const base = controller === '' ? root : join(root, controller);
  return (own === undefined ? undefined : read(join(base, own, file))) ?? read(join(base, file));
}

/** The process's cgroup path for `controller` ('' for v2) from /proc/self/cgroup. */
function ownPath(procCgroup: string | undefined, controller: string): string | undefined {
  for (const line of (procCgroup ?? '').split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controllers === undefined || path === undefined) continue;
    if (controller === '' ? controllers === '' : controllers.split(',').includes(controller)) return path;
  }
  return undefined;
}

function cpuQuota(root: string, proc: string | undefined): number | null {
  const v2 = cgroupFile(root, '', ownPath(proc, ''), 'cpu.max')?.split(' ');
  const own = ownPath(proc, 'cpu');
  const [quota, period] = v2 ?? [
    cgroupFile(root, 'cpu', own, 'cpu.cfs_quota_us'),
    cgroupFile(root, 'cpu', own, 'cpu.cfs_period_us'),
  ];
  const q = Number(quota);
  const p = Number(period);
  return quota === 'max' || !(q > 0) || !(p > 0) ? null : Math.max(1, Math.ceil(q / p));
}

function memoryLimit(root: string, proc: string | undefined): number | null {
  const text =
    cgroupFile(root, '', ownPath(proc, ''), 'memory.max') ??
    cgroupFile(root, 'memory', ownPath(proc, 'memory'), 'memory.limit_in_bytes');
  const bytes = Number(text);
  return text === undefined || text === 'max' || !(bytes > 0) || bytes >= UNLIMITED ? null : bytes;
}

/**
 * The CPUs and memory this process may use. `root` and `procCgroup` are for tests (a fake hierarchy).
 */
export function readResources(root = '/sys/fs/cgroup', procCgroup = read('/proc/self/cgroup')): Resources {
  const quota = cpuQuota(root, procCgroup);
  const limit = memoryLimit(root, procCgroup);
  return {
    cpus: Math.min(availableParallelism(), quota ?? Number.POSITIVE_INFINITY),
    memoryBytes: limit === null || limit >= totalmem() ? null : limit,
  };
}
