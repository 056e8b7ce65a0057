import { afterEach, describe, expect, it, vi } from 'vitest';
import { thousands } from '../../src/cli/format.ts';
import { createProgressReporter } from '../../src/cli/progress.ts';
import { summaryText } from '../../src/cli/report-text.ts';
import type { GenerateEvent, GenerateReport } from '../../src/coordinator/events.ts';

function run(mode: 'bar' | 'log' | 'json', events: readonly [number, GenerateEvent][], columns?: number): string {
  let now = 0;
  let text = '';
  const target = { write: (t: string) => (text += t), ...(columns === undefined ? {} : { columns }) };
  const reporter = createProgressReporter(mode, target, () => now);
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
  checksum: `xxh128:${'ab'.repeat(16)}`,
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
    expect(lines[4]).toMatchObject({
      event: 'table-done',
      name: 'items',
      rows: 1_000_000,
      checksum: `xxh128:${'ab'.repeat(16)}`,
    });
  });

  it('bar: never wider than the terminal (a wrapped bar leaves a trail)', () => {
    const frames = run('bar', EVENTS, 40)
      .replaceAll('\r\x1b[2K', '\n')
      .split('\n')
      .filter((f) => f.startsWith('items'));
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect([...frame].length).toBeLessThanOrEqual(39);
  });

  it('bar: the day partitions of a table share its line; the next table starts a new one', () => {
    const day = (d: number): [number, GenerateEvent][] => {
      const partition = `year=2026/month=01/day=${String(d).padStart(2, '0')}`;
      return [
        [d * 1000, { type: 'progress', table: `orders ${partition}`, rowsDone: 10, rowsTotal: 10, bytes: 1 }],
        [d * 1000, { type: 'table-done', table: { ...table, name: 'orders', partition } }],
      ];
    };
    const events: [number, GenerateEvent][] = [
      ...day(1),
      ...day(2),
      ...day(3),
      [9000, { type: 'progress', table: 'payments', rowsDone: 10, rowsTotal: 10, bytes: 1 }],
      [9000, { type: 'table-done', table: { ...table, name: 'payments' } }],
    ];
    const lines = run('bar', events).split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/orders year=2026\/month=01\/day=03 .*100%/);
    expect(lines[1]).toMatch(/payments .*100%/);
  });
});

describe('steps after the rows', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  /** A step of 12 s after a bar of rows, its elapsed time shown as the clock runs. */
  function phased(mode: 'bar' | 'log'): string {
    vi.useFakeTimers();
    let now = 0;
    let text = '';
    const reporter = createProgressReporter(mode, { write: (t: string) => (text += t) }, () => now);
    reporter.onEvent({ type: 'progress', table: 'items', rowsDone: 10, rowsTotal: 10, bytes: 1 });
    reporter.onEvent({ type: 'phase', step: 'building the keys of items', state: 'start' });
    for (let i = 0; i < 12; i++) {
      now += 1000;
      vi.advanceTimersByTime(1000);
    }
    reporter.onEvent({ type: 'phase', step: 'building the keys of items', state: 'end' });
    now += 60_000;
    vi.advanceTimersByTime(60_000);
    reporter.close();
    return text;
  }

  it('bar: a line of its own, redrawn each second with the time so far, ended with the total', () => {
    const lines = phased('bar').split('\n');
    expect(lines[0]!.startsWith('\r\x1b[2Kitems ')).toBe(true);
    const frames = lines[1]!.split('\r\x1b[2K').filter(Boolean);
    expect(frames[0]).toBe('gen: building the keys of items… 0.0s');
    expect(frames.at(-2)).toBe('gen: building the keys of items… 12.0s');
    expect(frames.at(-1)).toBe('gen: building the keys of items: 12.0s');
    expect(frames).toHaveLength(14);
    expect(lines.slice(2)).toEqual(['']);
  });

  it('log: when it starts, every few seconds while it runs, and when it ends; nothing after', () => {
    expect(phased('log').split('\n').slice(1)).toEqual([
      'gen: building the keys of items…',
      'gen: building the keys of items… 5.0s',
      'gen: building the keys of items… 10.0s',
      'gen: building the keys of items: done in 12.0s',
      '',
    ]);
  });
});

describe('the summary', () => {
  it('is one line per table: a partitioned table counts its partitions', () => {
    const part = (day: number) => ({
      ...table,
      name: 'orders',
      partition: `year=2026/month=01/day=${String(day).padStart(2, '0')}`,
      path: `out/orders/year=2026/month=01/day=${String(day).padStart(2, '0')}/orders.ndjson`,
      rows: 10,
      bytes: 100,
    });
    const report = {
      tool: { name: 'shardgen', version: '0' },
      dataset: { name: 'd', version: 1 },
      seed: 0,
      date: '2026-01-31',
      days: { from: '2026-01-01', to: '2026-01-31' },
      shard: null,
      options: { workers: 2 },
      tables: [...Array.from({ length: 31 }, (_, i) => part(i + 1)), table],
      manifest: 'out/manifest.json',
      wallMs: 1000,
    } as unknown as GenerateReport;
    const lines = summaryText(report).split('\n');
    expect(lines[1]).toMatch(/^orders +310 +3\.03 KiB +31 partitions in out\/orders\/ +-$/);
    expect(lines[2]).toMatch(/^items +1,000,000 /);
    expect(lines).toHaveLength(5);
  });
});

describe('thousands', () => {
  it('groups digits by three, as en-US does, rounding first', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 999_999.6, 1_000_000, 123_456_789, 2 ** 53, -1234.4])
      expect(thousands(n)).toBe(Math.round(n).toLocaleString('en-US'));
    expect(thousands(-0.4)).toBe('0'); // not en-US's '-0'
  });
});
