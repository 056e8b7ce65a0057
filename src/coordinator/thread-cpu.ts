import { readFileSync } from 'node:fs';

/**
 * CPU seconds of this process's main thread alone (the coordinator), from Linux's per-thread accounting
 * (`/proc/self/task/<pid>/stat`, fields 14 and 15: user and system time in clock ticks; proc(5)), or
 * null where there is none. Node 20 has no per-thread CPU call (`process.threadCpuUsage` came in 23.9).
 * The kernel reports these in USER_HZ, which is 100 on every Linux architecture Node runs on.
 */
export function mainThreadCpuSeconds(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** CPU seconds of the whole process so far: every thread, the workers' included. */
export function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
