import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP } from '../../src/cli/help.ts';
import { DATE } from '../helpers/fixed.ts';
import { checksumFile, listFiles, runGen, sha256File, tempDir } from '../helpers/run.ts';

const dir = tempDir();
let n = 0;
const fresh = (): string => join(dir, `cli-${n++}`);

/** One line on stderr, starting with "gen: ", and no stack trace. */
function expectOneLineError(stderr: string, message: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^gen: /);
  expect(lines[0]).toMatch(message);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('gen CLI: schema files and relational datasets', () => {
  it('describe --format yaml writes a schema file that --config reads back to the same output', async () => {
    const described = await runGen(['describe', 'retail', '--format', 'yaml']);
    expect(described.code).toBe(0);
    const file = join(dir, 'retail.yaml');
    writeFileSync(file, described.stdout);
    const [a, b] = [fresh(), fresh()];
    for (const [args, out] of [
      [['retail'], a],
      [['--config', file], b],
    ] as const) {
      const result = await runGen([...args, '--date', DATE, '--days', '2', '--out', out, '-q']);
      expect(result.stderr).toBe('');
    }
    for (const table of ['orders', 'order_items', 'inventory_snapshots'])
      expect(sha256File(join(b, `${table}.ndjson`)), table).toBe(sha256File(join(a, `${table}.ndjson`)));
  });

  it('a broken schema file: one line naming the file and path, exit 1', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      'name: x\ntables:\n  t:\n    rows: 5\n    columns:\n      id: { type: int64, generator: reference, table: nope }\n',
    );
    const result = await runGen(['--config', file]);
    expect(result.code).toBe(1);
    expectOneLineError(result.stderr, /^gen: broken\.yaml: tables\.t\.columns\.id: references unknown table "nope"$/);
  });

  it('a problem that only the sizes of the run show still names the file and its words', async () => {
    const file = join(dir, 'sized.yaml');
    writeFileSync(
      file,
      'name: x\ntables:\n  t:\n    rows: 10\n    columns:\n      code: { type: int64, generator: int, min: 1, max: 50, unique: true }\n',
    );
    expect((await runGen(['--config', file, '--dry-run'])).code).toBe(0);
    const result = await runGen(['--config', file, '--rows', '100', '--dry-run']);
    expect(result.code).toBe(1);
    expectOneLineError(
      result.stderr,
      /^gen: sized\.yaml: tables\.t\.columns\.code: unique needs 100 different values but min\.\.max holds 50: widen the range$/,
    );
  });

  it('stdout takes one table: several are refused naming --tables; --tables picks them, sized as in a whole run', async () => {
    const retail = ['retail', '--scale', 'small', '--days', '1', '--date', DATE, '-q'];
    const refused = await runGen([...retail.slice(0, -1), '--out', '-']);
    expect(refused.code).toBe(2);
    expectOneLineError(refused.stderr, /retail has 7 tables and stdout holds one: pick it with --tables \w+/);
    const one = await runGen([...retail, '--out', '-', '--tables', 'orders']);
    expect(one.code).toBe(0);
    const whole = fresh();
    await runGen([...retail, '--out', whole]);
    expect(one.stdout.toString()).toBe(readFileSync(join(whole, 'orders.ndjson'), 'utf8'));
    const picked = fresh();
    const two = await runGen([...retail, '--out', picked, '--tables', 'stores,orders']);
    expect(two.code).toBe(0);
    expect(listFiles(picked)).toEqual(['manifest.json', 'orders.ndjson', 'stores.ndjson']);
    expectOneLineError(
      (await runGen(['retail', '--tables', 'nope', '--out', fresh()])).stderr,
      /retail has no table "nope"; its tables: stores, /,
    );
    expectOneLineError(
      (await runGen(['retail', '--tables', 'orders', '--url', 'postgres://u@127.0.0.1:1/db'])).stderr,
      /--tables does not apply to .*, which takes every table so that references find their parents/,
    );
  });

  it('describe shows keys and row counts at the chosen scale and days', async () => {
    const result = await runGen(['describe', 'retail', '--scale', 'large', '--date', DATE, '--days', '14']);
    const text = result.stdout.toString();
    expect(text).toContain('table stores: 200 rows');
    expect(text).toContain('table inventory_snapshots: 14,000,000 rows, one per stores × products × day');
    expect(text).toContain('  order_id → orders');
    expect(text).toContain('  primary key (snapshot_date, store_id, product_id)');
  });
});

describe('gen CLI', () => {
  it('gen list fits an 80-column terminal and names every dataset and table', async () => {
    const result = await runGen(['list']);
    expect(result.code).toBe(0);
    const text = result.stdout.toString();
    expect(Math.max(...text.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(80);
    for (const name of ['items', 'transactions', 'retail', 'catalog', 'shiny-rocks'])
      expect(text).toMatch(new RegExp(`^${name} \\(version \\d+\\)$`, 'm'));
    expect(text).toMatch(
      /tables: stores, products, customers, promotions, orders, order_items,\n {2}inventory_snapshots/,
    );
  });

  it('gen help is gen --help', async () => {
    const help = await runGen(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout.toString()).toBe(`${HELP.trimEnd()}\n`);
  });

  it('--help lists every flag and examples, exit 0', async () => {
    const result = await runGen(['--help']);
    expect(result.code).toBe(0);
    const text = result.stdout.toString();
    expect(text).toBe(`${HELP.trimEnd()}\n`);
    for (const flag of [
      '--rows',
      '--workers',
      '--seed',
      '--date',
      '--format',
      '--out',
      '--shard',
      '--dry-run',
      '--progress',
      '--quiet',
      '--debug',
    ])
      expect(text).toContain(flag);
  });

  it('makes 100 rows: a file of 100 lines and a manifest that describes it', async () => {
    const out = fresh();
    const result = await runGen(['--rows', '100', '--seed', '7', '--date', DATE, '--out', out, '--quiet']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(listFiles(out)).toEqual(['items.ndjson', 'manifest.json']);
    const lines = readFileSync(join(out, 'items.ndjson'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(100);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    // The version as package.json says: the bundled CLI finds it from dist/src/cli/ (src/version.ts).
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(manifest).toMatchObject({
      tool: { name: 'shardgen', version },
      dataset: { name: 'items', version: 1 },
      seed: 7,
      date: DATE,
      format: 'ndjson',
      shard: null,
      options: { rows: 100, workers: 0 },
      tables: [
        {
          name: 'items',
          file: 'items.ndjson',
          rows: 100,
          rowStart: 0,
          rowEnd: 100,
          checksum: checksumFile(join(out, 'items.ndjson')),
        },
      ],
    });
    expect(manifest.wallMs).toBeGreaterThanOrEqual(0);
  });

  it('writes CSV with a header, sharded files with shard names, a summary on stderr', async () => {
    const out = fresh();
    const result = await runGen([
      '--rows',
      '1000',
      '--format',
      'csv',
      '--shard',
      '1/4',
      '--date',
      DATE,
      '--out',
      out,
      '--progress',
      'none',
    ]);
    expect(result.code).toBe(0);
    expect(listFiles(out)).toEqual(['items.shard-1-of-4.csv', 'manifest.shard-1-of-4.json']);
    const text = readFileSync(join(out, 'items.shard-1-of-4.csv'), 'utf8');
    expect(text.split('\n')[0]).toMatch(/^250,Item 250,[ABCD],/); // no header in shards after the first
    expect(result.stderr).toMatch(/items\s+250\s/);
    const first = await runGen([
      '--rows',
      '1000',
      '--format',
      'csv',
      '--shard',
      '0/4',
      '--date',
      DATE,
      '--out',
      out,
      '-q',
    ]);
    expect(first.code).toBe(0);
    expect(readFileSync(join(out, 'items.shard-0-of-4.csv'), 'utf8').split('\n')[0]).toBe(
      'id,name,category,value,quantity,is_active,created_at',
    );
  });

  it('--out - writes to stdout; a reader that stops early is not an error', async () => {
    const result = await runGen(['--rows', '10', '--seed', '42', '--date', DATE, '--out', '-', '-q']);
    expect(result.code).toBe(0);
    expect(
      result.stdout
        .toString()
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const piped = await runGen(['--rows', '5M', '--out', '-'], { closeStdoutEarly: true });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout.length).toBeLessThan(50_000_000);
  });

  it('--checksum sha256 gives what sha256sum prints; --no-checksum leaves the checksum out', async () => {
    const manifestOf = async (flags: string[]) => {
      const out = fresh();
      // 200k rows: a pool, so the hash thread's checksum is the one tested
      const result = await runGen(['--rows', '200k', '-w', '2', ...flags, '--out', out, '-q']);
      expect(result.code, result.stderr).toBe(0);
      return { out, manifest: JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) };
    };
    const sha = await manifestOf(['--checksum', 'sha256']);
    expect(sha.manifest.options.checksum).toBe('sha256');
    expect(sha.manifest.tables[0].checksum).toBe(checksumFile(join(sha.out, 'items.ndjson'), 'sha256'));
    const none = await manifestOf(['--no-checksum']);
    expect(none.manifest.options.checksum).toBe('none');
    expect(none.manifest.tables[0].checksum).toBeNull();
    const xxh = await manifestOf([]);
    expect(xxh.manifest.options.checksum).toBe('xxh128');
    expect(xxh.manifest.tables[0].checksum).toBe(checksumFile(join(xxh.out, 'items.ndjson')));
    const bad = await runGen(['--rows', '10', '--checksum', 'md5', '--out', fresh()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('gen: --checksum must be one of xxh128, sha256, none (got "md5") (see gen --help)\n');
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    const out = fresh();
    const result = await runGen(['--rows', '1e8', '--dry-run', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toMatch(/items\s+100,000,000/);
    expect(() => readdirSync(out)).toThrow();
  });

  it('--progress json writes one JSON object per line on stderr', async () => {
    const result = await runGen(['--rows', '300k', '--progress', 'json', '--out', fresh(), '-w', '2']);
    expect(result.code).toBe(0);
    const events = result.stderr
      .trimEnd()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ event: 'start', workers: 2 });
    expect(events.some((e) => e.event === 'progress' && e.rows === 300_000 && e.total === 300_000)).toBe(true);
    expect(events.at(-2)).toMatchObject({ event: 'table-done', name: 'items', rows: 300_000 });
    // The summary is the stream's last JSON object, not a human table.
    expect(events.at(-1)).toMatchObject({ event: 'done', dataset: { name: 'items' }, tables: [{ rows: 300_000 }] });
  });

  it.each<[string[], RegExp]>([
    [['--rows', '-5'], /--rows must be a whole number/],
    [['--rows', 'abc'], /--rows must be a whole number/],
    [['--workers', '0'], /--workers must be a whole number from 1 to 256/],
    [['--workers', '999999'], /--workers must be a whole number from 1 to 256/],
    [['--shard', '5/4'], /--shard must be i\/n/],
    [['--bogus'], /unknown option --bogus/],
    [['--format', 'xml'], /--format must be one of ndjson, csv/],
    [['nosuchdataset'], /unknown dataset "nosuchdataset"/],
    [['--date', 'yesterday'], /--date must be a calendar date/],
  ])('bad usage %j: one line, exit 2, nothing written', async (args, message) => {
    const out = fresh();
    const result = await runGen([...args, '--out', out]);
    expect(result.code).toBe(2);
    expectOneLineError(result.stderr, message);
    expect(() => readdirSync(out)).toThrow();
  });

  it('--progress json: an error is a JSON event too, with its exit code', async () => {
    const result = await runGen(['--rows', '-5', '--progress', 'json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr.trim())).toEqual({
      event: 'error',
      code: 'usage',
      message: expect.stringMatching(/^--rows must be a whole number/),
      exitCode: 2,
    });
  });

  it('--out data.csv (a file name that is not there) is refused: gen writes a directory', async () => {
    const out = join(fresh(), 'data.csv');
    const result = await runGen(['--rows', '10', '--out', out]);
    expect(result.code).toBe(2);
    expectOneLineError(
      result.stderr,
      /data\.csv looks like a file name, but gen writes a directory of files .*--out .*\/data\/, or - for stdout/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('gen check of a folder that is not there: one line saying so and what check takes, exit 2', async () => {
    const result = await runGen(['check', join(fresh(), 'nowhere')]);
    expect(result.code).toBe(2);
    expectOneLineError(
      result.stderr,
      /nowhere: no such directory; gen check takes the --out folder of a gen run, or --url URL/,
    );
  });

  it('an unwritable --out: one line naming the path and the fix, exit 1', async () => {
    const result = await runGen(['--rows', '10', '--out', join(GEN_FILE, 'sub')]);
    expect(result.code).toBe(1);
    expectOneLineError(
      result.stderr,
      /cannot create directory .*: a part of the path is a file, not a directory; choose another --out \(ENOTDIR\)/,
    );
  });

  it('a full disk (stdout on /dev/full): one line, exit 1', async () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const result = await runGen(['--rows', '1000', '--out', '-', '-q'], { stdio: fd });
      expect(result.code).toBe(1);
      expectOneLineError(result.stderr, /cannot write to stdout: no space left on the device/);
    } finally {
      closeSync(fd);
    }
  });

  it('--debug adds the stack trace', async () => {
    const result = await runGen(['--rows', '10', '--out', join(GEN_FILE, 'sub'), '--debug']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it.each([
    ['SIGINT', 130, 'ndjson'],
    ['SIGTERM', 143, 'ndjson'],
    ['SIGINT', 130, 'parquet'],
  ] as const)('%s mid-run: exit %i, no file left, not even a temp file (%s)', async (signal, code, format) => {
    const out = fresh();
    let sent = false;
    const result = await runGen(['--rows', '20M', '--format', format, '--progress', 'json', '--out', out, '-w', '2'], {
      onStderr: (text, child) => {
        if (!sent && text.includes('"event":"progress"')) {
          sent = true;
          child.kill(signal);
        }
      },
    });
    expect(sent).toBe(true);
    // A process that dies of a signal has no code: say which signal, and what it printed last.
    expect(result.code, `signal ${result.signal}, stderr ends: ${result.stderr.slice(-400)}`).toBe(code);
    // With --progress json the error is a JSON event too.
    const last = JSON.parse(result.stderr.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(last).toMatchObject({ event: 'error', code: 'aborted', exitCode: code });
    expect(last.message).toMatch(new RegExp(`^interrupted by ${signal}; nothing was committed`));
    expect(existsSync(out), 'the directory the run made is removed too').toBe(false);
  });

  it('two quick SIGTERMs: the second does not cut the cleanup short; no temp file is left', async () => {
    const out = fresh();
    let sent = false;
    const result = await runGen(['--rows', '20M', '--progress', 'json', '--out', out, '-w', '2'], {
      onStderr: (text, child) => {
        if (sent || !text.includes('"event":"progress"')) return;
        sent = true;
        child.kill('SIGTERM');
        child.kill('SIGTERM');
      },
    });
    expect(result.code).toBe(143);
    expect(existsSync(out), 'the directory the run made is removed too').toBe(false);
  });
});

/** A path that is a file, so that a directory under it cannot be created. */
const GEN_FILE = new URL('../../package.json', import.meta.url).pathname;
