import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenerateEvent } from '../../src/coordinator/events.ts';
import { generate } from '../../src/coordinator/generate.ts';
import { AbortedError, SinkError, WorkerError } from '../../src/errors.ts';
import { DATE } from '../helpers/fixed.ts';
import { listFiles, sha256File, tempDir } from '../helpers/run.ts';

const dir = tempDir();
const CRASHING = new URL('../fixtures/crashing-worker.ts', import.meta.url).href;
const COUNTING = new URL('../fixtures/counting-worker.ts', import.meta.url).href;
const ROWS = 200_000;
const CHUNK = 20_000;
let n = 0;
const fresh = (): string => join(dir, `case-${n++}`);

afterEach(() => {
  for (const key of ['SHARDGEN_CRASH_AT', 'SHARDGEN_CRASH_TIMES', 'SHARDGEN_CRASH_DIR', 'SHARDGEN_COUNT_FILE'])
    delete process.env[key];
});

function crashAt(start: number, times: number): void {
  const markers = fresh();
  mkdirSync(markers);
  Object.assign(process.env, {
    SHARDGEN_CRASH_AT: String(start),
    SHARDGEN_CRASH_TIMES: String(times),
    SHARDGEN_CRASH_DIR: markers,
  });
}

describe('worker crashes', () => {
  it('a chunk whose worker dies is retried, and the output is the same as without the crash', async () => {
    const reference = await generate({ rows: ROWS, chunkRows: CHUNK, date: DATE, out: fresh(), workers: 2 });
    crashAt(3 * CHUNK, 2);
    const events: GenerateEvent[] = [];
    const report = await generate({
      rows: ROWS,
      chunkRows: CHUNK,
      date: DATE,
      out: fresh(),
      workers: 2,
      workerModule: CRASHING,
      onEvent: (e) => events.push(e),
    });
    expect(report.tables[0]!.checksum).toBe(reference.tables[0]!.checksum);
    expect(events.filter((e) => e.type === 'retry').map((e) => e.type === 'retry' && e.start)).toEqual([
      3 * CHUNK,
      3 * CHUNK,
    ]);
  });

  it('a chunk that keeps crashing fails the run after 2 retries, and leaves no file at all', async () => {
    crashAt(2 * CHUNK, 99);
    const out = fresh();
    const run = generate({ rows: ROWS, chunkRows: CHUNK, date: DATE, out, workers: 2, workerModule: CRASHING });
    await expect(run).rejects.toThrow(WorkerError);
    await expect(run).rejects.toThrow(/rows 40000-59999 of table #0 failed 3 times in a worker/);
    expect(existsSync(out), 'the directory the run made is removed too').toBe(false);
  });
});

describe('sink failures', () => {
  it('a stream that fails mid-run rejects with a one-line SinkError', async () => {
    let written = 0;
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        callback(
          written > 3_000_000
            ? Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
            : null,
        );
      },
    });
    const run = generate({ rows: ROWS, date: DATE, out: '-', stdout, workers: 2 });
    await expect(run).rejects.toThrow(SinkError);
    await expect(run).rejects.toThrow(
      'cannot write to stdout: no space left on the device; free some space or choose another --out (ENOSPC)',
    );
  });

  it.for(['ndjson', 'parquet'] as const)(
    'a full file system (a real 1 MiB tmpfs) fails cleanly: no file, no temp file (%s)',
    async (format, context) => {
      await onFullDisk(context, async (mount) => {
        const out = join(mount, 'out');
        const run = generate({
          rows: ROWS,
          date: DATE,
          out,
          workers: 2,
          format,
          ...(format === 'parquet' ? { rowGroupRows: 50_000 } : {}),
        });
        await expect(run).rejects.toThrow(
          new RegExp(
            `^cannot write .*items\\.${format}: no space left on the device; free some space or choose another --out \\(ENOSPC\\)$`,
          ),
        );
        expect(existsSync(out), 'the directory the run made is removed too').toBe(false);
      });
    },
  );

  it('a full file system mid-run leaves no day folders of a partitioned run behind', async (context) => {
    await onFullDisk(context, async (mount) => {
      const out = join(mount, 'lake');
      const run = generate({
        dataset: 'shiny-rocks',
        days: 60,
        date: DATE,
        out,
        format: 'csv',
        partitionBy: 'day',
        workers: 0,
      });
      await expect(run).rejects.toThrow(/no space left on the device/);
      expect(existsSync(out), 'every folder the run made is removed').toBe(false);
    });
  });
});

/** Runs `test` with a real 1 MiB tmpfs mounted (root only: skipped loudly elsewhere), then unmounts it. */
async function onFullDisk(context: { skip(): void }, test: (mount: string) => Promise<void>): Promise<void> {
  const mount = fresh();
  mkdirSync(mount);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount], { stdio: 'ignore' });
  } catch {
    console.warn('SKIPPED: cannot mount a tmpfs here (needs root); ENOSPC is still covered by the stream test above');
    context.skip();
  }
  try {
    await test(mount);
  } finally {
    execFileSync('umount', [mount]);
  }
}

describe('cancellation', () => {
  it("aborting mid-run rejects with AbortedError and keeps the previous run's files as they were", async () => {
    const out = fresh();
    const first = await generate({ rows: ROWS, date: DATE, out, workers: 2, seed: 1 });
    const before = { data: sha256File(first.tables[0]!.path!), manifest: readFileSync(first.manifest!, 'utf8') };
    const controller = new AbortController();
    const run = generate({
      rows: 2_000_000,
      date: DATE,
      out,
      workers: 2,
      seed: 2,
      signal: controller.signal,
      onEvent: (e) => e.type === 'progress' && controller.abort('SIGINT'),
    });
    await expect(run).rejects.toThrow(AbortedError);
    expect(listFiles(out)).toEqual(['items.ndjson', 'manifest.json']);
    expect(sha256File(first.tables[0]!.path!)).toBe(before.data);
    expect(readFileSync(first.manifest!, 'utf8')).toBe(before.manifest);
  });
});

describe('memory does not grow with row count', () => {
  it('a run of 1e12 rows starts writing at once: chunk tasks are made lazily, not listed up front', async () => {
    // Listed up front, 1e12 rows would be ~30 million task objects (GBs, many seconds) before the first write.
    const controller = new AbortController();
    const stdout = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const started = process.memoryUsage().heapUsed;
    const run = generate({
      rows: 1e12,
      date: DATE,
      out: '-',
      stdout,
      workers: 2,
      signal: controller.signal,
      onEvent: (e) => e.type === 'progress' && controller.abort('SIGINT'),
    });
    await expect(run).rejects.toThrow(AbortedError);
    expect(process.memoryUsage().heapUsed - started).toBeLessThan(200 * 2 ** 20);
  }, 20_000);
});

describe('backpressure', () => {
  it('a slow destination stops the workers: no more than the in-flight window is generated ahead', async () => {
    const countFile = join(fresh());
    writeFileSync(countFile, '');
    process.env.SHARDGEN_COUNT_FILE = countFile;
    let startedWhileBlocked = -1;
    const stdout = new Writable({
      write(_chunk, _encoding, callback) {
        if (startedWhileBlocked >= 0) return callback();
        // Hold the first chunk long enough for unbounded workers to run far ahead.
        setTimeout(() => {
          startedWhileBlocked = statSync(countFile).size;
          callback();
        }, 500);
      },
    });
    await generate({ rows: ROWS, chunkRows: 5000, date: DATE, out: '-', stdout, workers: 2, workerModule: COUNTING });
    expect(startedWhileBlocked).toBeGreaterThan(0);
    expect(startedWhileBlocked).toBeLessThanOrEqual(4); // 2 workers x 2 chunks in flight
    expect(statSync(countFile).size).toBe(ROWS / 5000);
    rmSync(countFile);
  });
});
