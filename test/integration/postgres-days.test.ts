import { describe, expect, it } from 'vitest';
import { checkOutput, type Finding } from '../../src/check/check-output.ts';
import { generate } from '../../src/coordinator/generate.ts';
import type { GenerateOptions } from '../../src/coordinator/options.ts';
import { findDataset } from '../../src/datasets/index.ts';
import { SinkError } from '../../src/errors.ts';
import { usePostgres } from '../helpers/postgres.ts';

const db = usePostgres();

/** Row count and an MD5 of every row (in text order) of each table of `dataset` in `schema`. */
async function digest(schema: string, dataset: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const table of findDataset(dataset).tables)
    out[table.name] = (
      await db.rowsOf(
        `SELECT count(*)::int AS n, md5(string_agg(t::text, ',' ORDER BY t::text)) AS h FROM ${schema}.${table.name} t`,
      )
    )[0];
  return out;
}

describe('idempotent days: --append --date D of a day the run log shows', () => {
  it.each([
    ['shiny-rocks', {}],
    ['retail', { scale: 'medium' }],
  ] as const)(
    '%s: a day loaded twice equals a day loaded once (key ranges deleted, composite keys upserted)',
    { timeout: 120_000 },
    async (dataset, more) => {
      const base: GenerateOptions = { dataset, ...more, url: db.server.url, seed: 7, workers: 2, mode: 'append' };
      for (const schema of ['once', 'twice']) {
        await db.admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
        await generate({ ...base, schema, date: '2026-03-02', days: 2 });
        await generate({ ...base, schema, date: '2026-03-03' });
      }
      const report = await generate({ ...base, schema: 'twice', date: '2026-03-03' });
      expect(report.tables.find((t) => t.name === 'orders')!.rows).toBeGreaterThan(100);
      expect(await digest('twice', dataset)).toEqual(await digest('once', dataset));
      const runs = await db.rowsOf(
        `SELECT status, options->'days' AS days FROM shardgen.runs WHERE target_schema = 'twice' AND schema_oid = 'twice'::regnamespace::oid::bigint ORDER BY started_at`,
      );
      expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
      // A retry of the two first days together (one of them loaded twice already) is the same again.
      await generate({ ...base, schema: 'twice', date: '2026-03-03', days: 3 });
      expect(await digest('twice', dataset)).toEqual(await digest('once', dataset));
      // gen check takes every load since the last replacing one, a day loaded again counted once.
      const found: Finding[] = [];
      const summary = await checkOutput({ url: db.server.url, schema: 'twice', onFinding: (f) => found.push(f) });
      expect(found).toEqual([]);
      const orders = (await digest('twice', dataset)).orders as { n: number };
      expect(summary.tables.find((t) => t.name === 'orders')!.rows).toBe(orders.n);
    },
  );

  it('without a run log to say so, a day already there is still a key clash that loads nothing', async () => {
    const base: GenerateOptions = {
      dataset: 'shiny-rocks',
      url: db.server.url,
      seed: 7,
      workers: 0,
      mode: 'append',
      runLog: false,
    };
    await db.admin.query('DROP SCHEMA IF EXISTS nolog CASCADE; CREATE SCHEMA nolog');
    await generate({ ...base, schema: 'nolog', date: '2026-03-03' });
    const before = await digest('nolog', 'shiny-rocks');
    await expect(generate({ ...base, schema: 'nolog', date: '2026-03-03' })).rejects.toThrow(SinkError);
    await expect(generate({ ...base, schema: 'nolog', date: '2026-03-03' })).rejects.toThrow(
      /already exists; nothing was loaded/,
    );
    expect(await digest('nolog', 'shiny-rocks')).toEqual(before);
  });
});
