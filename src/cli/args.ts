import { parseArgs } from 'node:util';
import type { Codec } from '../compression/codecs.ts';
import type { GenerateOptions } from '../coordinator/options.ts';
import type { FormatName } from '../encoders/formats.ts';
import type { ParquetCompression } from '../encoders/parquet.ts';
import { UsageError } from '../errors.ts';
import { integerIn } from '../option-checks.ts';
import type { Shard } from '../plan/chunk-plan.ts';
import { MAX_WORKERS } from '../planner/options.ts';
import { suggest } from '../suggest.ts';
import { type CommandName, FLAGS, flagsOf } from './flags.ts';
import { shardIndexFromEnv } from './shard-index.ts';

/** How progress is shown on stderr. */
export type ProgressMode = 'auto' | 'bar' | 'log' | 'json' | 'none';
const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'bar', 'log', 'json', 'none'];

/** The shells `gen completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** The commands with help of their own. */
const HELP_COMMANDS = ['init', 'check', 'describe'] as const;

/** What the command line asks for. */
export type CliCommand =
  /** `gen --help`, or a command's own (`gen init --help`, `gen help check`). */
  | { readonly kind: 'help'; readonly command?: Exclude<CommandName, 'generate'> }
  /** `gen completion bash|zsh|fish`: a completion script for the shell. */
  | { readonly kind: 'completion'; readonly shell: Shell }
  | { readonly kind: 'version' }
  | { readonly kind: 'list' }
  /** `gen init`: a schema file from a live database. */
  | {
      readonly kind: 'init';
      readonly url?: string;
      /** A file of CREATE statements to read instead of a database. */
      readonly ddl?: string;
      /** `--schema a,b`, or every schema that holds tables (`--all-schemas`). */
      readonly schemas: readonly string[] | 'all';
      readonly include?: readonly string[];
      readonly exclude?: readonly string[];
      readonly profile: boolean;
      readonly out?: string;
      readonly date?: string;
      readonly force: boolean;
      readonly quiet: boolean;
    }
  /** `gen check DIR`: an output checked against what gen makes (`json`: one finding per line). */
  | {
      readonly kind: 'check';
      readonly dir?: string;
      readonly url?: string;
      readonly schema?: string;
      readonly json: boolean;
      readonly config?: string;
      readonly workers?: number;
      readonly sample?: number;
      readonly date?: string;
      readonly quiet: boolean;
    }
  /** `options` size the tables shown: `--scale`, `--days`, `--date`… */
  | { readonly kind: 'describe'; readonly options: GenerateOptions; readonly config?: string; readonly yaml: boolean }
  | {
      readonly kind: 'generate';
      readonly options: GenerateOptions;
      /** The schema file the dataset was read from, if any. */
      readonly config?: string;
      readonly dryRun: boolean;
      readonly progress: ProgressMode;
      readonly quiet: boolean;
    };

const SUFFIXES: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };

/**
 * Parses a count such as `1000`, `1e7`, `10M`, `2.5k` or `10_000_000` (underscores and commas are
 * ignored). Returns NaN unless the result is a non-negative safe integer.
 */
export function parseCount(text: string): number {
  const match = /^(\d+(?:\.\d+)?(?:e\d+)?)([kmbgt])?$/i.exec(text.replace(/[_,]/g, ''));
  if (match === null) return Number.NaN;
  const value = Number(match[1]) * (match[2] === undefined ? 1 : SUFFIXES[match[2].toLowerCase()]!);
  return Number.isSafeInteger(value) ? value : Number.NaN;
}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** Parses a memory size such as `1G`, `512M`, `1.5GiB` or `1073741824` (binary units); NaN if it is not one. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  if (match === null) return Number.NaN;
  const value = Math.round(Number(match[1]) * SIZE_UNITS[match[2]!.toLowerCase()]!);
  return Number.isSafeInteger(value) && value > 0 ? value : Number.NaN;
}

function count(text: string | undefined, flag: string, example: string): number | undefined {
  if (text === undefined) return undefined;
  const value = parseCount(text);
  if (Number.isNaN(value))
    throw new UsageError(`--${flag} must be a whole number such as ${example} (got ${JSON.stringify(text)})`);
  return value;
}

function size(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = parseSize(text);
  if (Number.isNaN(value))
    throw new UsageError(`--memory must be a size such as 1G, 512M or 1.5GiB (got ${JSON.stringify(text)})`);
  return value;
}

function parseShard(text: string | undefined, env: NodeJS.ProcessEnv): Shard | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+|auto)\/(\d+)$/.exec(text);
  const count = Number(match?.[2]);
  const index = match?.[1] === 'auto' && count >= 1 ? shardIndexFromEnv(count, env) : Number(match?.[1]);
  if (match === null || !(count >= 1) || !(index < count)) {
    throw new UsageError(
      `--shard must be i/n with 0 <= i < n, e.g. 0/4 for the first of four slices, or auto/n for the index a job engine sets (got ${JSON.stringify(text)})`,
    );
  }
  return { index, count };
}

/**
 * Joins `--rows -5` into `--rows=-5`: parseArgs refuses a value that starts with `-` as ambiguous, but a
 * negative number is a value, and deserves the real message ("must be a whole number").
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const long = flag.startsWith('--')
      ? flag.slice(2)
      : Object.entries(FLAGS).find(([, s]) => 'short' in s && `-${s.short}` === flag)?.[0];
    const spec = FLAGS[long as keyof typeof FLAGS] as { type: string } | undefined;
    const value = argv[i + 1];
    if (spec?.type === 'string' && value !== undefined && /^-[\d.]/.test(value)) {
      joined.push(`--${long}=${value}`);
      i++;
    } else {
      joined.push(flag);
    }
  }
  return joined;
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** Why `token` broke strict parsing, in the user's words, or null when it did not. */
function flagProblem(token: Token): string | null {
  if (token.kind !== 'option') return null;
  const spec = (FLAGS as Record<string, { type: string }>)[token.name];
  if (spec === undefined) {
    const hint = suggest(token.name, Object.keys(FLAGS));
    return `unknown option ${token.rawName}${hint === undefined ? '' : `; did you mean --${hint}?`}`;
  }
  const long = `--${token.name}`;
  if (spec.type === 'boolean' && token.value !== undefined) return `${long} takes no value`;
  const value = token.value;
  // A value that looks like a flag is taken for a missing value (`--out --rows 5`); `-` alone is stdout.
  if (
    spec.type === 'string' &&
    (value === undefined || (!token.inlineValue && value.length > 1 && value.startsWith('-')))
  ) {
    return `${long} needs a value`;
  }
  return null;
}

/**
 * The flags and positionals of `argv`. When strict parsing fails, the failing flag is found again by
 * parsing loosely and looking at each token (the error's `code` says what kind of problem it is; its
 * message is Node's, meant for developers).
 */
function parseFlags(
  argv: readonly string[],
): ReturnType<typeof parseArgs<{ options: typeof FLAGS; allowPositionals: true }>> {
  // `-rows` would parse as the short flags r, o, w, s: a long flag with one dash is a typo for two.
  const end = argv.indexOf('--');
  const single = (end < 0 ? argv : argv.slice(0, end)).find(
    (a) => /^-[a-z][a-z-]+$/.test(a) && Object.hasOwn(FLAGS, a.slice(1)),
  );
  if (single !== undefined) throw new UsageError(`unknown option ${single}; did you mean -${single}?`);
  const args = joinNegativeValues(argv);
  try {
    return parseArgs({ args, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw error;
    const { tokens } = parseArgs({ args, options: FLAGS, allowPositionals: true, strict: false, tokens: true });
    const problem = tokens.map(flagProblem).find((p) => p !== null);
    throw new UsageError(problem ?? (error as Error).message.split('\n')[0]!);
  }
}

/**
 * Turns `argv` (without `node` and the script) into a command, validating every flag's syntax; the
 * values' ranges are checked by `planRun`, which names the flag too.
 * @throws {UsageError} naming the bad flag or argument.
 */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliCommand {
  const { values, positionals } = parseFlags(argv);
  const [first, second, ...rest] = positionals;
  if (values.help === true || (first === 'help' && rest.length === 0))
    return helpCommand(first === 'help' ? second : first);
  if (values.version === true) return { kind: 'version' };
  if (first === 'completion') return completionCommand(values, positionals.slice(1));
  if (first === 'list' && second === undefined) return { kind: 'list' };
  if (first === 'init') return initCommand(values, second);
  if (first === 'check') return checkCommand(values, positionals.slice(1));
  if (first === 'describe') {
    const named = second !== undefined && rest.length === 0 && values.config === undefined;
    if (!named && !(second === undefined && values.config !== undefined))
      throw new UsageError('describe needs one dataset name or --config FILE, e.g. gen describe items');
    if (values.format !== undefined && values.format !== 'yaml' && values.format !== 'text')
      throw new UsageError(`describe --format must be text or yaml (got ${JSON.stringify(values.format)})`);
    const { format: _, ...sizing } = values;
    return {
      kind: 'describe',
      options: generateOptions(sizing, second, env),
      ...configOf(values),
      yaml: values.format === 'yaml',
    };
  }
  if (second !== undefined)
    throw new UsageError(`unexpected argument ${JSON.stringify(second)}; give at most one dataset name`);
  if (first !== undefined && values.config !== undefined)
    throw new UsageError(`--config gives the dataset: drop ${JSON.stringify(first)}, or drop --config`);
  const progress = (values.progress ?? 'auto') as ProgressMode;
  if (!PROGRESS_MODES.includes(progress)) {
    throw new UsageError(
      `--progress must be one of ${PROGRESS_MODES.join(', ')} (got ${JSON.stringify(values.progress)})`,
    );
  }
  return {
    kind: 'generate',
    options: generateOptions(values, first, env),
    ...configOf(values),
    dryRun: values['dry-run'] === true,
    progress,
    quiet: values.quiet === true,
  };
}

type Values = ReturnType<typeof parseFlags>['values'];

/** `gen --help`, or the help of the command named (`gen init --help`, `gen help init`). */
function helpCommand(name: string | undefined): CliCommand {
  const command = HELP_COMMANDS.find((c) => c === name);
  return command === undefined ? { kind: 'help' } : { kind: 'help', command };
}

function completionCommand(values: Values, args: readonly string[]): CliCommand {
  const shell = SHELLS.find((s) => s === args[0]);
  if (shell === undefined || args.length !== 1 || Object.keys(values).length > 0)
    throw new UsageError(
      `gen completion takes one shell: ${SHELLS.join(', ')} (e.g. source <(gen completion bash) in ~/.bashrc)`,
    );
  return { kind: 'completion', shell };
}

/** The flags of `command` for a message: `--url, --schema, …`, without the ones every command takes. */
function flagList(command: CommandName): string {
  const common = new Set(['help', 'debug', 'quiet']);
  return flagsOf(command)
    .filter((f) => !common.has(f))
    .map((f) => `--${f}`)
    .join(', ');
}

/** The flags `gen check` takes. */
const CHECK_FLAGS: ReadonlySet<string> = new Set(flagsOf('check'));

function checkCommand(values: Values, dirs: readonly string[]): CliCommand {
  if (dirs.length !== (values.url === undefined ? 1 : 0))
    throw new UsageError('gen check needs one directory that gen wrote (gen check out/), or --url URL of a load');
  const other = Object.keys(values).find((flag) => !CHECK_FLAGS.has(flag));
  if (other !== undefined)
    throw new UsageError(
      `gen check does not take --${other}; it takes DIR or ${flagList('check')} (gen check --help says what each does)`,
    );
  if (values.format !== undefined && values.format !== 'json' && values.format !== 'text')
    throw new UsageError(`check --format must be text or json (got ${JSON.stringify(values.format)})`);
  return {
    kind: 'check',
    ...defined('dir', dirs[0]),
    ...defined('url', values.url),
    ...defined('schema', values.schema),
    json: values.format === 'json',
    ...configOf(values),
    ...defined('workers', checkWorkers(count(values.workers, 'workers', '2'))),
    ...defined('sample', count(values.sample, 'sample', '10000')),
    ...defined('date', values.date),
    quiet: values.quiet === true,
  };
}

function checkWorkers(workers: number | undefined): number | undefined {
  return workers === undefined
    ? undefined
    : integerIn(workers, 0, MAX_WORKERS, '--workers', `0 (this thread only) to ${MAX_WORKERS}`);
}

/** The flags `gen init` takes. */
const INIT_FLAGS: ReadonlySet<string> = new Set(flagsOf('init'));

/** A comma-separated list of names or globs, none empty. */
function listOf(flag: string, text: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new UsageError(`--${flag} takes a comma-separated list, e.g. --${flag} a,b (got ${JSON.stringify(text)})`);
  return items;
}

function initCommand(values: Values, extra: string | undefined): CliCommand {
  if (extra !== undefined)
    throw new UsageError(`unexpected argument ${JSON.stringify(extra)}; gen init reads the database given by --url`);
  const other = Object.keys(values).find((flag) => !INIT_FLAGS.has(flag));
  if (other !== undefined)
    throw new UsageError(
      `gen init does not take --${other}; it takes ${flagList('init')} (gen init --help says what each does)`,
    );
  if (values.ddl !== undefined && (values.url !== undefined || values.profile === true))
    throw new UsageError(
      'gen init reads a database (--url, --profile) or a file of CREATE statements (--ddl): give one',
    );
  if (values.out === '-') throw new UsageError('gen init writes to stdout unless --out FILE is given: drop --out -');
  if (values.schema !== undefined && values['all-schemas'] === true)
    throw new UsageError('--schema names the schemas to read and --all-schemas reads every one: give one');
  return {
    kind: 'init',
    ...defined('url', values.url),
    ...defined('ddl', values.ddl),
    schemas: values['all-schemas'] === true ? 'all' : listOf('schema', values.schema ?? 'public'),
    ...(values.include === undefined ? {} : { include: listOf('include', values.include) }),
    ...(values.exclude === undefined ? {} : { exclude: listOf('exclude', values.exclude) }),
    profile: values.profile === true,
    ...defined('out', values.out),
    ...defined('date', values.date),
    force: values.force === true,
    quiet: values.quiet === true,
  };
}

/** `{ config }`: the schema file the dataset comes from, when one is given. */
function configOf(values: Values): { config?: string } {
  return values.config === undefined ? {} : { config: values.config };
}

/** Flags only `gen init` reads: elsewhere they would be silently ignored. */
const INIT_ONLY = ['ddl', 'profile', 'all-schemas', 'include', 'exclude'] as const;

/** The options of a run from its flags; `first` is the dataset name, if given; `env` for `--shard auto/N`. */
function generateOptions(values: Values, first: string | undefined, env: NodeJS.ProcessEnv): GenerateOptions {
  const initOnly = INIT_ONLY.find((flag) => values[flag] !== undefined);
  if (initOnly !== undefined)
    throw new UsageError(
      `--${initOnly} is a flag of gen init (gen init --${initOnly} …); a run of a schema file takes --config`,
    );
  if (values.append === true && values.overwrite === true)
    throw new UsageError('--append and --overwrite contradict each other: give one');
  return {
    ...(first === undefined ? {} : { dataset: first }),
    ...defined('scale', values.scale),
    ...defined('days', count(values.days, 'days', '30')),
    ...defined('from', values.from),
    ...defined('to', values.to),
    ...defined('partitionBy', values['partition-by'] as 'day' | undefined),
    ...defined(
      'tables',
      values.tables
        ?.split(',')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    ),
    ...defined('rows', count(values.rows, 'rows', '1000, 1e6, 10M or 10_000_000')),
    ...defined('seed', count(values.seed, 'seed', '42')),
    ...defined('date', values.date),
    ...defined('format', values.format as FormatName | undefined),
    ...defined('out', values.out),
    ...defined('url', values.url),
    ...defined('schema', values.schema),
    ...(values.append === true
      ? { mode: 'append' as const }
      : values.overwrite === true
        ? { mode: 'overwrite' as const }
        : {}),
    ...defined('startId', count(values['start-id'], 'start-id', '1000000')),
    ...defined('connections', count(values.connections, 'connections', '2')),
    ...(values['no-run-log'] === true ? { runLog: false } : {}),
    ...defined('workers', count(values.workers, 'workers', '2')),
    ...defined('shard', parseShard(values.shard, env)),
    ...defined('chunkRows', count(values['chunk-rows'], 'chunk-rows', '32768')),
    ...defined('rowGroupRows', count(values['row-group-rows'], 'row-group-rows', '1M')),
    ...defined('compression', values.compression as ParquetCompression | undefined),
    ...defined('compress', values.compress as Codec | undefined),
    ...defined('compressLevel', count(values['compress-level'], 'compress-level', '3')),
    ...defined('force', values.force),
    ...defined('wait', values.wait),
    ...defined('lockTimeout', count(values['lock-timeout'], 'lock-timeout', '30')),
    ...defined('memory', size(values.memory)),
    ...defined('cpus', count(values.cpus, 'cpus', '4')),
    ...defined('fsync', values.fsync),
    ...defined('checksum', checksumFlag(values.checksum, values['no-checksum'])),
    ...defined('dirty', share(values.dirty)),
  };
}

/** `--checksum ALG`, or `none` for `--no-checksum` (the planner checks the name). */
function checksumFlag(name: string | undefined, off: boolean | undefined): GenerateOptions['checksum'] {
  if (off !== true) return name as GenerateOptions['checksum'];
  if (name !== undefined && name !== 'none') throw new UsageError('--no-checksum and --checksum contradict: give one');
  return 'none';
}

/** `--dirty`'s share of rows: a number such as 0.001 (the planner checks its range). */
function share(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--dirty must be a share of rows such as 0.001 (got ${JSON.stringify(text)})`);
  return value;
}

/** `{ [key]: value }` when value is defined, else `{}` (options must not hold explicit undefineds). */
function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

/** True when `--debug` appears before any `--` in argv; read before parsing so parse errors can use it. */
export function wantsDebug(argv: readonly string[]): boolean {
  return beforeDashes(argv).includes('--debug');
}

/**
 * Whether the command line asks for JSON progress (`--progress json`), read from the raw arguments: an
 * error, even one of parsing them, is then a JSON event too, for the program that reads stderr.
 */
export function wantsJsonEvents(argv: readonly string[]): boolean {
  const flags = beforeDashes(argv);
  return flags.includes('--progress=json') || flags.some((a, i) => a === '--progress' && flags[i + 1] === 'json');
}

/** The arguments before `--`. */
function beforeDashes(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf('--');
  return end === -1 ? argv : argv.slice(0, end);
}
