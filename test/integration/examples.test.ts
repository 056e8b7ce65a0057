/**
 * The scheduler examples in examples/, run as their engines would run them, without the engines: the
 * Kestra flow's gen commands (its templates filled in as Kestra fills them: the scheduled day, secrets)
 * over a backfill and a retry, and the Prefect task's gen command (built by the example's own Python).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { usePostgres } from '../helpers/postgres.ts';
import { GEN, runGen, sha256File, tempDir } from '../helpers/run.ts';
import { useS3 } from '../helpers/s3.ts';

const db = usePostgres();
const store = useS3(['shiny-rocks-lake']);
const examples = new URL('../../examples/', import.meta.url).pathname;

interface RunTask {
  readonly id: string;
  readonly commands: string[];
  readonly env: Record<string, string>;
}

/** The flow's `io.kestra.plugin.docker.Run` tasks of the shardgen image, with the day and secrets filled in. */
function kestraTasks(day: string, secrets: NodeJS.ProcessEnv): RunTask[] {
  const flow = parse(readFileSync(join(examples, 'kestra/shiny-rocks-daily.yaml'), 'utf8'));
  expect(flow.triggers[0]).toMatchObject({ cron: '0 10 * * *', backfill: { start: expect.any(String) } });
  const fill = (text: string): string =>
    text
      .replace(/\{\{ trigger\.date \?\? execution\.startDate \| date\('yyyy-MM-dd'\) \}\}/g, day)
      .replace(/\{\{ secret\('(\w+)'\) \}\}/g, (_, name: string) => secrets[name] ?? '');
  return flow.tasks.map(
    (t: { id: string; type: string; containerImage: string; commands: string[]; env: Record<string, string> }) => {
      expect([t.type, t.containerImage]).toEqual(['io.kestra.plugin.docker.Run', 'shardgen:latest']);
      return {
        id: t.id,
        commands: t.commands.map(fill),
        env: Object.fromEntries(Object.entries(t.env).map(([k, v]) => [k, fill(v)])),
      };
    },
  );
}

/** One execution of the flow for `day`: its tasks in order, each as the container would run it. */
async function execute(day: string): Promise<void> {
  const secrets = { ...store.env, DATABASE_URL: db.server.url };
  for (const task of kestraTasks(day, secrets)) {
    // The container's only other variable in a test: the local object store (Kestra would pass AWS_ENDPOINT_URL as a secret).
    const result = await runGen(task.commands, { env: { ...task.env, AWS_ENDPOINT_URL: store.env.AWS_ENDPOINT_URL } });
    expect(result.code, `${task.id} ${day}: ${result.stderr}`).toBe(0);
  }
}

async function postgresDigest(): Promise<unknown[]> {
  return db.rowsOf(
    `SELECT 'orders' AS t, count(*)::int AS n, md5(string_agg(o::text, ',' ORDER BY o::text)) AS h FROM orders o
     UNION ALL SELECT 'services', count(*)::int, md5(string_agg(s::text, ',' ORDER BY s::text)) FROM services s
     UNION ALL SELECT 'marketing_investments', count(*)::int, md5(string_agg(m::text, ',' ORDER BY m::text)) FROM marketing_investments m`,
  );
}

describe('examples/kestra: seed 004 daily run', () => {
  it('a backfill of three days, then a retried day: Postgres and the lake are as after the backfill', {
    timeout: 120_000,
  }, async () => {
    for (const day of ['2023-07-10', '2023-07-11', '2023-07-12']) await execute(day);
    const loaded = await postgresDigest();
    const keys = await store.keys('raw/', 'shiny-rocks-lake');
    expect(keys.filter((k) => k.startsWith('raw/manifest'))).toEqual([
      'raw/manifest.2023-07-10_2023-07-10.json',
      'raw/manifest.2023-07-11_2023-07-11.json',
      'raw/manifest.2023-07-12_2023-07-12.json',
    ]);
    expect(keys).toContain('raw/orders/year=2023/month=07/day=11/orders.csv.gz');
    const day11 = await store.get('raw/orders/year=2023/month=07/day=11/orders.csv.gz', 'shiny-rocks-lake');
    await execute('2023-07-11');
    expect(await postgresDigest()).toEqual(loaded);
    expect(await store.keys('raw/', 'shiny-rocks-lake')).toEqual(keys);
    expect(
      (await store.get('raw/orders/year=2023/month=07/day=11/orders.csv.gz', 'shiny-rocks-lake')).equals(day11),
    ).toBe(true);
    const runs = await db.rowsOf(`SELECT status FROM shardgen.runs`);
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
  });
});

describe("examples/prefect: seed 000's generate_data task", () => {
  it('its gen command writes the JSON array of records, the same bytes on a retry; the manifest says how many', {
    timeout: 60_000,
  }, async () => {
    const out = join(tempDir(), 'pipeline-7');
    const python = (code: string): string =>
      execFileSync(
        'python3',
        ['-c', `import sys, json; sys.path.insert(0, ${JSON.stringify(join(examples, 'prefect'))}); ${code}`],
        {
          env: { ...process.env, SHARDGEN_GEN: GEN },
          encoding: 'utf8',
        },
      );
    const argv = JSON.parse(
      python(
        `from gen_command import gen_command; print(json.dumps(gen_command(7, 1000, '2026-01-01', ${JSON.stringify(out)})))`,
      ),
    ) as string[];
    expect(argv[0]).toBe(GEN);
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await runGen(argv.slice(1));
      expect(result.code, result.stderr).toBe(0);
    }
    const summary = JSON.parse(
      python(`from gen_command import manifest_summary; print(json.dumps(manifest_summary(${JSON.stringify(out)})))`),
    );
    expect(summary).toEqual({ path: join(out, 'items.json'), rows: 1000, sha256: sha256File(join(out, 'items.json')) });
    // Python's own JSON reader: one array of the seed's records.
    const records = JSON.parse(
      python(
        `d = json.load(open(${JSON.stringify(join(out, 'items.json'))})); print(json.dumps([len(d), sorted(d[0].keys()), d[0]['id'], d[-1]['id']]))`,
      ),
    );
    expect(records).toEqual([1000, ['category', 'created_at', 'id', 'is_active', 'name', 'quantity', 'value'], 0, 999]);
  });
});
