import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const MODULE = new URL('../../src/cli/young-generations.ts', import.meta.url).href;

/**
 * The new space (MiB) of a process's main thread after it churns through short-lived objects, some held
 * a while, as a coordinator does: a worker thread is started first (its isolate resets V8's growth factor),
 * then a 'progress' event is passed through `capYoungGenerations` or not. In a child: the flag is the
 * process's, and must not leak into the test runner.
 */
function newSpaceAfterChurn(progress: boolean): number {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { Worker } from 'node:worker_threads';
    import { capYoungGenerations } from ${JSON.stringify(MODULE)};
    const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
    await new Promise((resolve) => worker.once('online', resolve));
    const seen = [];
    const onEvent = capYoungGenerations((event) => seen.push(event.type));
    if (${progress}) onEvent({ type: 'progress', table: 't', rowsDone: 1, rowsTotal: 2, bytes: 3 });
    const start = newSpace();
    let held = [];
    for (let i = 0; i < 3e6; i++) {
      const row = { i, text: 'row ' + i };
      if (i % 50 === 0) held.push(row);
      if (held.length > 2000) held = [];
    }
    console.log(JSON.stringify({ start, end: newSpace(), seen }));
    await worker.terminate();`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  const { start, end, seen } = JSON.parse(out.toString()) as { start: number; end: number; seen: string[] };
  expect(seen).toEqual(progress ? ['progress'] : []);
  return (end - start) / 2 ** 20;
}

describe('young generations capped once the first chunk is written (src/cli/young-generations.ts)', () => {
  it('grows the new space without the cap, and not with it, though a worker started before', () => {
    expect(newSpaceAfterChurn(false)).toBeGreaterThanOrEqual(8);
    expect(newSpaceAfterChurn(true)).toBe(0);
  });
});
