import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutput } from '../../src/check/check-output.ts';
import { generate } from '../../src/coordinator/generate.ts';
import { SinkError } from '../../src/errors.ts';
import type { LockRecord } from '../../src/sinks/dir-lock.ts';
import { recover } from '../../src/sinks/file-commit.ts';
import { DATE } from '../helpers/fixed.ts';
import { checksumFile, GEN, listFiles, runGen, sha256File, tempDir } from '../helpers/run.ts';

const root = tempDir();
let cases = 0;
const fresh = (): string => join(root, `case-${cases++}`);
const manifestOf = (
  dir: string,
  name = 'manifest.json',
): { seed: number; tables: { file: string; checksum: string }[] } => JSON.parse(readFileSync(join(dir, name), 'utf8'));
/** A pid that no process has: a child that has already exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

describe('files: gen replaces only files it made', () => {
  it('an unrelated manifest.json or data file is refused before generating; --force replaces it', async () => {
    const out = fresh();
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), '{"mine": true}');
    const refused = await runGen(['--rows', '100', '--out', out, '-q']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `gen: ${out}/manifest.json was not written by gen: gen replaces only files it made; --force replaces it, or choose another --out\n`,
    );
    expect(listFiles(out)).toEqual(['manifest.json']);
    expect((await runGen(['--rows', '100', '--out', out, '-q', '--force'])).code).toBe(0);
    expect(manifestOf(out).tables[0]!.file).toBe('items.ndjson');

    const other = fresh();
    mkdirSync(other);
    writeFileSync(join(other, 'items.ndjson'), 'mine\n');
    const events: string[] = [];
    const run = generate({ rows: 100, date: DATE, out: other, onEvent: (e) => events.push(e.type) });
    await expect(run).rejects.toThrow(`${other}/items.ndjson exists, and no gen manifest in ${other} lists it`);
    expect(events).not.toContain('progress');
    expect(readFileSync(join(other, 'items.ndjson'), 'utf8')).toBe('mine\n');
  });

  it('a manifest that cannot be written at the commit: the old files stay, nothing of the run remains', async () => {
    const out = fresh();
    const first = await generate({ rows: 1000, date: DATE, out, seed: 1 });
    const old = sha256File(first.tables[0]!.path!);
    const run = generate({
      rows: 200_000,
      date: DATE,
      out,
      seed: 2,
      workers: 2,
      // Mid-run, a directory takes the manifest's place, so that only the commit's last rename fails.
      onEvent: (e) => {
        if (e.type !== 'progress' || existsSync(join(out, 'manifest.json', 'x'))) return;
        rmSync(join(out, 'manifest.json'));
        mkdirSync(join(out, 'manifest.json', 'x'), { recursive: true });
      },
    });
    await expect(run).rejects.toThrow(SinkError);
    await expect(run).rejects.toThrow(`cannot rename to ${out}/manifest.json`);
    expect(sha256File(join(out, 'items.ndjson'))).toBe(old);
    expect(listFiles(out)).toEqual(['items.ndjson', 'manifest.json']);
  });

  it('--out under /proc fails with one line instead of spinning', async () => {
    const result = await runGen(['--rows', '10', '--out', '/proc/shardgen-x', '-q']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^gen: cannot create directory \/proc\/shardgen-x: that path cannot be made/);
  });
});

describe('files: one run at a time per output', () => {
  it('two runs into one --out: one fails at once, naming the other; the files match the manifest', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const out = fresh();
      const runs = await Promise.all(
        [1, 2].map((seed) => runGen(['--rows', '300000', '--seed', String(seed), '--out', out, '-w', '2', '-q'])),
      );
      expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
      expect(runs.find((r) => r.code === 1)!.stderr).toMatch(
        new RegExp(
          `^gen: another gen run \\(pid \\d+ on .*, since .*\\) is writing to ${out}/; wait for it \\(--wait\\), or choose another --out\\n$`,
        ),
      );
      const manifest = manifestOf(out);
      expect(checksumFile(join(out, 'items.ndjson'))).toBe(manifest.tables[0]!.checksum);
      expect(listFiles(out)).toEqual(['items.ndjson', 'manifest.json']);
    }
  });

  it('two generate() calls in one process are two runs too', async () => {
    const out = fresh();
    const runs = await Promise.allSettled(
      [1, 2].map((seed) => generate({ rows: 300_000, seed, date: DATE, out, workers: 2 })),
    );
    expect(runs.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(String((runs.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toMatch(
      /another gen run \(pid \d+ on/,
    );
  });

  it('with --wait the second run waits for the first, and wins', async () => {
    const out = fresh();
    const runs = await Promise.all(
      [1, 2].map((seed) =>
        runGen(['--rows', '300000', '--seed', String(seed), '--out', out, '-w', '2', '-q', '--wait']),
      ),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const manifest = manifestOf(out);
    expect(checksumFile(join(out, 'items.ndjson'))).toBe(manifest.tables[0]!.checksum);
  });

  it('a SIGKILLed run leaves a temp file and its lock; the next run takes over and sweeps both', async () => {
    const out = fresh();
    const child = spawn(process.execPath, [GEN, '--rows', '5e6', '-w', '2', '--out', out, '--progress', 'json'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.on('data', (b: Buffer) => b.toString().includes('"event":"progress"') && child.kill('SIGKILL'));
    await once(child, 'close');
    expect(listFiles(out)).toEqual(
      expect.arrayContaining(['.shardgen.lock', expect.stringMatching(/^\.items\.ndjson\.[0-9a-f]{8}\.tmp$/)]),
    );
    expect((await runGen(['--rows', '100', '--out', out, '-q'])).code).toBe(0);
    expect(listFiles(out)).toEqual(['items.ndjson', 'manifest.json']);
  });
});

describe('files: a commit cut short is finished or undone by the next run', () => {
  /** A dead run whose commit moved `items.ndjson` (holding `old`) aside and put its own in place, then died. */
  function halfCommitted(out: string, old: string, manifestPlaced: boolean): LockRecord {
    const run = 'deadbeef';
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `.items.ndjson.${run}.old`), old);
    writeFileSync(join(out, 'items.ndjson'), 'new\n');
    writeFileSync(join(out, manifestPlaced ? 'manifest.json' : `.manifest.json.${run}.tmp`), '{}');
    const committing = [
      {
        path: join(out, 'items.ndjson'),
        temp: join(out, `.items.ndjson.${run}.tmp`),
        backup: join(out, `.items.ndjson.${run}.old`),
      },
      { path: join(out, 'manifest.json'), temp: join(out, `.manifest.json.${run}.tmp`), backup: null },
    ];
    return { pid: deadPid(), host: hostname(), run, started: '', committing };
  }

  it('before the manifest was renamed: every rename is undone', async () => {
    const out = fresh();
    await recover(halfCommitted(out, 'old\n', false));
    expect(readFileSync(join(out, 'items.ndjson'), 'utf8')).toBe('old\n');
    expect(listFiles(out)).toEqual(['items.ndjson']);
  });

  it('after the manifest was renamed: the new files stay, the backups go', async () => {
    const out = fresh();
    await recover(halfCommitted(out, 'old\n', true));
    expect(readFileSync(join(out, 'items.ndjson'), 'utf8')).toBe('new\n');
    expect(listFiles(out)).toEqual(['items.ndjson', 'manifest.json']);
  });

  it("the next gen run finds the dead run's lock and journal, and undoes its commit first", async () => {
    const out = fresh();
    const first = await generate({ rows: 100, date: DATE, out, seed: 1 });
    const old = readFileSync(first.tables[0]!.path!, 'utf8');
    writeFileSync(join(out, '.shardgen.lock'), JSON.stringify(halfCommitted(out, old, false)));
    await generate({ rows: 100, date: DATE, out, seed: 1, format: 'csv' });
    expect(readFileSync(join(out, 'items.ndjson'), 'utf8')).toBe(old);
    expect(listFiles(out)).toEqual(['items.csv', 'items.ndjson', 'manifest.json']);
  });
});

describe('idempotent days in a folder partitioned by day', () => {
  it('a retry of an earlier day replaces that day only, after later days ran; each run keeps its manifest', async () => {
    const out = fresh();
    const day = (date: string, seed = 3) =>
      generate({ dataset: 'shiny-rocks', date, seed, partitionBy: 'day', format: 'csv', workers: 0, out });
    await day('2026-03-02');
    const first = readFileSync(join(out, 'orders/year=2026/month=03/day=02/orders.csv'));
    await day('2026-03-03');
    const later = readFileSync(join(out, 'orders/year=2026/month=03/day=03/orders.csv'));
    // The scheduler retries the earlier day (after a failure it did not see): no refusal, the same files.
    await day('2026-03-02');
    expect(readFileSync(join(out, 'orders/year=2026/month=03/day=02/orders.csv')).equals(first)).toBe(true);
    expect(readFileSync(join(out, 'orders/year=2026/month=03/day=03/orders.csv')).equals(later)).toBe(true);
    expect(listFiles(out).filter((f) => f.startsWith('manifest'))).toEqual([
      'manifest.2026-03-02_2026-03-02.json',
      'manifest.2026-03-03_2026-03-03.json',
    ]);
    // Another seed for the day replaces its files as a unit; the other day's files stay.
    await day('2026-03-02', 4);
    expect(readFileSync(join(out, 'orders/year=2026/month=03/day=02/orders.csv')).equals(first)).toBe(false);
    expect(readFileSync(join(out, 'orders/year=2026/month=03/day=03/orders.csv')).equals(later)).toBe(true);
    const found: unknown[] = [];
    await checkOutput({ dir: out, onFinding: (f) => found.push(f) });
    expect(found).toEqual([]);
  });
});
