import { describe, expect, it } from 'vitest';
import { compilesInPlace } from '../../src/cli/worker-compiles.ts';
import { planRun } from '../../src/planner/run-plan.ts';

describe('compiling in the workers (src/cli/worker-compiles.ts)', () => {
  it('compiles in place only when the workers take every CPU', () => {
    expect(compilesInPlace(2, 2)).toBe(true);
    expect(compilesInPlace(8, 8)).toBe(true);
    // A CPU to spare runs V8's background compiler for free; an inline run has no workers to change.
    expect(compilesInPlace(1, 2)).toBe(false);
    expect(compilesInPlace(0, 1)).toBe(false);
  });

  it('decides from the CPUs the plan was made for', () => {
    const plan = (workers: number, cpus: number) => planRun({ rows: 1e6, date: '2026-01-01', workers, cpus });
    const every = plan(4, 2);
    expect(every).toMatchObject({ workers: 2, cpus: 2 });
    expect(compilesInPlace(every.workers, every.cpus)).toBe(true);
    const spare = plan(1, 2);
    expect(spare).toMatchObject({ workers: 1, cpus: 2 });
    expect(compilesInPlace(spare.workers, spare.cpus)).toBe(false);
  });
});
