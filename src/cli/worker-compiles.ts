import { setFlagsFromString } from 'node:v8';
import type { RunPlan } from '../planner/run-plan.ts';

/**
 * Has V8 optimize a hot function on the thread that runs it, not on a background compiler thread, when
 * the run's workers take every CPU (`--no-concurrent-recompilation`, defined in V8's
 * src/flags/flag-definitions.h; V8 itself once turned it off on single-core machines for the same reason:
 * https://codereview.chromium.org/12442002).
 * Each table's row loop and generators are new code that a worker runs unoptimized until the background
 * compile of it lands; with no CPU to spare that compile waits its turn behind the workers, and the first
 * chunks of a table took 4-10x a later chunk (shiny-rocks, 2 workers on 2 CPUs, timed in the worker).
 * Compiling in place, whole runs took less CPU and wall time (alternating runs against the build before,
 * medians of 6-12 pairs, `--workers 2` on 2 CPUs): `gen shiny-rocks --from 2025-01-01 --to 2025-12-31
 * --format csv` 0.87x the wall, `retail --scale large --days 14` 0.92x (CSV and NDJSON), `items --rows 1e7`
 * NDJSON to /dev/null 0.93x, `items --rows 4e6 --format parquet` 0.92x.
 * With a CPU to spare the background compile is free: 1 worker on 2 CPUs took 1.09x the wall in place,
 * hence the condition. Nor into Postgres: the server's backends share the CPUs and the workers wait on
 * them; there the flag cost 1.07x the wall (items 1e7 into a local server, 4 pairs).
 * V8's flags belong to the process, and an isolate reads this one when it starts: a thread started after
 * this call (the pool's workers, the checksum thread) compiles in place, the CLI's own thread keeps its
 * background compiler. Only the CLI sets it: a library must not change its host process's flags.
 */
export function compileInWorkers(plan: Pick<RunPlan, 'workers' | 'cpus' | 'target'>): void {
  if (compilesInPlace(plan)) setFlagsFromString('--no-concurrent-recompilation');
}

/** Whether a run's pool workers (none: inline) have every CPU to themselves, and so compile in place. */
export function compilesInPlace(plan: Pick<RunPlan, 'workers' | 'cpus' | 'target'>): boolean {
  return plan.workers > 0 && plan.workers >= plan.cpus && plan.target.kind !== 'postgres';
}
