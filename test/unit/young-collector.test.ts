import { execFileSync } from 'node:child_process';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { youngCollector } from '../../src/worker/young-collector.ts';

const MODULE = new URL('../../src/worker/young-collector.ts', import.meta.url).href;

/**
 * Buffer memory (MiB) a quiet process still holds after 16 MiB of dead buffers (eight pages of 2 MiB,
 * compressed copies already copied on), with or without a collection, and a moment for V8's sweeper.
 */
function heldAfterDeadBuffers(collect: boolean): number {
  const script = `
    import { youngCollector } from ${JSON.stringify(MODULE)};
    const collect = ${collect} ? youngCollector() : () => {};
    const before = process.memoryUsage().arrayBuffers;
    for (let page = 0; page < 8; page++) Buffer.alloc(2 << 20);
    collect();
    setTimeout(() => console.log((process.memoryUsage().arrayBuffers - before) / 2 ** 20), 100);`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  return Number(out.toString());
}

/**
 * Buffer memory (MiB) held after 16 MiB of buffers lived through two young collections (so in the old
 * generation), then died, and `after` more requests of a collector that collects everything every 4th.
 */
function heldAfterOldBuffers(after: number): number {
  const script = `
    import { youngCollector } from ${JSON.stringify(MODULE)};
    const collect = youngCollector(4);
    const before = process.memoryUsage().arrayBuffers;
    let pages = Array.from({ length: 8 }, () => Buffer.alloc(2 << 20));
    collect();
    collect();
    pages = null;
    for (let i = 0; i < ${after}; i++) collect();
    setTimeout(() => console.log((process.memoryUsage().arrayBuffers - before) / 2 ** 20), 100);`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  return Number(out.toString());
}

describe('the young collector', () => {
  it('leaves no gc global behind, here or in contexts made later', () => {
    expect(() => youngCollector()()).not.toThrow();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });

  it('frees dead buffers at once, which V8 alone keeps until its heap or its external memory fills', () => {
    expect(heldAfterDeadBuffers(false)).toBeGreaterThanOrEqual(16);
    expect(heldAfterDeadBuffers(true)).toBeLessThan(1);
  });

  it('frees buffers that died old on its full collection, which young ones leave', () => {
    expect(heldAfterOldBuffers(1)).toBeGreaterThan(15);
    expect(heldAfterOldBuffers(2)).toBeLessThan(1);
  });
});
