import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutput, type Finding } from '../../src/check/check-output.ts';
import { generate } from '../../src/coordinator/generate.ts';
import { foreignKeys } from '../../src/dataset/types.ts';
import { findDataset } from '../../src/datasets/index.ts';
import { looseConstraints } from '../../src/dirty/defects.ts';
import { AbortedError } from '../../src/errors.ts';
import { planRun } from '../../src/planner/run-plan.ts';
import { type Defect, defectCounts } from '../helpers/defect-counts.ts';
import { DATE } from '../helpers/fixed.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { runGen, tempDir } from '../helpers/run.ts';

const db = usePostgres();

describe('--dirty into Postgres', () => {
  it('loads the defects a Parquet run lists, leaving out exactly the constraints they may break', async () => {
    const run = { dataset: 'retail', scale: 'medium', days: 3, seed: 6, date: DATE, workers: 2, dirty: 0.005 } as const;
    await db.admin.query('CREATE SCHEMA dirty');
    await generate({ ...run, url: db.server.url, schema: 'dirty' });
    const files = tempDir();
    // Parquet, like the database, stores dates typed: no malformed dates, so the same defects.
    await generate({ ...run, out: files, format: 'parquet' });
    const truth = readFileSync(join(files, 'defects.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Defect);
    const loaded = (await db.rowsOf('SELECT defect FROM dirty.shardgen_defects')).map((r) => r.defect as Defect);
    const label = (d: Defect | Finding): string => JSON.stringify([d.table, d.column, d.kind, d.key]);
    expect(loaded.map(label).sort()).toEqual(truth.map(label).sort());
    // gen check on the load finds exactly them.
    const found: Finding[] = [];
    await checkOutput({ url: db.server.url, schema: 'dirty', onFinding: (f) => found.push(f) });
    expect(found.map(label).sort()).toEqual(truth.map(label).sort());
    // In the tables: each kind's rows counted by SQL equal its defects.
    const retail = findDataset('retail');
    for (const { what, sql, expected } of defectCounts(retail, truth, (t) => `dirty.${t}`))
      expect((await db.rowsOf(sql))[0]!.n, what).toBe(expected);
    expect(new Set(truth.map((d) => d.kind)).size).toBe(6);
    // The constraints: every key and foreign key but those the defects may break; NOT NULL likewise.
    const plan = planRun({ ...run, url: db.server.url, schema: 'dirty' });
    const loose = looseConstraints(plan.dataset.tables, 6, plan.dirty!);
    const constraints = await db.rowsOf(
      `SELECT conrelid::regclass::text AS t, contype, conname FROM pg_constraint WHERE connamespace = 'dirty'::regnamespace AND contype IN ('p', 'f') AND conrelid::regclass::text NOT LIKE 'dirty.shardgen%'`,
    );
    const tables = retail.tables.map((t) => t.name);
    expect(
      constraints
        .filter((c) => c.contype === 'p')
        .map((c) => String(c.t).replace('dirty.', ''))
        .sort(),
    ).toEqual(tables.filter((t) => !loose.primaryKeys.has(t)).sort());
    const fks = retail.tables.flatMap((t) => foreignKeys(t).map((f) => `${t.name}.${f.column}`));
    expect(constraints.filter((c) => c.contype === 'f').length).toBe(
      fks.filter((f) => !loose.foreignKeys.has(f)).length,
    );
    expect(loose.primaryKeys.size).toBeGreaterThan(0);
    const nullable = await db.rowsOf(
      `SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = 'dirty' AND is_nullable = 'YES' AND table_name NOT LIKE 'shardgen%'`,
    );
    const declared = retail.tables.flatMap((t) =>
      t.columns
        .filter((c) => (c.nullRate ?? 0) > 0 || c.nullable === true || c.nullWhen !== undefined)
        .map((c) => `${t.name}.${c.name}`),
    );
    const expectedNullable = new Set([...declared, ...loose.notNull]);
    expect(nullable.map((r) => r.c).sort()).toEqual([...expectedNullable].sort());
  });

  it('an interrupted dirty load leaves neither the defects table nor any staging table', async () => {
    await db.admin.query('CREATE SCHEMA cut');
    const controller = new AbortController();
    const run = generate({
      dataset: 'retail',
      scale: 'medium',
      days: 3,
      date: DATE,
      workers: 2,
      url: db.server.url,
      schema: 'cut',
      dirty: 0.01,
      signal: controller.signal,
      onEvent: (e) => e.type === 'table-done' && controller.abort('SIGINT'),
    });
    await expect(run).rejects.toThrow(AbortedError);
    expect(await db.leftovers()).toEqual([]);
    // Not even the run log: it lives in gen's own schema, where the run is recorded as failed.
    expect(await db.rowsOf(`SELECT tablename FROM pg_tables WHERE schemaname = 'cut'`)).toEqual([]);
    expect(await db.rowsOf(`SELECT status FROM shardgen.runs WHERE target_schema = 'cut'`)).toEqual([
      { status: 'failed' },
    ]);
  });

  it('gen check on a clean load finds nothing; a row changed, deleted or added is found', async () => {
    await db.admin.query('CREATE SCHEMA clean');
    await generate({
      dataset: 'shiny-rocks',
      days: 20,
      seed: 2,
      date: DATE,
      workers: 2,
      url: db.server.url,
      schema: 'clean',
    });
    const check = async (): Promise<Finding[]> => {
      const found: Finding[] = [];
      await checkOutput({ url: db.server.url, schema: 'clean', onFinding: (f) => found.push(f) });
      return found;
    };
    expect(await check()).toEqual([]);
    await db.admin.query(
      'UPDATE clean.orders SET user_id = user_id + 1000000 WHERE order_id = (SELECT min(order_id) + 4 FROM clean.orders)',
    );
    await db.admin.query(
      'DELETE FROM clean.payments WHERE payment_id = (SELECT min(payment_id) + 6 FROM clean.payments)',
    );
    await db.admin.query(
      'INSERT INTO clean.platforms SELECT platform_id + 100, name, order_share FROM clean.platforms LIMIT 1',
    );
    const first = async (table: string, key: string): Promise<number> =>
      Number((await db.rowsOf(`SELECT min(${key})::int AS k FROM clean.${table}`))[0]!.k);
    expect((await check()).map((f) => [f.table, f.column, f.kind, f.key])).toEqual([
      ['platforms', null, 'extra_rows', 101],
      ['orders', 'user_id', 'out_of_range', (await first('orders', 'order_id')) + 4],
      ['payments', null, 'missing_rows', (await first('payments', 'payment_id')) + 6],
    ]);
  });

  it('says which constraints it leaves out; refuses --append', async () => {
    await db.admin.query('CREATE SCHEMA dirty2');
    const load = ['transactions', '--url', db.server.url, '--schema', 'dirty2', '--dirty', '0.01'];
    const result = await runGen([...load, '--rows', '2000', '-q']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /--dirty: left out, since the defects may break them: NOT NULL on .*primary keys of .*foreign keys of/,
    );
    const append = await runGen([...load, '--append']);
    expect([append.code, append.stderr]).toEqual([
      2,
      expect.stringMatching(/--dirty loads Postgres by replacing the tables/),
    ]);
  });
});
