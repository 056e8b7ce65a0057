import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGen, tempDir } from '../helpers/run.ts';

/*
 * The schema files of examples/schemas, each run as its header says (smaller), with two workers, and
 * checked by gen check against the same file: a schema a newcomer copies works as written.
 */

const dir = tempDir('shardgen-examples-');
const SCHEMAS = new URL('../../examples/schemas/', import.meta.url).pathname;

/** A small run of each example: its own sizing flags, scaled down. */
const SIZES: Readonly<Record<string, readonly string[]>> = {
  'shop.yaml': ['--scale', '0.1'],
  'saas.yaml': ['--rows', '6000'],
  'events.yaml': ['--days', '2', '--date', '2025-03-02'],
};

describe('examples/schemas', () => {
  it('holds the files this test knows', () => {
    expect(readdirSync(SCHEMAS).sort()).toEqual(Object.keys(SIZES).sort());
  });

  it.each(Object.keys(SIZES))('%s makes its tables, and gen check finds nothing', async (name) => {
    const file = join(SCHEMAS, name);
    const out = join(dir, name);
    const made = await runGen(['--config', file, ...SIZES[name]!, '--workers', '2', '--out', out, '-q']);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.ndjson')).length).toBeGreaterThanOrEqual(2);
    const check = await runGen(['check', out, '--config', file]);
    expect(`${check.stdout}`).toMatch(/every byte as gen makes it/);
    expect(check.code).toBe(0);
  });
});
