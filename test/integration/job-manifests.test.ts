/**
 * The Kubernetes manifests in docker/k8s/, run as Kubernetes would run them, without Kubernetes: each
 * manifest's own container command and arguments, N times (its `completions`), with the index variable
 * set as an Indexed Job sets it, and its env values (`$(VAR)` in the arguments) pointed at local targets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkOutput, type Finding } from '../../src/check/check-output.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { runGen, tempDir } from '../helpers/run.ts';
import { BUCKET, useS3 } from '../helpers/s3.ts';

const db = usePostgres();
const store = useS3();

interface Job {
  readonly completions: number;
  /** The container's arguments to gen, `$(VAR)` filled from its env and `env`. */
  args(env: Record<string, string>): string[];
}

/** The gen container of a manifest in docker/k8s/. */
function job(file: string): Job {
  const manifest = parse(readFileSync(new URL(`../../docker/k8s/${file}`, import.meta.url), 'utf8'));
  const spec = manifest.spec;
  const container = spec.template.spec.containers.find((c: { name: string }) => c.name === 'gen');
  expect(container.command).toEqual(['node', '/app/dist/src/cli/main.js']);
  expect(spec.completionMode).toBe('Indexed');
  const own = Object.fromEntries((container.env ?? []).map((e: { name: string; value: string }) => [e.name, e.value]));
  return {
    completions: spec.completions,
    args: (env) =>
      (container.args as string[]).map((a) =>
        a.replace(/\$\((\w+)\)/g, (_, name: string) => env[name] ?? own[name] ?? `$(${name})`),
      ),
  };
}

/** Runs every index of `job` (at once, like pods), each with JOB_COMPLETION_INDEX set. */
async function runAll(j: Job, env: Record<string, string>, shared: NodeJS.ProcessEnv = {}): Promise<void> {
  const results = await Promise.all(
    Array.from({ length: j.completions }, (_, i) =>
      runGen(j.args(env), { env: { ...shared, ...env, JOB_COMPLETION_INDEX: String(i) } }),
    ),
  );
  for (const r of results) expect(r.code, r.stderr).toBe(0);
}

describe('docker/k8s manifests, run locally index by index', () => {
  it('indexed-job-volume.yaml: the 16 shard files, concatenated, are one run', { timeout: 120_000 }, async () => {
    const j = job('indexed-job-volume.yaml');
    const out = tempDir();
    await runAll(j, { ROWS: '300000', OUT: out });
    const single = tempDir();
    const args = j
      .args({ ROWS: '300000', OUT: single })
      .filter((a, i, all) => a !== '--shard' && all[i - 1] !== '--shard');
    expect((await runGen(args)).code).toBe(0);
    const shards = Array.from({ length: 16 }, (_, i) =>
      readFileSync(join(out, `items.shard-${String(i).padStart(2, '0')}-of-16.ndjson`)),
    );
    expect(Buffer.concat(shards).equals(readFileSync(join(single, 'items.ndjson')))).toBe(true);
  });

  it("indexed-job-s3.yaml: the 8 shards' objects, concatenated, are one compressed run", {
    timeout: 120_000,
  }, async () => {
    const j = job('indexed-job-s3.yaml');
    await runAll(j, { ROWS: '400000', OUT: `s3://${BUCKET}/k8s/` }, store.env);
    const keys = await store.keys('k8s/');
    expect(keys.filter((k) => k.endsWith('.zst'))).toHaveLength(8);
    expect(keys.filter((k) => k.includes('manifest'))).toHaveLength(8);
    const single = tempDir();
    const args = j
      .args({ ROWS: '400000', OUT: single })
      .filter((a, i, all) => a !== '--shard' && all[i - 1] !== '--shard');
    expect((await runGen(args)).code).toBe(0);
    const parts = await Promise.all(keys.filter((k) => k.endsWith('.zst')).map((k) => store.get(k)));
    expect(Buffer.concat(parts).equals(readFileSync(join(single, 'items.ndjson.zst')))).toBe(true);
  });

  it('indexed-job-postgres.yaml: 8 shards appending at once load what one load does', {
    timeout: 120_000,
  }, async () => {
    const j = job('indexed-job-postgres.yaml');
    await runAll(j, { ROWS: '240000', DATABASE_URL: db.server.url });
    await db.admin.query('CREATE SCHEMA single');
    const single = await runGen([
      '--rows',
      '240000',
      '--seed',
      '42',
      '--date',
      '2026-01-01',
      '--url',
      db.server.url,
      '--schema',
      'single',
      '-q',
    ]);
    expect(single.code).toBe(0);
    expect(await db.fingerprint('items')).toEqual(await db.fingerprint('single.items'));
    const runs = await db.rowsOf(
      `SELECT status, options->'shard' AS shard FROM shardgen.runs WHERE target_schema = 'public'`,
    );
    expect(runs.filter((r) => r.status === 'completed')).toHaveLength(8);
    expect(new Set(runs.map((r) => JSON.stringify(r.shard))).size).toBe(8);
    // gen check takes the 8 appended shards together.
    const found: Finding[] = [];
    const summary = await checkOutput({ url: db.server.url, schema: 'public', onFinding: (f) => found.push(f) });
    expect([found, summary.tables.map((t) => [t.name, t.rows])]).toEqual([[], [['items', 240_000]]]);
  });
});
