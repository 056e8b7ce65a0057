import { type CheckSummary, checkOutput, type Finding } from '../check/check-output.ts';
import type { DatasetDefinition } from '../dataset/types.ts';
import type { CliCommand } from './args.ts';
import { table, thousands } from './format.ts';
import { createProgressReporter } from './progress.ts';

/** Examples shown per table and kind in the text report; `--format json` lists every finding. */
const EXAMPLES = 3;

/**
 * `gen check`: findings as JSON lines, or a short report (what was checked per table, then the findings
 * grouped by table and kind, a few examples each). Exit 0 when clean, 1 when anything was found.
 */
export async function runCheck(
  command: Extract<CliCommand, { kind: 'check' }>,
  dataset: DatasetDefinition | undefined,
  out: (text: string) => void,
): Promise<number> {
  const examples = new Map<string, Finding[]>();
  const onFinding = command.json
    ? (finding: Finding) => out(JSON.stringify(finding))
    : (finding: Finding) => {
        const group = `${finding.table} ${finding.kind}`;
        const list = examples.get(group) ?? [];
        if (list.length < EXAMPLES) list.push(finding);
        examples.set(group, list);
      };
  // What a database check is reading, while it reads (stderr: stdout may be the findings as JSON).
  const reporter =
    command.url === undefined || command.quiet
      ? undefined
      : createProgressReporter(process.stderr.isTTY ? 'bar' : 'log', process.stderr);
  const summary = await checkOutput({
    ...(command.dir === undefined ? {} : { dir: command.dir }),
    ...(command.url === undefined ? {} : { url: command.url }),
    ...(command.schema === undefined ? {} : { schema: command.schema }),
    ...(dataset === undefined ? {} : { dataset }),
    ...(command.workers === undefined ? {} : { workers: command.workers }),
    ...(command.sample === undefined ? {} : { sample: command.sample }),
    ...(command.date === undefined ? {} : { date: command.date }),
    onFinding,
    ...(reporter && { onPhase: (phase) => reporter.onEvent({ type: 'phase', ...phase }) }),
  }).finally(() => reporter?.close());
  const where = command.dir ?? `schema ${command.schema ?? 'public'}`;
  if (!command.json) out(reportText(where, summary, examples));
  return summary.findings === 0 ? 0 : 1;
}

function reportText(dir: string, summary: CheckSummary, examples: Map<string, Finding[]>): string {
  const rows = summary.tables.map((t) => [
    t.name,
    thousands(t.files),
    thousands(t.rows),
    Object.entries(t.findings)
      .map(([kind, n]) => `${kind} ${thousands(n)}`)
      .join(', ') || 'ok',
  ]);
  const lines = [table([['table', 'files', 'rows', 'findings'], ...rows])];
  for (const [group, list] of examples) {
    lines.push(`${group}:`);
    for (const f of list)
      lines.push(`  key ${JSON.stringify(f.key)}${f.column === null ? '' : ` ${f.column}`}: ${f.detail}`);
  }
  const total = summary.tables.reduce((sum, t) => sum + t.rows, 0);
  lines.push(
    summary.findings === 0
      ? `${dir}: ${thousands(total)} rows, every byte as gen makes it`
      : `${dir}: ${thousands(summary.findings)} findings in ${thousands(total)} rows`,
  );
  return lines.join('\n');
}
