import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/coordinator/generate.ts';
import { defineDataset } from '../../src/dataset/define.ts';
import { DatasetError, UsageError } from '../../src/errors.ts';
import { planRun } from '../../src/planner/run-plan.ts';
import { parseSchema, readSchemaFile } from '../../src/schema/schema-file.ts';
import { constraintName } from '../../src/sinks/postgres-ddl.ts';
import { DATE } from '../helpers/fixed.ts';
import { runGen, tempDir } from '../helpers/run.ts';

const oneTable = (name: string, column = 'id'): ReturnType<typeof defineDataset> =>
  defineDataset({
    name: 'one',
    version: 1,
    description: '',
    tables: [
      { name, defaultRows: 10, columns: [{ name: column, type: { kind: 'int64' }, generator: { kind: 'sequence' } }] },
    ],
  });

describe('input that could exhaust memory or the stack', () => {
  it('a choice of 200,000 values runs (no spread of the dictionary into a call)', async () => {
    const values = Array.from({ length: 200_000 }, (_, i) => `v${i}`);
    const dataset = defineDataset({
      name: 'wide-choice',
      version: 1,
      description: '',
      tables: [
        {
          name: 't',
          defaultRows: 100,
          columns: [{ name: 'c', type: { kind: 'utf8' }, generator: { kind: 'choice', values } }],
        },
      ],
    });
    let text = '';
    const stdout = new Writable({
      write: (chunk: Buffer, _e, done) => {
        text += chunk.toString();
        done();
      },
    });
    await generate({ dataset, out: '-', stdout, date: DATE, workers: 0 });
    expect(text.trim().split('\n')).toHaveLength(100);
  });

  it('/dev/zero as a schema file is refused after reading at most 4 MiB', () => {
    expect(() => readSchemaFile('/dev/zero')).toThrow(
      new DatasetError('the schema file /dev/zero is larger than 4 MiB; is --config the right file?'),
    );
  });

  it('duplicate keys are found (by a set per map, not pairwise) and named with their line', () => {
    expect(() => parseSchema('name: x\ntables:\n  t:\n    rows: 1\n    rows: 2\n', 'dup.yaml')).toThrow(
      'dup.yaml:5:5: duplicate key "rows"',
    );
  });

  it('a table of more than 1,600 columns is refused', () => {
    const columns = Array.from({ length: 1601 }, (_, i) => `      c${i}: { type: int64, generator: sequence }`).join(
      '\n',
    );
    expect(() => parseSchema(`name: x\ntables:\n  t:\n    rows: 1\n    columns:\n${columns}\n`, 'wide.yaml')).toThrow(
      'wide.yaml: tables.t.columns: 1601 columns; a table has at most 1600',
    );
  });
});

describe('errors found before any work, not after the load', () => {
  const url = 'postgres://me:s3cret@127.0.0.1:5432/db';
  it('names over 63 bytes are refused for Postgres (table, column, schema)', () => {
    const long = 'x'.repeat(64);
    expect(() => planRun({ dataset: oneTable(long), url })).toThrow(
      new UsageError(
        `table name "${long}" is 64 bytes long; Postgres names are at most 63 bytes (it would cut it): shorten it`,
      ),
    );
    expect(() => planRun({ dataset: oneTable('t', long), url })).toThrow(/column name "t\.x+" is 64 bytes long/);
    expect(() => planRun({ url, schema: 'é'.repeat(32) })).toThrow(/options\.schema "é+" is 64 bytes long/);
    expect(planRun({ dataset: oneTable(long), out: tempDir() }).slices).toHaveLength(1); // files take long names
  });

  it('constraint names stay within 63 bytes and distinct', () => {
    const table = 't'.repeat(60);
    const names = [constraintName(table, 'a_fkey'), constraintName(table, 'b_fkey'), constraintName('items', 'pkey')];
    expect(names[2]).toBe('items_pkey');
    expect(names.map((n) => Buffer.byteLength(n) <= 63)).toEqual([true, true, true]);
    expect(new Set(names).size).toBe(3);
  });

  it('URLs: scheme and port are usage errors, and the password is never shown', () => {
    expect(() => planRun({ url: 'postgres://me:s3cret@127.0.0.1:99999/db' })).toThrow(
      new UsageError(
        'options.url is not a valid URL: "postgres://me:***@127.0.0.1:99999/db"; write it as postgres://user:password@host:5432/database (a port is 1-65535)',
      ),
    );
    expect(() => planRun({ url: 'mysql://me@host/db' })).toThrow(
      'options.url must be a postgres:// or postgresql:// URL (got mysql://…): gen loads Postgres only',
    );
  });

  it('--scale 0 and a date that overflows the daily volume are usage errors that say so', async () => {
    expect(() => planRun({ dataset: 'retail', scale: 0 })).toThrow(/^options\.scale must be a positive number/);
    expect(() => planRun({ dataset: 'shiny-rocks', date: '9999-12-31', scale: 1e6 })).toThrow(
      /would have \d+ rows from 9999-12-31 to 9999-12-31/,
    );
    const cli = await runGen(['retail', '--scale', '0', '--dry-run']);
    expect(cli.code).toBe(2);
  });

  it('control characters in a message are escaped on the terminal', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/ctl.yaml`, 'name: x\ntables:\n  "a\\x1b[31mb":\n    rows: 1\n');
    const result = await runGen(['--config', `${dir}/ctl.yaml`, '--dry-run']);
    expect(result.stderr).toBe('gen: ctl.yaml: tables.a\\x1b[31mb.columns: must be a map of columns\n');
  });
});
