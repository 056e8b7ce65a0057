import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutput, type Finding } from '../../src/check/check-output.ts';
import { generate } from '../../src/coordinator/generate.ts';
import type { GenerateOptions } from '../../src/coordinator/options.ts';
import { defineDataset } from '../../src/dataset/define.ts';
import { SinkError } from '../../src/errors.ts';
import { DATE } from '../helpers/fixed.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { runGen, tempDir } from '../helpers/run.ts';

const db = usePostgres();
const load = (options: GenerateOptions): ReturnType<typeof generate> =>
  generate({ url: db.server.url, date: DATE, workers: 2, seed: 5, ...options });
const { rowsOf, leftovers, fingerprint } = db;
const lastRun = async (): Promise<Record<string, unknown>> =>
  (
    await rowsOf(`SELECT * FROM shardgen.runs WHERE target_schema = 'public' ORDER BY started_at DESC, run_id LIMIT 1`)
  )[0]!;

/** A one-table dataset other than items, to run in the same schema without touching items. */
const other = defineDataset({
  name: 'other',
  version: 1,
  description: 'a second table',
  tables: [
    {
      name: 'other',
      defaultRows: 10,
      primaryKey: ['id'],
      columns: [{ name: 'id', type: { kind: 'int64' }, generator: { kind: 'sequence' } }],
    },
  ],
});

describe('Postgres --append', () => {
  it('continues the ids: 1,000 rows then 500 appended equal one run of 1,500 rows', async () => {
    await load({ rows: 1500 });
    const whole = await fingerprint();
    await load({ rows: 1000 });
    const report = await load({ rows: 500, mode: 'append' });
    expect(report.tables[0]).toMatchObject({ rowStart: 1000, rowEnd: 1500 });
    expect(await fingerprint()).toEqual(whole);
    expect(await lastRun()).toMatchObject({
      status: 'completed',
      dataset: 'items',
      seed: '5',
      options: expect.objectContaining({ mode: 'append' }),
    });
  });

  it("gen check takes a load and the appends after it: references among each append's own rows", async () => {
    await db.admin.query('CREATE SCHEMA appended');
    const run = {
      dataset: 'transactions',
      url: db.server.url,
      schema: 'appended',
      seed: 3,
      date: DATE,
      workers: 0,
    } as const;
    await generate({ ...run, rows: 3000 });
    await generate({ ...run, rows: 2000, mode: 'append' });
    const found: Finding[] = [];
    const summary = await checkOutput({ url: db.server.url, schema: 'appended', onFinding: (f) => found.push(f) });
    expect(found).toEqual([]);
    const counts = await rowsOf(
      `SELECT (SELECT count(*)::int FROM appended.customers) AS c, (SELECT count(*)::int FROM appended.transactions) AS t`,
    );
    expect(summary.tables.map((t) => t.rows)).toEqual(
      summary.tables.map((t) => (t.name === 'customers' ? counts[0]!.c : counts[0]!.t)),
    );
    // A changed row is still found, in the appended part too.
    await db.admin.query(
      `UPDATE appended.transactions SET amount = amount + 1 WHERE id = (SELECT max(id) FROM appended.transactions)`,
    );
    const again: Finding[] = [];
    await checkOutput({ url: db.server.url, schema: 'appended', onFinding: (f) => again.push(f) });
    expect(again.map((f) => [f.table, f.column, f.kind])).toEqual([['transactions', 'amount', 'mismatch']]);
  });

  it('a key clash is a clear error and loads nothing: the table and the run log say so', async () => {
    await load({ rows: 1000 });
    const before = await fingerprint();
    const run = load({ rows: 200, mode: 'append', startId: 900, workers: 0 });
    await expect(run).rejects.toThrow(SinkError);
    await expect(run).rejects.toThrow(
      /loading items: Key \(id\)=\(9\d\d\) already exists; nothing was loaded\. Append past the existing keys \(--start-id/,
    );
    expect(await fingerprint()).toEqual(before);
    expect(await lastRun()).toMatchObject({ status: 'failed', error: expect.stringContaining('already exists') });
    await load({ rows: 200, mode: 'append', startId: 1000 });
    expect(await fingerprint()).toMatchObject({ n: 1200 });
  });

  it('creates a missing table, with its key; refuses a table of another shape, naming the column', async () => {
    await db.admin.query('CREATE SCHEMA fresh');
    await load({ rows: 300, mode: 'append', schema: 'fresh' });
    expect(await rowsOf(`SELECT count(*)::int AS n FROM fresh.items`)).toEqual([{ n: 300 }]);
    expect(await rowsOf(`SELECT indexname FROM pg_indexes WHERE schemaname = 'fresh' AND tablename = 'items'`)).toEqual(
      [{ indexname: 'items_pkey' }],
    );
    await db.admin.query(
      'CREATE SCHEMA odd; CREATE TABLE odd.items (id bigint, name text, category text, value integer)',
    );
    await expect(load({ rows: 10, mode: 'append', schema: 'odd' })).rejects.toThrow(
      'cannot append to "odd"."items": it has column "value" of type integer, the dataset\'s is numeric(18,2); use --overwrite to replace it, or another --schema',
    );
  });

  it('shards appended at once give the unsharded table', async () => {
    await load({ rows: 30_000 });
    const whole = await fingerprint();
    await load({ rows: 0, mode: 'overwrite' }); // empty tables with their keys, replacing the loaded one on purpose
    await Promise.all(
      [0, 1, 2].map((index) => load({ rows: 30_000, mode: 'append', startId: 0, shard: { index, count: 3 } })),
    );
    expect(await fingerprint()).toEqual(whole);
  });

  it('--shard with Postgres needs --append and --start-id; --connections does not apply to --append', async () => {
    const shard = await runGen(['--rows', '10', '--url', db.server.url, '--shard', '0/2']);
    expect(shard.code).toBe(2);
    expect(shard.stderr).toMatch(/^gen: --shard with Postgres needs append mode and an explicit --start-id/);
    const both = await runGen(['--rows', '10', '--url', db.server.url, '--append', '--connections', '3']);
    expect(both.stderr).toMatch(/^gen: --connections applies to overwrite loads/);
    const files = await runGen(['--rows', '10', '--append', '--out', tempDir()]);
    expect(files.stderr).toMatch(/^gen: --append\/--overwrite applies to Postgres/);
  });
});

describe('Postgres run log', () => {
  it('records each run; --no-run-log records nothing', async () => {
    await db.admin.query('CREATE SCHEMA quiet');
    const result = await runGen([
      '--rows',
      '2000',
      '--seed',
      '9',
      '--date',
      DATE,
      '--url',
      db.server.url,
      '--schema',
      'quiet',
      '--progress',
      'none',
    ]);
    expect(result.code).toBe(0);
    const runs = await rowsOf(
      `SELECT run_id, dataset, dataset_version, seed::int, reference_date::text, status, tables, error, wall_ms IS NOT NULL AS timed, finished_at >= started_at AS ordered FROM shardgen.runs WHERE target_schema = 'quiet'`,
    );
    expect(runs).toEqual([
      {
        run_id: expect.stringMatching(/^[0-9a-f]{8}$/),
        dataset: 'items',
        dataset_version: 1,
        seed: 9,
        reference_date: DATE,
        status: 'completed',
        tables: [expect.objectContaining({ name: 'items', rows: 2000, rowStart: 0, rowEnd: 2000 })],
        error: null,
        timed: true,
        ordered: true,
      },
    ]);
    expect(result.stderr).toContain(`run log: shardgen.runs run ${runs[0]!.run_id as string}`);
    await db.admin.query('CREATE SCHEMA silent');
    await load({ rows: 10, schema: 'silent', runLog: false });
    expect(await rowsOf(`SELECT count(*)::int AS n FROM shardgen.runs WHERE target_schema = 'silent'`)).toEqual([
      { n: 0 },
    ]);
  });
});

describe('Postgres failures leave the tables as they were', () => {
  it('permission denied: one line, exit 1, no password', async () => {
    await db.admin.query(
      `CREATE ROLE limited LOGIN PASSWORD 'l1mited-pw'; CREATE SCHEMA locked; GRANT USAGE ON SCHEMA locked TO limited`,
    );
    const url = new URL(db.server.url);
    url.username = 'limited';
    url.password = 'l1mited-pw';
    const result = await runGen(['--rows', '10', '--url', url.href, '--schema', 'locked', '-q']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^gen: permission denied: user "limited" may not create tables in schema "locked"; GRANT CREATE ON SCHEMA locked TO limited, or use another --schema\n$/,
    );
    expect(result.stderr).not.toContain('l1mited-pw');
  });

  it('a server out of disk space: one line, exit 1, the old table intact, the space given back', async (context) => {
    const parent = tempDir();
    chmodSync(parent, 0o755); // the server's user must reach the tablespace
    const mount = join(parent, 'small');
    mkdirSync(mount);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', mount], { stdio: 'ignore' });
      execFileSync('chown', ['postgres', mount]);
    } catch {
      console.warn(
        'SKIPPED: cannot mount a tmpfs owned by postgres here (needs root and the server we start); 53100 is mapped in postgres-errors.ts',
      );
      context.skip();
    }
    try {
      await db.admin.query(`CREATE TABLESPACE small LOCATION '${mount}'`);
      await load({ rows: 1000 });
      const before = await fingerprint();
      const url = new URL(db.server.url);
      url.searchParams.set('options', '-c default_tablespace=small');
      const result = await runGen(['--rows', '200000', '--url', url.href, '-q']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^gen: the Postgres server is out of disk space: could not extend file .*; free space on the server\n$/,
      );
      expect(await fingerprint()).toEqual(before);
      expect(await leftovers()).toEqual([]);
      await db.admin.query('DROP TABLESPACE small');
    } finally {
      execFileSync('umount', ['-l', mount]);
    }
  });

  it('a server restart mid-load: the old table intact; the next run sweeps the staging table', async (context) => {
    if (db.server.restart === null) {
      console.warn('SKIPPED: SHARDGEN_TEST_PG_URL names a server these tests cannot restart');
      context.skip();
    }
    await load({ rows: 10_000 });
    const before = await fingerprint();
    let restarted = false;
    const run = load({
      rows: 3_000_000,
      onEvent: (e) => {
        if (e.type !== 'progress' || restarted) return;
        restarted = true;
        db.server.restart!();
      },
    });
    await expect(run).rejects.toThrow(SinkError);
    expect(restarted).toBe(true);
    await db.reconnect();
    expect(await fingerprint()).toEqual(before);
    await load({ dataset: other });
    expect(await leftovers()).toEqual([]);
  });

  it('a table that objects outside the dataset depend on is not dropped: a clear error, the table unchanged', async () => {
    await db.admin.query('CREATE SCHEMA held');
    await load({ rows: 100, schema: 'held' });
    await db.admin.query('CREATE VIEW held.items_view AS SELECT id FROM held.items');
    const before = await fingerprint('held.items');
    const events: string[] = [];
    const run = load({ rows: 200, schema: 'held', onEvent: (e) => events.push(e.type) });
    await expect(run).rejects.toThrow(
      'cannot replace the tables: items is used by the view held.items_view; drop those first, or load into another --schema',
    );
    expect(events, 'refused before a row was generated').not.toContain('progress');
    expect(await fingerprint('held.items')).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });

  it('a SIGKILLed load: the old table intact; the next run sweeps its staging table', async () => {
    await load({ rows: 10_000 });
    const before = await fingerprint();
    const result = await runGen(['--rows', '5e6', '-w', '2', '--url', db.server.url, '--progress', 'log'], {
      onStderr: (text, child) => text.includes('rows') && child.kill('SIGKILL'),
    });
    expect(result.signal).toBe('SIGKILL');
    expect(await fingerprint()).toEqual(before);
    // The server ends the killed run's sessions once it notices their sockets closed; until then they are live.
    await expect
      .poll(
        async () =>
          (await rowsOf(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'shardgen/%'`))[0]!
            .n,
      )
      .toBe(0);
    await load({ dataset: other });
    expect(await leftovers()).toEqual([]);
    expect(await rowsOf(`SELECT status FROM shardgen.runs WHERE options->>'rows' = '5000000'`)).toEqual([
      { status: 'running' },
    ]);
  });
});
