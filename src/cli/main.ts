#!/usr/bin/env node
import { basename } from 'node:path';
/**
 * The `gen` command: parses argv, runs, maps errors to one line and an exit code. The only module that
 * prints or sets exit codes (0 ok, 1 failure, 2 usage, 130 SIGINT, 143 SIGTERM).
 */
import type { GenerateReport } from '../coordinator/events.ts';
import { generate } from '../coordinator/generate.ts';
import type { DatasetDefinition } from '../dataset/types.ts';
import { DATASETS } from '../datasets/index.ts';
import { GenError, UsageError } from '../errors.ts';
import { planRun, type RunPlan } from '../planner/run-plan.ts';
import { TOOL } from '../version.ts';
import { type CliCommand, parseCommandLine, wantsDebug, wantsJsonEvents } from './args.ts';
import { commandHelp } from './command-help.ts';
import { completionScript } from './completion.ts';
import { HELP } from './help.ts';
import { createProgressReporter } from './progress.ts';
import { describeText, listText, planText, summaryText } from './report-text.ts';
import { compileInWorkers } from './worker-compiles.ts';
import { capYoungGenerations } from './young-generations.ts';

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

/**
 * Cancels the run on SIGINT/SIGTERM: the cleanup runs (temp files, staging tables, the server's work),
 * then gen exits with 128+n. A second signal does not cut the cleanup short, which would leave temp files
 * behind: every step of it is bounded (timeouts), so it ends soon by itself.
 */
function abortOnSignals(controller: AbortController): void {
  for (const signal of Object.keys(SIGNAL_EXIT)) {
    process.on(signal, () => {
      if (!controller.signal.aborted) controller.abort(signal);
      else process.stderr.write('gen: cleaning up what this run wrote; it ends in a moment\n');
    });
  }
}

/**
 * The plan of a command, made once. A schema file (`--config`) is read here, its modules loaded only then;
 * its dataset is fully checked only by the plan (its generators against the run's sizes), so the plan's
 * errors name the file and use its words.
 */
async function planOf(command: Extract<CliCommand, { kind: 'generate' | 'describe' }>): Promise<RunPlan> {
  if (command.config === undefined) return planRun(command.options, 'flag');
  const { inFileWords, readSchemaFile } = await import('../schema/schema-file.ts');
  const dataset = readSchemaFile(command.config);
  try {
    return planRun({ ...command.options, dataset }, 'flag');
  } catch (error) {
    throw inFileWords(error, basename(command.config));
  }
}

/** The dataset of a schema file, for `gen check --config`. */
async function datasetOf(config: string): Promise<DatasetDefinition> {
  const { readSchemaFile } = await import('../schema/schema-file.ts');
  return readSchemaFile(config);
}

async function runGenerate(command: Extract<CliCommand, { kind: 'generate' }>): Promise<number> {
  const plan = await planOf(command);
  if (plan.dirty !== null && plan.target.kind === 'postgres') {
    const { looseConstraints, looseText } = await import('../dirty/defects.ts');
    const loose = looseConstraints(plan.dataset.tables, plan.params.seed, plan.dirty);
    process.stderr.write(`gen: --dirty: left out, since the defects may break them: ${looseText(loose)}\n`);
  }
  if (command.dryRun) {
    out(planText(plan));
    return 0;
  }
  const mode =
    command.quiet || command.progress === 'none'
      ? null
      : command.progress === 'auto'
        ? process.stderr.isTTY
          ? 'bar'
          : 'log'
        : command.progress;
  const reporter = mode === null ? undefined : createProgressReporter(mode, process.stderr);
  const controller = new AbortController();
  abortOnSignals(controller);
  compileInWorkers(plan);
  let report: GenerateReport;
  try {
    report = await generate(plan, { signal: controller.signal, onEvent: capYoungGenerations(reporter?.onEvent) });
  } finally {
    reporter?.close(); // end a bar line before the summary or the error
  }
  // A json progress stream stays JSON to its end: the summary is its last object, not a table.
  if (mode === 'json') process.stderr.write(`${JSON.stringify({ event: 'done', ...report })}\n`);
  else if (!command.quiet) process.stderr.write(`${summaryText(report)}\n`);
  return 0;
}

async function run(command: CliCommand): Promise<number> {
  switch (command.kind) {
    case 'help':
      out(command.command === undefined ? HELP.trimEnd() : commandHelp(command.command));
      return 0;
    case 'completion':
      process.stdout.write(
        completionScript(
          command.shell,
          DATASETS.map((d) => d.name),
        ),
      );
      return 0;
    case 'version':
      out(TOOL.version);
      return 0;
    case 'list':
      out(listText(DATASETS));
      return 0;
    case 'describe':
      if (command.yaml) {
        const { schemaOf } = await import('../schema/schema-print.ts');
        out(schemaOf((await planOf(command)).dataset));
      } else {
        out(describeText(await planOf(command)));
      }
      return 0;
    case 'generate':
      return runGenerate(command);
    case 'init':
      return runInit(command);
    case 'check': {
      const { runCheck } = await import('./check-report.ts');
      const dataset = command.config === undefined ? undefined : await datasetOf(command.config);
      return runCheck(command, dataset, out);
    }
  }
}

/** `gen init`: the schema file to stdout, or to `--out FILE` (never over a file unless --force). */
async function runInit(command: Extract<CliCommand, { kind: 'init' }>): Promise<number> {
  const { initSchema } = await import('../init/init.ts');
  const { writeNewFile } = await import('./write-file.ts');
  const { parseDate, todayUtc } = await import('../dates.ts');
  const date = command.date ?? todayUtc();
  if (Number.isNaN(parseDate(date)))
    throw new UsageError(`--date must be a day as YYYY-MM-DD (got ${JSON.stringify(date)})`);
  const controller = new AbortController();
  abortOnSignals(controller);
  const { readFile } = await import('node:fs/promises');
  const ddl =
    command.ddl === undefined
      ? undefined
      : {
          file: command.ddl,
          sql: await readFile(command.ddl, 'utf8').catch((cause: unknown) => {
            throw new UsageError(`cannot read --ddl ${command.ddl}: ${(cause as Error).message}`);
          }),
        };
  const result = await initSchema({
    ...(command.url === undefined ? {} : { url: command.url }),
    ...(ddl === undefined ? {} : { ddl }),
    schemas: command.schemas,
    ...(command.include === undefined ? {} : { include: command.include }),
    ...(command.exclude === undefined ? {} : { exclude: command.exclude }),
    profile: command.profile,
    date,
    signal: controller.signal,
  });
  if (command.out === undefined) process.stdout.write(result.yaml);
  else await writeNewFile(command.out, result.yaml, command.force);
  if (!command.quiet) {
    for (const warning of result.warnings) process.stderr.write(`gen: warning: ${printable(warning)}\n`);
    const where = command.out === undefined ? '' : ` to ${command.out}`;
    process.stderr.write(
      `gen: wrote a schema of ${result.tables} tables${where}; each column's comment says where its generator came from\n`,
    );
  }
  return 0;
}

/** Control characters (from a schema file's keys, a file name…) shown escaped, never sent to the terminal raw. */
function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function exitCodeOf(error: unknown): number {
  if (!(error instanceof GenError)) return 1;
  if (error.code === 'usage') return 2;
  if (error.code === 'closed') return 0;
  if (error.code === 'aborted' && 'reason' in error) return SIGNAL_EXIT[String(error.reason)] ?? 130;
  return 1;
}

function report(error: unknown, debug: boolean, json: boolean): void {
  if (error instanceof GenError && error.code === 'closed') return; // the reader stopped reading: not an error
  const known = error instanceof GenError;
  const message = error instanceof Error ? error.message : String(error);
  const hint = !known
    ? ' (a bug? rerun with --debug and report it)'
    : error.code === 'usage' && !message.includes('(see gen')
      ? ' (see gen --help)'
      : '';
  const line = `${known ? '' : 'unexpected error: '}${printable(message.split('\n')[0]!)}${hint}`;
  const code = known ? error.code : 'unexpected';
  const event = { event: 'error', code, message: line, exitCode: exitCodeOf(error) };
  process.stderr.write(json ? `${JSON.stringify(event)}\n` : `gen: ${line}\n`);
  if (debug)
    process.stderr.write(
      `${error instanceof Error ? error.stack : ''}\n${error instanceof Error && error.cause ? `cause: ${(error.cause as Error).stack ?? String(error.cause)}\n` : ''}`,
    );
}

const argv = process.argv.slice(2);
try {
  process.exitCode = await run(parseCommandLine(argv));
} catch (error) {
  report(error, wantsDebug(argv), wantsJsonEvents(argv));
  process.exitCode = exitCodeOf(error);
}
