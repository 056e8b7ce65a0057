import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/coordinator/generate.ts';
import type { GenerateOptions } from '../../src/coordinator/options.ts';
import { SinkError } from '../../src/errors.ts';
import { DATE } from '../helpers/fixed.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { GEN, runGen } from '../helpers/run.ts';

const db = usePostgres();
const { rowsOf, leftovers, fingerprint } = db;
const load = (options: GenerateOptions): ReturnType<typeof generate> =>
  generate({ url: db.server.url, date: DATE, workers: 2, seed: 5, ...options });
/** Runs `options`, recording the kinds of event it sends, so that a test can tell whether rows were made. */
const watched = (options: GenerateOptions): { run: ReturnType<typeof generate>; events: string[] } => {
  const events: string[] = [];
  const run = load({ ...options, onEvent: (e) => events.push(e.type) });
  run.catch(() => {});
  return { run, events };
};
const columnsOf = async (schema: string, table: string): Promise<unknown[]> =>
  (
    await rowsOf(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
      [schema, table],
    )
  ).map((r) => r.column_name);

/** Starts gen with `args`, sends SIGINT once `ready()` holds (polled), and returns how it ended. */
async function interruptWhen(
  args: readonly string[],
  ready: () => Promise<boolean>,
): Promise<{ code: number; stderr: string }> {
  const child = spawn(process.execPath, [GEN, ...args, '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const closed = once(child, 'close');
  await expect.poll(ready, { timeout: 60_000, interval: 10 }).toBe(true);
  child.kill('SIGINT');
  const [code] = (await closed) as [number];
  return { code, stderr };
}

/** True while a session of a gen run is running `pattern` (ILIKE) on the server, or waiting for a lock with `lock`. */
const genIsRunning = async (pattern: string, waitingForLock = false): Promise<boolean> =>
  (
    await rowsOf(
      `SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'shardgen/%' AND state = 'active' AND query ILIKE $1 AND ($2 = false OR wait_event_type = 'Lock')`,
      [pattern, waitingForLock],
    )
  ).length > 0;

describe('Postgres: Ctrl-C at every step rolls back', () => {
  it('during the primary key build: exit 130, the server stops, the table and run log as before', {
    timeout: 120_000,
  }, async () => {
    await db.admin.query('CREATE SCHEMA keys');
    await load({ rows: 1000, schema: 'keys' });
    const before = await fingerprint('keys.items');
    const { code, stderr } = await interruptWhen(
      ['--rows', '3e6', '-w', '2', '--url', db.server.url, '--schema', 'keys'],
      () => genIsRunning('%ADD CONSTRAINT%PRIMARY KEY%'),
    );
    expect(code).toBe(130);
    expect(stderr).toBe('gen: interrupted by SIGINT; nothing was committed\n');
    expect(await fingerprint('keys.items')).toEqual(before);
    expect(await leftovers()).toEqual([]);
    expect(
      await rowsOf(`SELECT status FROM shardgen.runs WHERE target_schema = 'keys' ORDER BY started_at DESC LIMIT 1`),
    ).toEqual([{ status: 'failed' }]);
    expect(await genIsRunning('%')).toBe(false);
  });

  it('during the swap, while it waits for a reader: exit 130 at once, nothing changed', {
    timeout: 60_000,
  }, async () => {
    await db.admin.query('CREATE SCHEMA swap');
    await load({ rows: 100, schema: 'swap' });
    const before = await fingerprint('swap.items');
    const reader = new pg.Client(db.server.url);
    await reader.connect();
    try {
      await reader.query('BEGIN; SELECT count(*) FROM swap.items');
      const { code } = await interruptWhen(
        ['--rows', '200', '--url', db.server.url, '--schema', 'swap', '--lock-timeout', '600'],
        () => genIsRunning('DROP TABLE%', true),
      );
      expect(code).toBe(130);
    } finally {
      await reader.end();
    }
    expect(await fingerprint('swap.items')).toEqual(before);
    expect(await leftovers()).toEqual([]);
    expect(
      await rowsOf(`SELECT status FROM shardgen.runs WHERE target_schema = 'swap' ORDER BY started_at DESC LIMIT 1`),
    ).toEqual([{ status: 'failed' }]);
  });
});

describe('Postgres: gen replaces only tables it made', () => {
  it("a user's table of the same name survives a default run; --force replaces it", async () => {
    await db.admin.query(`CREATE SCHEMA mine; CREATE TABLE mine.items (customer_email text, balance numeric, notes text);
      INSERT INTO mine.items SELECT 'a' || i || '@x.org', i, 'n' FROM generate_series(1, 1000) i`);
    const { run, events } = watched({ rows: 100, schema: 'mine' });
    await expect(run).rejects.toThrow(SinkError);
    await expect(run).rejects.toThrow(
      '"mine"."items" exists and was not made by gen; gen replaces only tables it made: --force replaces it',
    );
    expect(events, 'refused before a row was generated').not.toContain('progress');
    expect(await columnsOf('mine', 'items')).toEqual(['customer_email', 'balance', 'notes']);
    expect(await rowsOf('SELECT count(*)::int AS n FROM mine.items')).toEqual([{ n: 1000 }]);
    expect(await leftovers()).toEqual([]);
    await load({ rows: 100, schema: 'mine', force: true });
    expect(await rowsOf('SELECT count(*)::int AS n FROM mine.items')).toEqual([{ n: 100 }]);
    await load({ rows: 50, schema: 'mine' }); // now gen's: replaced without --force
    expect(
      await rowsOf(
        `SELECT count(*)::int AS n, obj_description('mine.items'::regclass) LIKE 'shardgen:%' AS marked FROM mine.items`,
      ),
    ).toEqual([{ n: 50, marked: true }]);
  });

  it("retail leaves a user's customers table, its trigger and its rows alone", async () => {
    await db.admin.query(`CREATE SCHEMA shop; CREATE TABLE shop.customers (id int PRIMARY KEY, name text);
      CREATE FUNCTION shop.touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
      CREATE TRIGGER t BEFORE INSERT ON shop.customers FOR EACH ROW EXECUTE FUNCTION shop.touch();
      INSERT INTO shop.customers VALUES (1, 'kept')`);
    const result = await runGen(['retail', '--days', '1', '--url', db.server.url, '--schema', 'shop', '-q']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^gen: "shop"\."customers" exists and was not made by gen; .*--append adds rows to it, or use another --schema\n$/,
    );
    expect(await rowsOf('SELECT name FROM shop.customers')).toEqual([{ name: 'kept' }]);
    expect(await rowsOf(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'shop.customers'::regclass`)).toEqual([
      { tgname: 't' },
    ]);
    expect(await rowsOf(`SELECT tablename FROM pg_tables WHERE schemaname = 'shop' ORDER BY 1`)).toEqual([
      { tablename: 'customers' },
    ]);
  });

  it('--rows 0 never empties a loaded table unless --overwrite is given', async () => {
    await db.admin.query('CREATE SCHEMA zero');
    await load({ rows: 500, schema: 'zero' });
    const before = await fingerprint('zero.items');
    await load({ rows: 0, schema: 'zero' });
    expect(await fingerprint('zero.items')).toEqual(before);
    await load({ rows: 0, schema: 'zero', mode: 'overwrite' });
    expect(await fingerprint('zero.items')).toMatchObject({ n: 0 });
  });

  it('a foreign key from a table outside the dataset is found before generating', async () => {
    await db.admin.query('CREATE SCHEMA linked');
    await load({ rows: 100, schema: 'linked' });
    await db.admin.query('CREATE TABLE linked.audit (item_id bigint REFERENCES linked.items (id))');
    const { run, events } = watched({ rows: 100, schema: 'linked' });
    await expect(run).rejects.toThrow(
      'cannot replace the tables: items is used by a foreign key of linked.audit; drop those first',
    );
    expect(events).not.toContain('progress');
  });

  it('a view with a dataset table name is refused even with --force', async () => {
    await db.admin.query('CREATE SCHEMA viewed; CREATE VIEW viewed.items AS SELECT 1 AS id');
    await expect(load({ rows: 10, schema: 'viewed', force: true })).rejects.toThrow(
      '"viewed"."items" is a view, not a table gen made',
    );
  });
});

describe('Postgres: one run at a time, bounded waits', () => {
  it('a second overwrite of the same tables fails at once, naming the first; with --wait it waits', async () => {
    await db.admin.query('CREATE SCHEMA busy');
    const first = load({ rows: 400_000, schema: 'busy' });
    await expect
      .poll(
        async () =>
          (await rowsOf(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'shardgen/%'`))[0]!
            .n,
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    await expect(load({ rows: 10, schema: 'busy' })).rejects.toThrow(
      /^another gen run \(shardgen\/[0-9a-f]{8}, pid \d+, since .*\) is loading "busy"\."items"; wait for it \(--wait\)/,
    );
    const second = load({ rows: 10, schema: 'busy', wait: true, lockTimeout: 60 });
    await first;
    await second;
    expect(await fingerprint('busy.items')).toMatchObject({ n: 10 });
  });

  it('a reader holding the table: the swap gives up after --lock-timeout, naming the session; nothing changes', async () => {
    await db.admin.query('CREATE SCHEMA readers');
    await load({ rows: 100, schema: 'readers' });
    const before = await fingerprint('readers.items');
    const reader = new pg.Client({ connectionString: db.server.url, application_name: 'the-reader' });
    await reader.connect();
    try {
      await reader.query('BEGIN; SELECT count(*) FROM readers.items');
      const pid = (await reader.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      const run = load({ rows: 200, schema: 'readers', lockTimeout: 1 });
      await expect(run).rejects.toThrow(
        new RegExp(
          `^replacing the tables: waited 1 s for a lock held by pid ${pid} \\(user postgres, the-reader, idle in transaction for \\d+ s\\) on "readers"\\."items"; nothing was changed\\. End that session \\(SELECT pg_terminate_backend\\(${pid}\\)\\), or raise --lock-timeout$`,
        ),
      );
    } finally {
      await reader.end();
    }
    expect(await fingerprint('readers.items')).toEqual(before);
    expect(await leftovers()).toEqual([]);
    expect(
      (
        await rowsOf(
          `SELECT status FROM shardgen.runs WHERE target_schema = 'readers' ORDER BY started_at DESC LIMIT 1`,
        )
      )[0],
    ).toEqual({
      status: 'failed',
    });
  });

  it('sslmode=require means what it means to psql, with no multi-line warning', async () => {
    const url = new URL(db.server.url);
    url.searchParams.set('sslmode', 'require');
    const result = await runGen(['--rows', '10', '--url', url.href, '-q']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^gen: connecting failed at 127\.0\.0\.1:\d+: The server does not support SSL connections\n$/,
    );
  });

  it('a server that accepts and never answers: the connect times out; Ctrl-C ends it at once', {
    timeout: 30_000,
  }, async () => {
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as import('node:net').AddressInfo).port;
    try {
      const timedOut = await runGen([
        '--rows',
        '10',
        '--url',
        `postgres://u:pw@127.0.0.1:${port}/db?connect_timeout=1`,
        '-q',
      ]);
      expect(timedOut.code).toBe(1);
      expect(timedOut.stderr).toMatch(/^gen: connecting .*127\.0\.0\.1:\d+.*time/i);
      // A connect timeout far beyond this test's own: only Ctrl-C can end the run in time.
      const { code, stderr } = await interruptWhen(
        ['--rows', '10', '--url', `postgres://u:pw@127.0.0.1:${port}/db?connect_timeout=600`],
        async () => sockets.length > 1,
      );
      expect(code).toBe(130);
      expect(stderr).toBe('gen: interrupted by SIGINT; nothing was committed\n');
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});
