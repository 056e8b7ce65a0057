import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../src/cli/progress.ts';
import type { GenerateEvent } from '../../src/coordinator/events.ts';

function run(mode: 'bar' | 'log' | 'json', events: readonly [number, GenerateEvent][]): string {
  let now = 0;
  let text = '';
  const reporter = createProgressReporter(mode, { write: (t: string) => (text += t) }, () => now);
  for (const [at, event] of events) {
    now = at;
    reporter.onEvent(event);
  }
  reporter.close();
  return text;
}

const table = {
  name: 'items',
  path: 'out/items.ndjson',
  rowStart: 0,
  rowEnd: 1_000_000,
  rows: 1_000_000,
  bytes: 138_000_000,
  sha256: 'ab'.repeat(32),
};
const EVENTS: [number, GenerateEvent][] = [
  [0, { type: 'start', tables: [{ name: 'items', rows: 1_000_000 }], workers: 2 }],
  [1000, { type: 'progress', table: 'items', rowsDone: 250_000, rowsTotal: 1_000_000, bytes: 1 }],
  [1050, { type: 'progress', table: 'items', rowsDone: 300_000, rowsTotal: 1_000_000, bytes: 2 }],
  [2000, { type: 'retry', table: 'items', start: 32768, attempt: 1, error: 'worker died' }],
  [4000, { type: 'progress', table: 'items', rowsDone: 1_000_000, rowsTotal: 1_000_000, bytes: 3 }],
  [4000, { type: 'table-done', table }],
];

describe('progress reporters', () => {
  it('bar: redraws one line with rows, rate and ETA, throttled, and ends it', () => {
    const text = run('bar', EVENTS);
    const frames = text.split('\r\x1b[2K').filter(Boolean);
    expect(frames[0]).toMatch(
      /^items {2}█{6}░{18} {2}25% {2}250\.0k\/1\.00M rows {2}250\.0k rows\/s {2}ETA 3\.0s\ngen: retrying/,
    );
    expect(text).not.toContain('300.0k/'); // 50 ms after the previous frame: skipped
    expect(text).toContain('gen: retrying rows from 32,768 of items (attempt 2): worker died\n');
    expect(text.endsWith(' 100%  1.00M/1.00M rows  250.0k rows/s  ETA 0.0s\n')).toBe(true);
  });

  it('log: plain lines every few seconds, and one per finished table', () => {
    expect(run('log', EVENTS).split('\n').filter(Boolean)).toEqual([
      'gen: items 250,000/1,000,000 rows (25%), 250.0k rows/s, ETA 3.0s',
      'gen: retrying rows from 32,768 of items (attempt 2): worker died',
      'gen: items 1,000,000/1,000,000 rows (100%), 250.0k rows/s, ETA 0.0s',
      'gen: items done: 1,000,000 rows, 131.61 MiB',
    ]);
  });

  it('json: one parseable object per line', () => {
    const lines = run('json', EVENTS)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => l.event)).toEqual(['start', 'progress', 'retry', 'progress', 'table-done']);
    expect(lines[1]).toEqual({
      event: 'progress',
      table: 'items',
      rows: 250_000,
      total: 1_000_000,
      bytes: 1,
      rowsPerSec: 250_000,
      etaSec: 3,
    });
    expect(lines[4]).toMatchObject({ event: 'table-done', name: 'items', rows: 1_000_000, sha256: 'ab'.repeat(32) });
  });
});
