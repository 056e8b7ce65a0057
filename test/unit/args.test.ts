import { describe, expect, it } from 'vitest';
import { parseCommandLine, parseCount } from '../../src/cli/args.ts';
import { UsageError } from '../../src/errors.ts';
import { readResources } from '../../src/planner/resources.ts';
import { planRun } from '../../src/planner/run-plan.ts';
import { datasetFromSchema } from '../../src/schema/schema-document.ts';
import { suggest } from '../../src/suggest.ts';

describe('command line', () => {
  it.each([
    ['1000', 1000],
    ['1e7', 1e7],
    ['10M', 1e7],
    ['10m', 1e7],
    ['2.5k', 2500],
    ['10_000_000', 1e7],
    ['1,000', 1000],
    ['0', 0],
    ['1B', 1e9],
  ])('parses the count %s', (text, value) => {
    expect(parseCount(text)).toBe(value);
  });

  it.each(['-5', 'abc', '1.5', '1e', '', '10X', '1e400'])('rejects the count %j', (text) => {
    expect(parseCount(text)).toBeNaN();
  });

  it('builds generate options from flags', () => {
    const command = parseCommandLine([
      'items',
      '--rows',
      '10M',
      '--seed',
      '42',
      '--date',
      '2026-01-01',
      '-f',
      'csv',
      '-o',
      '-',
      '--shard',
      '2/4',
      '-w',
      '2',
    ]);
    expect(command).toEqual({
      kind: 'generate',
      dryRun: false,
      progress: 'auto',
      quiet: false,
      options: {
        dataset: 'items',
        rows: 1e7,
        seed: 42,
        date: '2026-01-01',
        format: 'csv',
        out: '-',
        shard: { index: 2, count: 4 },
        workers: 2,
      },
    });
  });

  it.each<[string[], RegExp]>([
    [['--rows', '-5'], /^--rows must be a whole number .*\(got "-5"\)$/],
    [['--rows', 'abc'], /^--rows must be a whole number .*\(got "abc"\)$/],
    [['--force=yes'], /^--force takes no value$/],
    [['--out', '--rows', '5'], /^--out needs a value$/],
    [['--rows'], /^--rows needs a value$/],
    [['--shard', '5/4'], /^--shard must be i\/n/],
    [['--shard', '1'], /^--shard must be i\/n/],
    [['--frmat', 'csv'], /^unknown option --frmat; did you mean --format\?$/],
    [['--progress', 'loud'], /^--progress must be one of auto, bar, log, json, none/],
    [['a', 'b'], /^unexpected argument "b"/],
    [['describe'], /^describe needs one dataset name/],
  ])('rejects %j with one line naming the flag', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });

  it.each<[Record<string, unknown>, RegExp]>([
    [{ workers: 0 }, /^--workers must be a whole number from 1 to 256/],
    [{ workers: 999_999 }, /^--workers must be a whole number from 1 to 256/],
    [{ format: 'xml' }, /^--format must be one of ndjson, csv, parquet, pg, json \(got "xml"\)$/],
    [{ date: '2026-02-30' }, /^--date must be a calendar date/],
    [{ dataset: 'nope' }, /^unknown dataset "nope"/],
    [{ chunkRows: 0 }, /^--chunk-rows must be/],
  ])('checks the range of %j and names the flag', (options, message) => {
    expect(() => planRun(options, 'flag')).toThrow(message);
  });

  it('names library options as options.x, and lets the library run inline with workers: 0', () => {
    expect(() => planRun({ rows: -1 })).toThrow(/^options\.rows must be/);
    expect(planRun({ rows: 10, workers: 0 }).workers).toBe(0);
  });

  it('runs tiny jobs without a pool whatever --workers says', () => {
    expect(planRun({ rows: 100, workers: 4 }).workers).toBe(0);
    expect(planRun({ rows: 1e6, workers: 4, cpus: 4 }).workers).toBe(4);
    // At most one worker per CPU: more only take turns, and the output never depends on it.
    expect(planRun({ rows: 1e6, workers: 8, cpus: 2 }).workers).toBe(2);
    expect(planRun({ rows: 1e6, workers: 8 }).workers).toBe(Math.min(8, readResources().cpus));
  });
});

describe('gen init flags', () => {
  it('takes --url, --schema (a list) or --all-schemas, --include, --exclude, --profile, --out, --date, --force', () => {
    expect(
      parseCommandLine(['init', '--url', 'postgres://h/db', '--schema', 'billing', '--profile', '--out', 'b.yaml']),
    ).toEqual({
      kind: 'init',
      url: 'postgres://h/db',
      schemas: ['billing'],
      profile: true,
      out: 'b.yaml',
      force: false,
      quiet: false,
    });
    expect(parseCommandLine(['init', '--ddl', 'schema.sql'])).toMatchObject({
      kind: 'init',
      ddl: 'schema.sql',
      schemas: ['public'],
    });
    expect(
      parseCommandLine(['init', '--url', 'postgres://h/db', '--schema', 'a, b', '--exclude', 'audit_*,tmp']),
    ).toMatchObject({ schemas: ['a', 'b'], exclude: ['audit_*', 'tmp'] });
    expect(parseCommandLine(['init', '--all-schemas', '--include', 'sales.*'])).toMatchObject({
      schemas: 'all',
      include: ['sales.*'],
    });
  });

  it.each([
    [['init', '--rows', '10'], /gen init does not take --rows; it takes --url, --ddl, --schema, /],
    [['init', '--ddl', 'a.sql', '--url', 'postgres://h/db'], /--ddl\): give one/],
    [['init', '--ddl', 'a.sql', '--profile'], /--ddl\): give one/],
    [['init', 'extra'], /unexpected argument "extra"/],
    [['init', '--out', '-'], /writes to stdout unless --out FILE/],
    [['init', '--schema', 'a', '--all-schemas'], /--all-schemas reads every one: give one/],
    [['init', '--exclude', 'a,,b'], /--exclude takes a comma-separated list/],
    [['--exclude', 'a'], /--exclude/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});

describe('suggestions for mistyped words', () => {
  it.each([
    ['fromat', 'format'],
    ['rwos', 'rows'],
    ['workres', 'workers'],
    ['n', undefined],
    ['compresion', 'compression'],
  ])('--%s suggests %s', (typo, meant) => {
    expect(suggest(typo, Object.keys({ from: 1, format: 1, rows: 1, to: 1, workers: 1, compression: 1 }))).toBe(meant);
  });

  it('flags, datasets and schema types name what was meant', () => {
    expect(() => parseCommandLine(['--fromat', 'csv'])).toThrow('unknown option --fromat; did you mean --format?');
    expect(() => parseCommandLine(['-rows', '5'])).toThrow('unknown option -rows; did you mean --rows?');
    expect(() => parseCommandLine(['-n', '5'])).toThrow(/^unknown option -n$/);
    expect(() => planRun({ dataset: 'retial' })).toThrow(
      'unknown dataset "retial" (did you mean retail?); known datasets:',
    );
    const schema = (type: string) => () =>
      datasetFromSchema({ name: 's', tables: { t: { rows: 1, columns: { c: { type, generator: 'sequence' } } } } });
    expect(schema('int')).toThrow(/got "int"\); did you mean int64\?$/);
    expect(schema('string')).toThrow(/did you mean utf8\?$/);
    expect(schema('timestmap')).toThrow(/did you mean timestamp\?$/);
  });
});

describe('--shard auto/N', () => {
  const shardOf = (env: NodeJS.ProcessEnv, text = 'auto/4') => {
    const command = parseCommandLine(['--shard', text], env);
    return command.kind === 'generate' ? command.options.shard : undefined;
  };

  it.each(['JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX', 'CLOUD_RUN_TASK_INDEX'])(
    'takes the index from %s',
    (name) => {
      expect(shardOf({ [name]: '3' })).toEqual({ index: 3, count: 4 });
      expect(shardOf({ [name]: '0', OTHER: 'x' }, 'auto/1')).toEqual({ index: 0, count: 1 });
    },
  );

  it.each([
    [
      {},
      /--shard auto\/4 takes its index from JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX, CLOUD_RUN_TASK_INDEX .* none is set: give --shard i\/4/,
    ],
    [{ JOB_COMPLETION_INDEX: '4' }, /JOB_COMPLETION_INDEX=4 is not an index from 0 to 3/],
    [{ JOB_COMPLETION_INDEX: 'x' }, /JOB_COMPLETION_INDEX=x is not an index/],
    [
      { JOB_COMPLETION_INDEX: '1', CLOUD_RUN_TASK_INDEX: '2' },
      /JOB_COMPLETION_INDEX=1 and CLOUD_RUN_TASK_INDEX=2 disagree/,
    ],
  ])('refuses %j with a message saying what to set', (env, message) => {
    expect(() => shardOf(env)).toThrow(UsageError);
    expect(() => shardOf(env)).toThrow(message);
  });

  it('agrees with the index given by hand, and still refuses auto/0', () => {
    expect(shardOf({ JOB_COMPLETION_INDEX: '2', AWS_BATCH_JOB_ARRAY_INDEX: '2' })).toEqual(shardOf({}, '2/4'));
    expect(() => shardOf({ JOB_COMPLETION_INDEX: '0' }, 'auto/0')).toThrow(/--shard must be i\/n/);
  });
});
