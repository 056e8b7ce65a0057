import { setFlagsFromString } from 'node:v8';
import type { GenerateEvent } from '../coordinator/events.ts';

/**
 * Stops V8 growing the young generations once the run's first chunk is written, so that peak memory no
 * longer grows with the rows a run makes. V8 doubles a heap's new space whenever the objects that survived
 * its scavenges since the last doubling add up to its size (V8's src/heap/heap.cc), so however few survive,
 * a long enough run grows the coordinator's from 4 MiB to V8's 32 MiB cap: the run's peak climbed with its
 * length (`gen --rows N --out - -w 2 > /dev/null`, NDJSON, `/usr/bin/time`, one run each: 135 MiB at 1e6
 * rows, 153 at 1e8, 176 at 3e8, 183 at 1e9; the coordinator's new space 4, 16, 32 MiB at 1e6, 1e8, 3e8),
 * where the pool caps each worker's at 8 MiB (`chunk-runner.ts`). `--semi-space-growth-factor=1` stops the
 * doubling in every thread: a worker keeps the young generation it has, for the same CPU (1e7 rows, NDJSON,
 * CSV and Parquet, and 1e8 Parquet rows: whole processes, alternating pairs). V8's flags belong to the process, and each new isolate
 * (a pool worker, the checksum thread) resets this one to at least 2 when it configures its heap (the same
 * file's `ConfigureHeap`): set before the pool starts, it is undone; set once the first chunk is written,
 * every thread of the run has started and it holds. A worker piscina starts later (after a crash) undoes it,
 * which costs memory, not bytes. Only the CLI sets it: a library must not change its host process's flags.
 */
export function capYoungGenerations(
  onEvent: ((event: GenerateEvent) => void) | undefined,
): (event: GenerateEvent) => void {
  let capped = false;
  return (event) => {
    if (!capped && event.type === 'progress') {
      capped = true;
      setFlagsFromString('--semi-space-growth-factor=1');
    }
    onEvent?.(event);
  };
}
