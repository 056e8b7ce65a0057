import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineDataset } from '../../src/dataset/define.ts';
import { UsageError } from '../../src/errors.ts';
import { fitMemory } from '../../src/planner/memory-budget.ts';
import { readResources } from '../../src/planner/resources.ts';
import { planRun } from '../../src/planner/run-plan.ts';
import { CPUS, GEN, runGen, tempDir } from '../helpers/run.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const flag = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

describe('the container the run is in', () => {
  it("reads cgroup v2 limits (cpu.max, memory.max) of the process's own cgroup", () => {
    const root = tempDir();
    mkdirSync(join(root, 'job'));
    writeFileSync(join(root, 'job', 'cpu.max'), '150000 100000\n');
    writeFileSync(join(root, 'job', 'memory.max'), `${GiB}\n`);
    expect(readResources(root, '0::/job\n')).toEqual({ cpus: Math.min(availableParallelism(), 2), memoryBytes: GiB });
    writeFileSync(join(root, 'job', 'cpu.max'), 'max 100000\n');
    writeFileSync(join(root, 'job', 'memory.max'), 'max\n');
    expect(readResources(root, '0::/job\n').memoryBytes).toBeNull();
  });

  it('reads cgroup v1 limits (cfs quota, memory.limit_in_bytes), at the root when the path is not there', () => {
    const root = tempDir();
    mkdirSync(join(root, 'cpu'));
    mkdirSync(join(root, 'memory'));
    writeFileSync(join(root, 'cpu', 'cpu.cfs_quota_us'), '100000');
    writeFileSync(join(root, 'cpu', 'cpu.cfs_period_us'), '100000');
    writeFileSync(join(root, 'memory', 'memory.limit_in_bytes'), String(512 * MiB));
    expect(readResources(root, '4:memory:/docker/abc\n1:cpu,cpuacct:/docker/abc\n')).toEqual({
      cpus: 1,
      memoryBytes: 512 * MiB,
    });
    writeFileSync(join(root, 'memory', 'memory.limit_in_bytes'), '9223372036854771712');
    writeFileSync(join(root, 'cpu', 'cpu.cfs_quota_us'), '-1');
    expect(readResources(root, '').memoryBytes).toBeNull();
  });
});

describe('fitting a run to its memory', () => {
  const fitted = (
    limitBytes: number,
    workers: number,
    more: { chunkRows?: number; mayShrinkChunks?: boolean } = {},
  ): ReturnType<typeof fitMemory> =>
    fitMemory(
      {
        format: 'parquet',
        workers,
        chunkRows: more.chunkRows ?? 131_072,
        columns: { widest: 7, total: 7 },
        limitBytes,
        source: 'option',
        mayShrinkChunks: more.mayShrinkChunks ?? false,
        extraPerWorkerBytes: 0,
        extraBaseBytes: 0,
      },
      flag,
    );

  it('8 Parquet workers fit in 1 GiB at the default row groups; fewer in less; none is an error naming the fix', () => {
    expect(fitted(GiB, 8).workers).toBe(8);
    expect(fitted(GiB, 8).estimateBytes).toBeLessThan(GiB);
    expect(fitted(400 * MiB, 8).workers).toBe(3);
    expect(() => fitted(200 * MiB, 2, { chunkRows: 1_048_576 })).toThrow(
      new UsageError(
        'one worker writing parquet needs about 425 MiB, more than the 200 MiB (--memory); give a smaller --row-group-rows, or --memory of at least 425 MiB',
      ),
    );
  });

  it('an explicit --memory without --row-group-rows shrinks the row groups until one worker fits', () => {
    expect(fitted(300 * MiB, 2, { chunkRows: 1_048_576, mayShrinkChunks: true })).toMatchObject({
      workers: 1,
      chunkRows: 262_144,
    });
    expect(planRun({ rows: 1e7, format: 'parquet', memory: 300 * MiB, workers: 8, cpus: CPUS })).toMatchObject({
      workers: 2,
      chunkRows: 131_072,
    });
    expect(planRun({ rows: 1e7, format: 'ndjson', memory: 300 * MiB, workers: 8, cpus: CPUS }).workers).toBe(4);
    // A tiny job runs without a pool: no worker to fit, so no limit can refuse it.
    expect(planRun({ rows: 100, format: 'parquet', memory: 50 * MiB })).toMatchObject({ workers: 0, memory: null });
  });

  it('text chunks default to 65,536 rows for datasets of 8 columns or fewer in all, else to 32,768', () => {
    const chunkRows = (options: Parameters<typeof planRun>[0]) => planRun(options).chunkRows;
    expect(chunkRows({ rows: 1e6, format: 'csv' })).toBe(65_536); // items: 7 columns
    expect(chunkRows({ rows: 1e6, format: 'csv', chunkRows: 32_768 })).toBe(32_768);
    expect(chunkRows({ dataset: 'transactions', format: 'ndjson' })).toBe(32_768); // 10 columns in 2 tables
    expect(chunkRows({ dataset: 'retail', format: 'ndjson', tables: ['stores'] })).toBe(32_768); // 39 compiled
    expect(chunkRows({ rows: 1e6, format: 'parquet' })).toBe(131_072); // row groups
  });

  it("counts each worker's Zipf samplers (their kept bounds, knots and margins) beside the format's model", () => {
    const dataset = (kind: 'zipf' | 'int') =>
      defineDataset({
        name: 'z',
        version: 1,
        description: '',
        tables: [
          {
            name: 't',
            defaultRows: 1_000_000,
            columns: [{ name: 'x', type: { kind: 'int64' }, generator: { kind, min: 1, max: 1_000_000 } }],
          },
        ],
      });
    const estimate = (kind: 'zipf' | 'int') =>
      planRun({ dataset: dataset(kind), rows: 1e6, workers: 2, cpus: 2, memory: 4 * GiB }).memory!.estimateBytes;
    // 2 workers, each keeping at most 262,144 bounds of 8 bytes for a range of a million ranks, and the
    // interpolated inverse's 4,097 knots and 4,096 margins, 8 bytes each.
    expect(estimate('zipf') - estimate('int')).toBe(2 * 8 * (262_144 + 1 + 4097 + 4096));
  });
});

describe('memory in practice', () => {
  // The planner's model (encoders/) against the process's own peak, 4 workers, each built-in dataset at a
  // size where every table has several chunks a worker, and retail in Parquet too.
  it.each([
    ['items', '--rows', '2e6'],
    ['transactions', '--rows', '1e6'],
    ['retail', '--scale', 'large', '--days', '3'],
    ['retail', '--scale', 'large', '--days', '3', '--format', 'parquet'],
    ['catalog', '--scale', '20'],
    ['shiny-rocks', '--days', '120'],
    ['items', '--rows', '1e6', '--compress', 'zstd', '--compress-level', '15'],
    ['items', '--rows', '1e6', '--compress', 'gzip'],
  ])('the planned peak bounds the measured one: %s %s %s', { timeout: 120_000 }, async (...args) => {
    const common = [...args, '--date', '2026-03-31', '-w', '4', '--cpus', '4', '--memory', '4G'];
    const dry = await runGen([...common, '--dry-run']);
    const planned = Number(/memory: about ([\d,]+) MiB/.exec(dry.stdout.toString())?.[1]?.replace(/,/g, ''));
    const result = await runGen([...common, '--out', tempDir(), '--progress', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const done = JSON.parse(result.stderr.trim().split('\n').at(-1)!) as { peakRssBytes: number };
    const peak = done.peakRssBytes / MiB;
    expect(peak).toBeGreaterThan(50);
    expect(peak, `peak ${Math.round(peak)} MiB, planned ${planned} MiB`).toBeLessThan(planned);
  });

  describe('a schema of hundreds of tables (test/fixtures/corpus/postgrest, 218 tables, 10 schemas)', () => {
    const schema = new URL('../fixtures/corpus/postgrest/schema.sql', import.meta.url).pathname;
    /** The run's peak RSS, MiB, from its `--progress json` report. */
    const peakOf = async (args: string[]): Promise<number> => {
      const result = await runGen([...args, '--date', '2026-03-31', '--out', tempDir(), '--progress', 'json']);
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stderr.trim().split('\n').at(-1)!) as { peakRssBytes: number }).peakRssBytes / MiB;
    };
    const config = join(tempDir(), 'postgrest.yaml');

    beforeAll(async () => {
      const init = await runGen(['init', '--ddl', schema, '--all-schemas', '--out', config, '--date', '2026-03-31']);
      expect(init.code, init.stderr).toBe(0);
    });

    it('the planned peak bounds the measured one, though the model counts only the tables a worker keeps', {
      timeout: 120_000,
    }, async () => {
      const common = ['--config', config, '--rows', '200000', '-w', '4', '--cpus', '4', '--memory', '4G'];
      const dry = await runGen([...common, '--dry-run']);
      const planned = Number(/memory: about ([\d,]+) MiB/.exec(dry.stdout.toString())?.[1]?.replace(/,/g, ''));
      const peak = await peakOf(common);
      expect(peak).toBeGreaterThan(50);
      expect(peak, `peak ${Math.round(peak)} MiB, planned ${planned} MiB`).toBeLessThan(planned);
    });

    it('takes less than 1.5x the memory of its widest table made alone (it took 1.8x when workers kept 8 tables)', {
      timeout: 120_000,
    }, async () => {
      // test.comments: 20 MiB of text buffers a 32,768-row chunk. Measured: 221 MiB alone, 295-302 all.
      const common = ['--config', config, '--rows', '200000', '-w', '2', '--cpus', '2'];
      const widest = await peakOf([...common, '--tables', 'test.comments']);
      const all = await peakOf(common);
      expect(all, `all tables ${Math.round(all)} MiB, test.comments alone ${Math.round(widest)} MiB`).toBeLessThan(
        1.5 * widest,
      );
    });
  });

  it("keeps the coordinator's young generation at its size once the run has started (src/cli/young-generations.ts)", {
    timeout: 60_000,
  }, async () => {
    // Without the cap, 1e7 NDJSON rows took the main thread's new space from 4 to 8 MiB (16 at 1e8, 32 at 3e8).
    const sampler = join(tempDir(), 'new-space.mjs');
    writeFileSync(
      sampler,
      `import { writeSync } from 'node:fs';
      import { getHeapSpaceStatistics } from 'node:v8';
      import { isMainThread } from 'node:worker_threads';
      if (isMainThread) {
        const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
        let most = newSpace();
        setInterval(() => { most = Math.max(most, newSpace()); }, 5).unref();
        process.on('exit', () => writeSync(2, 'new space ' + Math.max(most, newSpace()) + '\\n'));
      }`,
    );
    const devNull = openSync('/dev/null', 'w');
    const result = await runGen(['--rows', '2e7', '--out', '-', '-q', '-w', '2'], {
      stdio: devNull,
      env: { NODE_OPTIONS: `--import ${sampler}` },
    });
    closeSync(devNull);
    expect(result.code, result.stderr).toBe(0);
    const most = Number(/new space (\d+)/.exec(result.stderr)?.[1]) / MiB;
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(4);
  });

  it('16 workers print no MaxListenersExceededWarning', async () => {
    const result = await runGen(['--rows', '300000', '-w', '16', '--out', tempDir()]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/MaxListeners|Warning/);
  });

  it('8 workers writing Parquet run in a 1 GiB cgroup (not OOM-killed), and gen sees the limit', {
    timeout: 120_000,
  }, (context) => {
    const own = /^\d+:memory:(.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1];
    const group = own === undefined ? undefined : join('/sys/fs/cgroup/memory', own, `shardgen-test-${process.pid}`);
    try {
      mkdirSync(group!);
      writeFileSync(join(group!, 'memory.limit_in_bytes'), String(GiB));
    } catch {
      console.warn(
        'SKIPPED: cannot make a cgroup v1 memory group here (needs root and a writable /sys/fs/cgroup/memory); the RSS bound is in bench/',
      );
      context.skip();
    }
    try {
      const out = tempDir();
      const script = `echo $$ > ${group}/cgroup.procs && exec "$0" "$@"`;
      const plan = execFileSync(
        'sh',
        ['-c', script, process.execPath, GEN, '--rows', '1e7', '--format', 'parquet', '--dry-run'],
        { encoding: 'utf8' },
      );
      expect(plan).toContain("within 1,024 MiB (the container's limit)");
      execFileSync(
        'sh',
        [
          '-c',
          script,
          process.execPath,
          GEN,
          '--rows',
          '1e7',
          '--format',
          'parquet',
          '-w',
          '8',
          '--cpus',
          '8',
          '--out',
          out,
          '-q',
        ],
        { stdio: 'inherit' },
      );
      expect(readFileSync(join(group!, 'memory.oom_control'), 'utf8')).toMatch(/oom_kill 0/);
    } finally {
      rmdirSync(group!);
    }
  });
});
