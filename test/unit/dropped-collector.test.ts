/**
 * The collection of dropped tables' buffers (src/worker/young-collector.ts, `droppedCollector`): buffers
 * that lived long (in the old generation, as a kept table's do) are freed once the bytes let go reach the
 * limit, and not before; V8 alone keeps them until its heap or its external memory fills.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const MODULE = new URL('../../src/worker/young-collector.ts', import.meta.url).href;

/**
 * Buffer memory (MiB) a quiet process still holds after 16 MiB of buffers lived through two young
 * collections, then were dropped and reported as `reported` MiB to a collector of a 16 MiB limit.
 */
function heldAfterDropping(reported: number): number {
  const script = `
    import { droppedCollector } from ${JSON.stringify(MODULE)};
    import { setFlagsFromString } from 'node:v8';
    import { runInNewContext } from 'node:vm';
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc');
    setFlagsFromString('--no-expose-gc');
    const dropped = droppedCollector(16 << 20);
    const before = process.memoryUsage().arrayBuffers;
    let buffers = Array.from({ length: 8 }, () => new Uint8Array(2 << 20));
    gc({ type: 'minor' });
    gc({ type: 'minor' });
    buffers = null;
    for (let mib = 0; mib < ${reported}; mib += 4) dropped(4 << 20);
    setTimeout(() => console.log((process.memoryUsage().arrayBuffers - before) / 2 ** 20), 100);`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  return Number(out.toString());
}

describe('the collector of dropped tables', () => {
  it('frees old buffers once the bytes dropped reach its limit, and leaves them before', () => {
    expect(heldAfterDropping(12)).toBeGreaterThan(15);
    expect(heldAfterDropping(16)).toBeLessThan(1);
  });
});
