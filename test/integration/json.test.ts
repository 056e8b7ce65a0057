import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/coordinator/generate.ts';
import type { GenerateOptions } from '../../src/coordinator/options.ts';
import { DATE } from '../helpers/fixed.ts';
import { sha256File, tempDir } from '../helpers/run.ts';

/** `--format json`: one JSON array per file, read by Python's json module (a reader that shares no code). */
const dir = tempDir('shardgen-json-');
let n = 0;
const run = async (options: GenerateOptions): Promise<string> =>
  (await generate({ rows: 50_000, seed: 3, date: DATE, out: join(dir, String(n++)), ...options })).tables[0]!.path!;
const python = (path: string): unknown[] =>
  JSON.parse(
    execFileSync('python3', ['-c', 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))', path], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    }),
  );

describe('--format json', () => {
  it('is one array of the NDJSON rows, byte-identical for any workers and chunk size', async () => {
    const paths = [
      await run({ format: 'json', workers: 2 }),
      await run({ format: 'json', workers: 1, chunkRows: 777 }),
      await run({ format: 'json', workers: 2, chunkRows: 1 }),
    ];
    expect(new Set(paths.map(sha256File)).size).toBe(1);
    const ndjson = readFileSync(await run({ format: 'ndjson' }), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(python(paths[0]!)).toEqual(ndjson);
  });

  it('each shard is an array of its own; together they hold the whole run', async () => {
    const whole = python(await run({ format: 'json' }));
    const out = join(dir, 'shards');
    const parts: unknown[] = [];
    for (const index of [0, 1, 2]) {
      const report = await generate({
        rows: 50_000,
        seed: 3,
        date: DATE,
        out,
        format: 'json',
        shard: { index, count: 3 },
      });
      parts.push(...python(report.tables[0]!.path!));
    }
    expect(parts).toEqual(whole);
    expect(python(await run({ format: 'json', rows: 0 }))).toEqual([]);
  });
});
