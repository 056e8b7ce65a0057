import type { Shell } from './args.ts';
import { type CommandName, completionOf, FLAGS, type FlagName, type FlagSpec, flagsOf, placeholder } from './flags.ts';

/**
 * `gen completion bash|zsh|fish`: a completion script written from the flag table (`flags.ts`), so that a
 * new flag completes without a second list to keep. Install: `source <(gen completion bash)` in
 * ~/.bashrc; `gen completion zsh > "${fpath[1]}/_gen"`; `gen completion fish > ~/.config/fish/completions/gen.fish`.
 */

/** The words that start a command other than generating. */
const SUBCOMMANDS = ['list', 'describe', 'init', 'check', 'completion', 'help'] as const;
const SHELLS = ['bash', 'zsh', 'fish'];
/** The commands whose flags differ; generating is the command when no subcommand is named. */
const COMMANDS = ['generate', 'init', 'check', 'describe'] as const;

/** `--config -c`: a flag's long and short names. */
function namesOf(flag: FlagName): string[] {
  const { short } = FLAGS[flag] as FlagSpec;
  return [`--${flag}`, ...(short === undefined ? [] : [`-${short}`])];
}

/** `text` inside single quotes of a shell: each quote closed, escaped and reopened. */
function quoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function bashValueCases(): string[] {
  return COMMANDS.flatMap((command) =>
    flagsOf(command).flatMap((flag) => {
      const values = completionOf(flag, command);
      if (values === null) return [];
      const pattern = namesOf(flag)
        .map((name) => `${command}:${name}`)
        .join('|');
      const action =
        values === 'file' ? 'compgen -f' : values === 'dir' ? 'compgen -d' : `compgen -W "${values.join(' ')}"`;
      return [`    ${pattern}) COMPREPLY=($(${action} -- "$cur")); return ;;`];
    }),
  );
}

function bash(datasets: readonly string[]): string {
  const flagCases = COMMANDS.map(
    (c) => `      ${c}) COMPREPLY=($(compgen -W "${flagsOf(c).flatMap(namesOf).join(' ')}" -- "$cur")) ;;`,
  );
  return `# gen completion for bash: source <(gen completion bash)
_gen() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" command=generate word
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$word" in ${SUBCOMMANDS.join('|')}) command="$word"; break ;; esac
  done
  case "$command:$prev" in
${bashValueCases().join('\n')}
  esac
  case "$command" in
    completion) COMPREPLY=($(compgen -W "${SHELLS.join(' ')}" -- "$cur")); return ;;
    help) COMPREPLY=($(compgen -W "init check describe" -- "$cur")); return ;;
    list) return ;;
  esac
  if [[ "$cur" == -* ]]; then
    case "$command" in
${flagCases.join('\n')}
    esac
  elif [[ "$command" == describe ]]; then
    COMPREPLY=($(compgen -W "${datasets.join(' ')}" -- "$cur"))
  elif [[ "$command" == generate ]]; then
    COMPREPLY=($(compgen -W "${[...SUBCOMMANDS, ...datasets].join(' ')}" -- "$cur"))
  fi
}
complete -o default -F _gen gen
`;
}

/** zsh's `_arguments` specs of `command`'s flags: `--format[what it does]:F:(ndjson csv)`. */
function zshSpecs(command: CommandName): string[] {
  return flagsOf(command).flatMap((flag) => {
    const spec = FLAGS[flag] as FlagSpec;
    const about = spec.in[command]!.replace(/([[\]\\])/g, '\\$1');
    const values = completionOf(flag, command);
    const what =
      values === 'file' ? '_files' : values === 'dir' ? '_files -/' : values === null ? ' ' : `(${values.join(' ')})`;
    const action = spec.type === 'boolean' ? '' : `:${placeholder(flag, command) ?? 'value'}:${what}`;
    return namesOf(flag).map((name) => quoted(`${name}[${about}]${action}`));
  });
}

function zsh(datasets: readonly string[]): string {
  const positional: Record<CommandName, string[]> = {
    generate: [`1::dataset or command:(${[...SUBCOMMANDS, ...datasets].join(' ')})`],
    describe: [`1::dataset:(${datasets.join(' ')})`],
    check: ['1::directory:_files -/'],
    init: [],
  };
  const branch = (command: CommandName, pattern: string): string =>
    `    ${pattern}) _arguments -s \\\n      ${[...zshSpecs(command), ...positional[command].map(quoted)].join(' \\\n      ')} ;;`;
  return `#compdef gen
# gen completion for zsh: gen completion zsh > "\${fpath[1]}/_gen" (or source <(gen completion zsh))
_gen() {
  local command=generate word
  for word in \${words[2,CURRENT-1]}; do
    case $word in (${SUBCOMMANDS.join('|')}) command=$word; break ;; esac
  done
  case $command in
${branch('init', 'init')}
${branch('check', 'check')}
${branch('describe', 'describe')}
    completion) _values shell ${SHELLS.join(' ')} ;;
    help) _values command init check describe ;;
    list) ;;
${branch('generate', '*')}
  esac
}
if [ "$funcstack[1]" = "_gen" ]; then _gen "$@"; else compdef _gen gen; fi
`;
}

/** fish's condition for `command`: the subcommand named, or none (generating). */
function fishCondition(command: CommandName): string {
  return command === 'generate'
    ? `not __fish_seen_subcommand_from ${SUBCOMMANDS.join(' ')}`
    : `__fish_seen_subcommand_from ${command}`;
}

function fishFlag(command: CommandName, flag: FlagName): string {
  const spec = FLAGS[flag] as FlagSpec;
  const values = completionOf(flag, command);
  const value =
    spec.type === 'boolean'
      ? ''
      : values === 'file' || values === 'dir'
        ? ' -r -F'
        : values === null
          ? ' -r'
          : ` -r -f -a ${quoted(values.join(' '))}`;
  const short = spec.short === undefined ? '' : ` -s ${spec.short}`;
  return `complete -c gen -n ${quoted(fishCondition(command))} -l ${flag}${short}${value} -d ${quoted(spec.in[command]!)}`;
}

function fish(datasets: readonly string[]): string {
  const after = (word: string): string => quoted(`__fish_seen_subcommand_from ${word}`);
  const first = quoted('__fish_use_subcommand');
  return [
    '# gen completion for fish: gen completion fish > ~/.config/fish/completions/gen.fish',
    'complete -c gen -f',
    `complete -c gen -n ${first} -a ${quoted(SUBCOMMANDS.join(' '))}`,
    `complete -c gen -n ${first} -a ${quoted(datasets.join(' '))} -d dataset`,
    `complete -c gen -n ${after('describe')} -a ${quoted(datasets.join(' '))} -d dataset`,
    `complete -c gen -n ${after('completion')} -a ${quoted(SHELLS.join(' '))}`,
    `complete -c gen -n ${after('help')} -a ${quoted('init check describe')}`,
    `complete -c gen -n ${after('check')} -F`,
    ...COMMANDS.flatMap((command) => flagsOf(command).map((flag) => fishFlag(command, flag))),
    '',
  ].join('\n');
}

/** The completion script of `shell`, offering `datasets` where a dataset name goes. */
export function completionScript(shell: Shell, datasets: readonly string[]): string {
  return shell === 'bash' ? bash(datasets) : shell === 'zsh' ? zsh(datasets) : fish(datasets);
}
