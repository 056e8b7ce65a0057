import { FORMATS } from '../encoders/formats.ts';

/**
 * Every flag of `gen`, once: how it parses (`type`, `short`), the commands that take it with a line saying
 * what it does there, its value's placeholder and the values a shell may offer. The parser (`args.ts`),
 * the per-command help (`command-help.ts`) and the shell completions (`completion.ts`) are all read from
 * it; `gen --help` (`help.ts`) documents the `generate` flags at length, and a test holds it to this list.
 */

/** The commands whose flags differ. */
export type CommandName = 'generate' | 'init' | 'check' | 'describe';

/** What a shell offers for a flag's value: these words, a file or a directory. */
export type Completion = readonly string[] | 'file' | 'dir';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The value's placeholder in help: `N`, `FILE`, `URL` (per command when it differs). */
  readonly value?: string | Partial<Record<CommandName, string>>;
  /** Values a shell offers after the flag (per command when they differ), or files or directories. */
  readonly complete?: Completion | Partial<Record<CommandName, Completion>>;
  /** The commands that take the flag, each with one line saying what it does there. */
  readonly in: Partial<Record<CommandName, string>>;
}

const PROGRESS = ['auto', 'bar', 'log', 'json', 'none'] as const;
/** Flags every command takes. */
const DEBUG = 'print stack traces on errors';

export const FLAGS = {
  url: {
    type: 'string',
    value: 'URL',
    in: {
      generate: 'load Postgres (postgres://user:pass@host:port/db)',
      init: 'the database to read (postgres://user:pass@host:port/db)',
      check: "gen's loads into this database, instead of DIR",
    },
  },
  ddl: { type: 'string', value: 'FILE', complete: 'file', in: { init: 'read a file of CREATE statements instead' } },
  schema: {
    type: 'string',
    value: 'NAME',
    in: {
      generate: 'Postgres schema of the tables (default public)',
      init: 'the schemas to read, A,B (default public)',
      check: 'the schema of the load (default public)',
    },
  },
  'all-schemas': { type: 'boolean', in: { init: 'read every schema that holds tables' } },
  include: { type: 'string', value: 'A,B', in: { init: 'only these tables (names or globs)' } },
  exclude: { type: 'string', value: 'A,B', in: { init: "leave these tables out (names or globs: 'audit_*')" } },
  profile: { type: 'boolean', in: { init: 'also read pg_stats aggregates (never rows)' } },
  config: {
    type: 'string',
    short: 'c',
    value: 'FILE',
    complete: 'file',
    in: {
      generate: 'a schema file (YAML or JSON) instead of a built-in dataset',
      check: 'the schema file of the load or of data gen did not make (DIR/<table>.ndjson|.csv)',
      describe: "a schema file's dataset instead of a built-in one",
    },
  },
  rows: {
    type: 'string',
    value: 'N',
    in: { generate: 'rows of the largest table, the others in proportion', describe: 'size the tables to N rows' },
  },
  scale: {
    type: 'string',
    value: 'S',
    in: { generate: "a factor on every table's rows, or a preset name", describe: 'size the tables by S' },
  },
  days: {
    type: 'string',
    value: 'N',
    in: { generate: 'tables keyed by date: N days ending at --date', describe: 'N days ending at --date' },
  },
  from: { type: 'string', value: 'D', in: { generate: 'the first day (YYYY-MM-DD)', describe: 'the first day' } },
  to: { type: 'string', value: 'D', in: { generate: 'the last day (YYYY-MM-DD)', describe: 'the last day' } },
  'partition-by': {
    type: 'string',
    value: 'day',
    complete: ['day'],
    in: { generate: 'files: one Hive-style folder per day' },
  },
  tables: { type: 'string', value: 'A,B', in: { generate: 'files and stdout: only these tables' } },
  seed: { type: 'string', value: 'N', in: { generate: 'any whole number 0..2^53-1 (default 0)' } },
  date: {
    type: 'string',
    value: 'YYYY-MM-DD',
    in: {
      generate: 'the reference "today" of the data (default: today, UTC)',
      init: 'the reference "today" of date bounds',
      check: 'data gen did not make: nothing after day D',
      describe: 'the reference "today"',
    },
  },
  format: {
    type: 'string',
    short: 'f',
    value: 'F',
    complete: { generate: FORMATS, check: ['text', 'json'], describe: ['text', 'yaml'] },
    in: {
      generate: `${FORMATS.join(' | ')} (default ndjson)`,
      check: 'text (default) | json: one finding per line',
      describe: 'text (default) | yaml: as a schema file',
    },
  },
  out: {
    type: 'string',
    short: 'o',
    value: { generate: 'DIR', init: 'FILE' },
    complete: { generate: 'dir', init: 'file' },
    in: {
      generate: 'output directory (default ./out), - for stdout, or s3://BUCKET/PREFIX/',
      init: 'write the schema file to FILE instead of stdout',
    },
  },
  append: { type: 'boolean', in: { generate: 'Postgres: add rows to the tables in one transaction' } },
  overwrite: { type: 'boolean', in: { generate: "Postgres: replace the dataset's tables (the default)" } },
  'start-id': { type: 'string', value: 'N', in: { generate: 'the first row id to make (default 0)' } },
  connections: { type: 'string', value: 'N', in: { generate: 'Postgres: COPY connections loading each table' } },
  'no-run-log': { type: 'boolean', in: { generate: 'Postgres: do not record the run in shardgen.runs' } },
  workers: {
    type: 'string',
    short: 'w',
    value: 'N',
    in: { generate: 'worker threads (default: CPU count)', check: 'threads that remake rows (0: this one only)' },
  },
  shard: { type: 'string', value: 'i/n', in: { generate: 'make slice i of n of every table, or auto/n' } },
  'chunk-rows': { type: 'string', value: 'N', in: { generate: 'rows per task handed to a worker' } },
  'row-group-rows': { type: 'string', value: 'N', in: { generate: 'parquet: rows per row group' } },
  compression: {
    type: 'string',
    value: 'C',
    complete: ['snappy', 'zstd', 'none'],
    in: { generate: 'parquet: snappy (default) | zstd | none' },
  },
  compress: {
    type: 'string',
    value: 'CODEC',
    complete: ['gzip', 'zstd'],
    in: { generate: 'ndjson, csv files or stdout: gzip | zstd' },
  },
  'compress-level': { type: 'string', value: 'N', in: { generate: 'gzip 1-9 (default 6), zstd 1-19 (default 3)' } },
  force: {
    type: 'boolean',
    in: { generate: 'replace tables and files that gen did not make', init: 'replace --out FILE' },
  },
  wait: { type: 'boolean', in: { generate: 'wait for another gen run writing the same files or tables' } },
  'lock-timeout': { type: 'string', value: 'S', in: { generate: 'seconds to wait for a lock' } },
  memory: { type: 'string', value: 'SIZE', in: { generate: 'memory the run may use, e.g. 1G' } },
  cpus: { type: 'string', value: 'N', in: { generate: 'CPUs the run may use' } },
  fsync: { type: 'boolean', in: { generate: 'flush files to the device before they get their final names' } },
  checksum: {
    type: 'string',
    value: 'ALG',
    complete: ['xxh128', 'sha256', 'none'],
    in: { generate: "each file's checksum: xxh128 (default), sha256 or none" },
  },
  'no-checksum': { type: 'boolean', in: { generate: 'no checksums (--checksum none)' } },
  dirty: { type: 'string', value: 'RATE', in: { generate: 'labelled dirty data: RATE of the rows get a defect' } },
  sample: { type: 'string', value: 'N', in: { check: 'compare N rows of each file, evenly spaced' } },
  'dry-run': { type: 'boolean', in: { generate: 'print what would be made, make nothing' } },
  progress: {
    type: 'string',
    value: 'MODE',
    complete: PROGRESS,
    in: { generate: `${PROGRESS.join(' | ')} (default auto)` },
  },
  quiet: {
    type: 'boolean',
    short: 'q',
    in: {
      generate: 'no progress and no summary; errors only',
      init: 'no warnings; errors only',
      check: 'no progress (--url); the findings and the report only',
    },
  },
  debug: { type: 'boolean', in: { generate: DEBUG, init: DEBUG, check: DEBUG, describe: DEBUG } },
  help: {
    type: 'boolean',
    short: 'h',
    in: { generate: 'this text', init: 'this text', check: 'this text', describe: 'this text' },
  },
  version: { type: 'boolean', short: 'V', in: { generate: 'the version' } },
} as const satisfies Record<string, FlagSpec>;

export type FlagName = keyof typeof FLAGS;

/** The placeholder of `flag`'s value in `command` (`FILE`), or undefined for a flag without one. */
export function placeholder(flag: FlagName, command: CommandName): string | undefined {
  const { value } = FLAGS[flag] as FlagSpec;
  return typeof value === 'object' ? value[command] : value;
}

/** What a shell offers after `flag` in `command`, or null for anything. */
export function completionOf(flag: FlagName, command: CommandName): Completion | null {
  const { complete } = FLAGS[flag] as FlagSpec;
  if (complete === undefined || typeof complete === 'string' || Array.isArray(complete))
    return (complete as Completion | undefined) ?? null;
  return (complete as Partial<Record<CommandName, Completion>>)[command] ?? null;
}

/** The flags `command` takes, in the table's order. */
export function flagsOf(command: CommandName): FlagName[] {
  return (Object.keys(FLAGS) as FlagName[]).filter((name) => (FLAGS[name] as FlagSpec).in[command] !== undefined);
}
