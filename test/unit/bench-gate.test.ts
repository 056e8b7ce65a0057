/**
 * The benchmark's CI gate (bench/gate.ts) on made-up runs: a busy machine (every wall time doubled, CPU
 * times unchanged; or every CPU time grown alike) must pass, with warnings; a real regression (gen's CPU
 * time tripled) must fail. The committed short results are the base, so that every kind of row the
 * benchmark makes is held. No timing here: the runs are numbers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exitStatus, gate, LIMITS } from '../../bench/gate.ts';
import type { Row } from '../../bench/scenarios.ts';

const committed = (
  JSON.parse(readFileSync(new URL('../../bench/results/short.json', import.meta.url), 'utf8')) as { results: Row[] }
).results;

/** The row as a machine slowed by `wall` (waiting for a CPU) and by `cpu` (more work) would measure it. */
const slowed = (r: Row, wall: number, cpu = 1): Row => ({
  ...r,
  wallSec: r.wallSec * wall,
  rowsPerSec: Math.round(r.rowsPerSec / wall),
  cpuSec: r.cpuSec * cpu,
});

const isGen = (r: Row): boolean => r.name.startsWith('gen ');

describe('bench gate', () => {
  it('holds the committed results against themselves without a word', () => {
    expect(gate(committed, committed)).toEqual({ machine: 1, warnings: [], failures: [] });
  });

  it('passes a CPU hog that doubles every wall time at the same CPU time, with warnings', () => {
    const verdict = gate(
      committed,
      committed.map((r) => slowed(r, 2)),
    );
    expect(verdict.failures).toEqual([]);
    expect(verdict.warnings.length).toBeGreaterThan(0);
    expect(exitStatus(verdict)).toBe(0);
  });

  it("passes a neighbour's burst that lands on gen's run and misses the hand loop's (CI's 1.73 s against 0.62 s)", () => {
    // gen -w 1, CSV, 1e6 rows: 2.8x the wall time, the same CPU time; the hand loop unhurt.
    const run = committed.map((r) =>
      r.name === 'gen -w 1' && r.format === 'csv' && r.rows === 1e6 ? slowed(r, 1.73 / r.wallSec, 0.94 / r.cpuSec) : r,
    );
    const verdict = gate(committed, run);
    expect(verdict.failures).toEqual([]);
    expect(verdict.warnings.some((w) => w.startsWith('gen -w 1 (csv, 1.00 M rows): wall time 1.73 s'))).toBe(true);
    expect(exitStatus(verdict)).toBe(0);
  });

  it('fails gen commands whose CPU time tripled, naming them', () => {
    const run = committed.map((r) => (isGen(r) ? slowed(r, 3, 3) : r));
    const verdict = gate(committed, run);
    expect(exitStatus(verdict)).toBe(1);
    // Held against the same run's hand loop too: 3x its CPU per row is 0.33x the committed ratio.
    expect(verdict.failures).toContainEqual(
      expect.stringMatching(
        /^gen -w 1 \(csv, 1\.00 M rows\): CPU \d+\.\d\d s, 3\.00x .* hand loop 0\.33x the committed/,
      ),
    );
    // No hand loop to compare with: CPU time alone decides.
    expect(verdict.failures).toContainEqual(expect.stringMatching(/^gen -w 2 → postgres \(pg, 1\.00 M rows\): CPU/));
  });

  it('fails nothing on a machine 3x slower per CPU-second, baselines included', () => {
    const verdict = gate(
      committed,
      committed.map((r) => slowed(r, 3, 3)),
    );
    expect(verdict.machine).toBeCloseTo(3);
    expect(verdict.failures).toEqual([]);
    expect(exitStatus(verdict)).toBe(0);
  });

  it("fails a real regression on a busy machine: gen's CPU 3x beyond the baselines' 1.5x", () => {
    const regressed = (r: Row): boolean => r.name === 'gen -w 1' && r.format === 'csv';
    const run = committed.map((r) => slowed(r, 2, regressed(r) ? 4.5 : 1.5));
    const verdict = gate(committed, run);
    expect(verdict.machine).toBeCloseTo(1.5);
    expect(verdict.failures).toContainEqual(expect.stringMatching(/^gen -w 1 \(csv, 1\.00 M rows\): .* 3\.00x beyond/));
    expect(verdict.failures.every((f) => f.startsWith('gen -w 1 (csv, '))).toBe(true);
    expect(exitStatus(verdict)).toBe(1);
  });

  it('holds no baseline: DuckDB, the server and the loops may slow down', () => {
    const run = committed.map((r) => (isGen(r) ? r : slowed(r, 3, 3)));
    const verdict = gate(committed, run);
    expect(verdict.failures).toEqual([]);
    expect(verdict.warnings.filter((w) => !w.startsWith('gen '))).toEqual([]);
  });

  it('fails one command alone tripling its CPU time, on a hog as well', () => {
    const regressed = (r: Row): boolean => r.name === 'gen -w 2 --compress zstd';
    const run = committed.map((r) => slowed(r, 2, regressed(r) ? 3 : 1));
    const verdict = gate(committed, run);
    expect(exitStatus(verdict)).toBe(1);
    expect(verdict.failures.every((f) => f.startsWith('gen -w 2 --compress zstd (ndjson, 1.00 M rows)'))).toBe(true);
  });

  it('warns, without failing, at twice the CPU time (under the 2.5x limit)', () => {
    const verdict = gate(
      committed,
      committed.map((r) => (isGen(r) ? slowed(r, 1, 2) : r)),
    );
    expect(LIMITS.cpuFail).toBeGreaterThan(2);
    expect(verdict.failures).toEqual([]);
    expect(verdict.warnings.some((w) => w.includes('2.00x the committed'))).toBe(true);
    expect(exitStatus(verdict)).toBe(0);
  });

  it('fails gen -w 2 at under 3x the faker loop of the same run in rows per CPU-second, with nothing committed', () => {
    const run = committed.map((r) => (r.name === 'faker loop' ? slowed(r, 1, 0.25) : r));
    const verdict = gate([], run);
    expect(exitStatus(verdict)).toBe(1);
    expect(verdict.failures).toContainEqual(expect.stringMatching(/^gen -w 2 \(ndjson, 1\.00 M rows\): .* faker loop/));
  });

  it('only warns about a command of under 0.4 s of committed CPU time, mostly start-up', () => {
    const small = (r: Row): boolean => isGen(r) && r.cpuSec < LIMITS.minCpuSec;
    const run = committed.map((r) => (small(r) ? slowed(r, 3, 3) : r));
    const verdict = gate(committed, run);
    expect(verdict.failures).toEqual([]);
    // Whichever commands the committed results hold under the limit (each run records its own figures).
    const held = committed.filter((r) => small(r) && r.rows >= 1e5);
    expect(held.length).toBeGreaterThan(0);
    for (const r of held)
      expect(verdict.warnings.some((w) => w.startsWith(`${r.name} (${r.format}, `) && w.includes('3.00x'))).toBe(true);
    expect(exitStatus(verdict)).toBe(0);
  });

  it('holds no command below 1e5 rows, where a run is mostly Node start-up', () => {
    const run = committed.map((r) => (r.rows < 1e5 ? slowed(r, 3, 3) : r));
    expect(gate(committed, run)).toEqual({ machine: 1, warnings: [], failures: [] });
  });
});
