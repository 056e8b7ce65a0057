import { describe, expect, it } from 'vitest';
import { compilesInPlace } from '../../src/cli/worker-compiles.ts';
import { planRun } from '../../src/planner/run-plan.ts';

describe('compiling in the workers (src/cli/worker-compiles.ts)', () => {
  const plan = (workers: number, cpus: number, url?: string) =>
    planRun({ rows: 1e6, date: '2026-01-01', workers, cpus, ...(url === undefined ? {} : { url }) });

  it('compiles in place only when the workers take every CPU', () => {
    const every = plan(4, 2);
    expect(every).toMatchObject({ workers: 2, cpus: 2 });
    expect(compilesInPlace(every)).toBe(true);
    // A CPU to spare runs V8's background compiler for free.
    const spare = plan(1, 2);
    expect(spare).toMatchObject({ workers: 1, cpus: 2 });
    expect(compilesInPlace(spare)).toBe(false);
    // An inline run has no workers to change.
    expect(compilesInPlace(planRun({ rows: 100, date: '2026-01-01', cpus: 1 }))).toBe(false);
  });

  it('leaves a Postgres load alone: the server shares the CPUs', () => {
    const load = plan(2, 2, 'postgres://gen@127.0.0.1:1/db');
    expect(load).toMatchObject({ workers: 2, cpus: 2, target: { kind: 'postgres' } });
    expect(compilesInPlace(load)).toBe(false);
  });
});
