import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATE } from '../helpers/fixed.ts';
import { type RunGenOptions, runGen, tempDir } from '../helpers/run.ts';
import { BUCKET, useS3 } from '../helpers/s3.ts';

const store = useS3();

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => relative(dir, join(dir, f)))
    .sort();
}

/** Runs gen against the test store; `onStderr` as in `runGen`. */
const gen = (args: string[], onStderr?: RunGenOptions['onStderr']) =>
  runGen(args, { env: store.env, ...(onStderr === undefined ? {} : { onStderr }) });

describe('--out s3://bucket/prefix/ (against s3rver on a local port)', () => {
  it.each([
    ['retail', '--scale', 'small', '--days', '2'],
    ['shiny-rocks', '--days', '3', '--partition-by', 'day', '--format', 'csv', '--compress', 'gzip'],
    ['--rows', '400000', '--shard', '1/2', '--format', 'parquet'],
  ])('objects are the local run byte for byte, the manifest last: %s %s %s', { timeout: 60_000 }, async (...args) => {
    const prefix = `run-${args.join('-').replace(/[^a-z0-9]+/gi, '-')}/`;
    const common = [...args, '--date', DATE, '--seed', '4', '-q'];
    const local = tempDir();
    expect((await gen([...common, '--out', local])).code).toBe(0);
    const result = await gen([...common, '--out', `s3://${BUCKET}/${prefix}`]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const files = filesUnder(local);
    expect(await store.keys(prefix)).toEqual(files.map((f) => `${prefix}${f}`));
    for (const file of files.filter((f) => !f.startsWith('manifest')))
      expect((await store.get(`${prefix}${file}`)).equals(readFileSync(join(local, file))), file).toBe(true);
    const manifest = JSON.parse(
      (await store.get(`${prefix}${files.find((f) => f.startsWith('manifest'))}`)).toString(),
    );
    const localManifest = JSON.parse(readFileSync(join(local, files.find((f) => f.startsWith('manifest'))!), 'utf8'));
    const digest = (m: { tables: { file: string; checksum: string }[] }) => m.tables.map((t) => [t.file, t.checksum]);
    expect(digest(manifest)).toEqual(digest(localManifest));
  });

  it("replaces its own objects, and refuses an object that is not gen's unless --force", async () => {
    const prefix = 'mine/';
    const out = `s3://${BUCKET}/${prefix}`;
    expect((await gen(['--rows', '1000', '--date', DATE, '-q', '--out', out])).code).toBe(0);
    expect((await gen(['--rows', '2000', '--date', DATE, '-q', '--out', out])).code, 'listed in its manifest').toBe(0);
    expect((await store.get(`${prefix}items.ndjson`)).toString().split('\n').length).toBe(2001);
    await store.put('theirs/items.ndjson', Buffer.from('someone else\n'));
    const refused = await gen(['--rows', '10', '-q', '--out', `s3://${BUCKET}/theirs/`]);
    expect([refused.code, refused.stderr]).toEqual([
      1,
      expect.stringMatching(
        /s3:\/\/shardgen-test\/theirs\/items.ndjson exists, and no gen manifest under .* lists it: .*--force/,
      ),
    ]);
    expect((await store.get('theirs/items.ndjson')).toString()).toBe('someone else\n');
    expect((await gen(['--rows', '10', '-q', '--force', '--out', `s3://${BUCKET}/theirs/`])).code).toBe(0);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s mid-upload leaves no object under the prefix',
    { timeout: 60_000 },
    async (signal) => {
      const prefix = `stopped-${signal}/`;
      let sent = false;
      const result = await gen(
        ['--rows', '5M', '--progress', 'json', '-w', '2', '--out', `s3://${BUCKET}/${prefix}`],
        (text, child) => {
          if (!sent && text.includes('"event":"progress"')) {
            sent = true;
            child.kill(signal);
          }
        },
      );
      expect(sent).toBe(true);
      expect(result.code).toBe(signal === 'SIGINT' ? 130 : 143);
      // With --progress json the error is a JSON event.
      expect(result.stderr).toMatch(
        new RegExp(`"event":"error","code":"aborted","message":"interrupted by ${signal}; nothing was committed`),
      );
      expect(await store.keys(prefix)).toEqual([]);
    },
  );

  it('a store that fails mid-upload: one line, exit 1, and nothing under the prefix once it is back', {
    timeout: 90_000,
  }, async () => {
    const prefix = 'failed/';
    let stopped: Promise<void> | undefined;
    const result = await gen(
      ['--rows', '5M', '--progress', 'json', '-w', '2', '--out', `s3://${BUCKET}/${prefix}`],
      (text) => {
        if (stopped === undefined && text.includes('"event":"progress"')) stopped = store.stop();
      },
    );
    await stopped;
    await store.start();
    expect(result.code).toBe(1);
    // One error, as a JSON event (--progress json), and no other line that is not one.
    const errors = result.stderr.split('\n').filter((l) => l.includes('"event":"error"') || l.startsWith('gen:'));
    expect(errors).toEqual([
      expect.stringMatching(
        /^\{"event":"error","code":"sink","message":"s3:\/\/shardgen-test\/failed\/.*cannot reach the object store/,
      ),
    ]);
    expect(await store.keys(prefix)).toEqual([]);
  });

  it('names what is wrong: a bad URL, a missing bucket', async () => {
    expect((await gen(['--rows', '10', '--out', 's3://Bad_Bucket/x', '--dry-run'])).stderr).toMatch(
      /--out s3:\/\/Bad_Bucket\/x: give s3:\/\/BUCKET\/PREFIX\/ with a valid bucket name/,
    );
    const missing = await gen(['--rows', '10', '-q', '--out', 's3://no-such-bucket/x/']);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/NoSuchBucket/)]);
  });
});
