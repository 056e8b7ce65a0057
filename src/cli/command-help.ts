import { type CommandName, FLAGS, type FlagName, type FlagSpec, flagsOf, placeholder } from './flags.ts';

/** What a command with help of its own does, and how it is called; its options come from `FLAGS`. */
const COMMANDS: Record<Exclude<CommandName, 'generate'>, { readonly about: string; readonly usage: string[] }> = {
  init: {
    about:
      "write a schema file of a live Postgres schema's tables (or of a file of CREATE statements) that gen fills with no edit; only the catalog is read, never a row",
    usage: [
      'gen init --url URL [--schema A,B | --all-schemas] [--out FILE]',
      'gen init --ddl FILE [--out FILE]         e.g. the output of pg_dump --schema-only',
    ],
  },
  check: {
    about:
      "check an output against what gen makes, every row recomputed (or data gen did not make against a schema file's rules); exit 0 clean, 1 with findings",
    usage: [
      'gen check DIR                            an NDJSON, CSV or Parquet output gen wrote',
      "gen check --url URL [--schema NAME]      gen's loads into a Postgres schema",
      "gen check --config FILE DIR              DIR/<table>.ndjson|.csv against the file's rules",
    ],
  },
  describe: {
    about: "show a dataset's tables, keys, row counts and columns at the size the options give",
    usage: ['gen describe DATASET [options]', 'gen describe --config FILE [options]'],
  },
};

/** Where a flag's text starts in its line: the width of `gen --help`'s flag column. */
const FLAG_COLUMN = 23;

/** `-c, --config FILE`: a flag as `command`'s help line names it. */
function flagLabel(name: FlagName, command: CommandName): string {
  const { short } = FLAGS[name] as FlagSpec;
  const value = placeholder(name, command);
  return `${short === undefined ? '' : `-${short}, `}--${name}${value === undefined ? '' : ` ${value}`}`;
}

/** The text of `gen COMMAND --help`: what it does, how to call it, and each of its options. */
export function commandHelp(command: Exclude<CommandName, 'generate'>): string {
  const { about, usage } = COMMANDS[command];
  const options = flagsOf(command).map((name) => {
    const label = flagLabel(name, command);
    const text = (FLAGS[name] as FlagSpec).in[command]!;
    return `  ${label.padEnd(FLAG_COLUMN - 3)} ${text}`;
  });
  return [`gen ${command}: ${about}`, '', 'Usage:', ...usage.map((u) => `  ${u}`), '', 'Options:', ...options].join(
    '\n',
  );
}
