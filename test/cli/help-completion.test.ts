import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.ts';
import { type CommandName, flagsOf } from '../../src/cli/flags.ts';
import { HELP } from '../../src/cli/help.ts';
import { GEN, runGen } from '../helpers/run.ts';

const COMMANDS = ['init', 'check', 'describe'] as const;

/** Whether `tool` runs here; a test that needs it says which Debian package brings it when it does not. */
function has(tool: string): boolean {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** What bash completes for `words`, the last one being completed (`gen init --`), with the script gen writes. */
function bashCompletes(...words: string[]): string[] {
  const script = `source <("${process.execPath}" "${GEN}" completion bash)
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _gen; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('per-command help', () => {
  it.each(COMMANDS)(
    'gen %s --help lists every option the command takes; gen help COMMAND is the same',
    async (command) => {
      const result = await runGen([command, '--help']);
      expect(result.code).toBe(0);
      const text = result.stdout.toString();
      expect(text).toMatch(new RegExp(`^gen ${command}: `));
      const listed = [...text.matchAll(/^ {2}(?:-\w, )?--([a-z-]+)/gm)].map((m) => m[1]);
      expect(listed).toEqual(flagsOf(command));
      expect((await runGen(['help', command])).stdout.toString()).toBe(text);
    },
  );

  it.each(['init', 'check'] as const)('gen %s takes exactly the options its help lists', (command) => {
    const base = command === 'init' ? ['init', '--url', 'postgres://h/db'] : ['check', 'out/'];
    for (const flag of flagsOf(command).filter((f) => f !== 'help' && f !== 'url')) {
      const args = [
        ...base,
        `--${flag}`,
        ...(['profile', 'all-schemas', 'force', 'quiet', 'debug'].includes(flag) ? [] : ['1']),
      ];
      try {
        parseCommandLine(args);
      } catch (error) {
        expect((error as Error).message, flag).not.toMatch(/does not take/);
      }
    }
    expect(() => parseCommandLine([...base, '--rows', '1'])).toThrow(`gen ${command} does not take --rows`);
  });

  it('gen --help documents every option of a run', () => {
    for (const flag of flagsOf('generate' satisfies CommandName)) expect(HELP, flag).toContain(`--${flag}`);
  });
});

describe('gen completion', () => {
  it('bash: the flags of the command being typed, and the values a flag takes', () => {
    const init = bashCompletes('gen', 'init', '--');
    expect(init).toEqual(flagsOf('init').map((f) => `--${f}`));
    expect(bashCompletes('gen', '--ro')).toEqual(['--rows', '--row-group-rows']);
    expect(bashCompletes('gen', 'check', '--format', '')).toEqual(['text', 'json']);
    expect(bashCompletes('gen', '-f', '')).toEqual(['ndjson', 'csv', 'parquet', 'pg', 'json']);
    expect(bashCompletes('gen', 're')).toEqual(['retail']);
    expect(bashCompletes('gen', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
  });

  it('zsh: a script zsh reads, registered for gen', (context) => {
    if (!has('zsh')) return context.skip('zsh is not installed (Debian package zsh)');
    const registered = execFileSync(
      'zsh',
      [
        '-c',
        `autoload -U compinit; compinit -u -D; source <("${process.execPath}" "${GEN}" completion zsh); print $_comps[gen]`,
      ],
      { encoding: 'utf8' },
    );
    expect(registered.trim()).toBe('_gen');
  });

  it('fish: the flags of the command being typed, with what they do', (context) => {
    if (!has('fish')) return context.skip('fish is not installed (Debian package fish)');
    const completes = (line: string): string[] =>
      execFileSync(
        'fish',
        ['-c', `source ("${process.execPath}" "${GEN}" completion fish | psub); complete -C'${line}'`],
        {
          encoding: 'utf8',
        },
      )
        .split('\n')
        .filter(Boolean);
    expect(completes('gen init --pro')).toEqual(['--profile\talso read pg_stats aggregates (never rows)']);
    expect(completes('gen check --format ').map((l) => l.split('\t')[0])).toEqual(['json', 'text']);
  });

  it('refuses a shell it does not know, naming the ones it does', async () => {
    const result = await runGen(['completion', 'powershell']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^gen: gen completion takes one shell: bash, zsh, fish/);
  });
});
