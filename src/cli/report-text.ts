import type { GenerateReport } from '../coordinator/events.ts';
import { type DatasetDefinition, foreignKeys, type TableDefinition } from '../dataset/types.ts';
import { chunkCount } from '../plan/chunk-plan.ts';
import type { RunPlan } from '../planner/run-plan.ts';
import { sinkOf } from '../sinks/sinks.ts';
import { bytes, compact, duration, table, thousands } from './format.ts';

/** The summary printed after a run: one row per table, then totals and where the manifest is. */
export function summaryText(report: GenerateReport): string {
  const rows = summaryRows(report.tables);
  const totalRows = report.tables.reduce((sum, t) => sum + t.rows, 0);
  const seconds = report.wallMs / 1000;
  const shard = `${report.days === null ? '' : `, days ${report.days.from}..${report.days.to}`}${report.shard === null ? '' : `, shard ${report.shard.index}/${report.shard.count}`}`;
  const workers = report.options.workers === 0 ? 'no pool' : `${report.options.workers} workers`;
  return [
    table([['table', 'rows', 'bytes', 'file', 'checksum'], ...rows]),
    `${report.dataset.name} v${report.dataset.version}: ${thousands(totalRows)} rows in ${duration(seconds)} (${compact(totalRows / Math.max(seconds, 1e-3))} rows/s, ${workers}, peak ${bytes(report.peakRssBytes)}), seed ${report.seed}, date ${report.date}${shard}`,
    report.manifest === null ? '' : `${report.manifest.endsWith('.json') ? 'manifest' : 'run log'}: ${report.manifest}`,
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * One line per table; a table partitioned by day is one line too, its files counted (a year of days would
 * otherwise be hundreds of lines), with the folder that holds them.
 */
function summaryRows(tables: GenerateReport['tables']): string[][] {
  const names = [...new Set(tables.map((t) => t.name))];
  return names.map((name) => {
    const parts = tables.filter((t) => t.name === name);
    const [first] = parts;
    if (parts.length === 1 || first === undefined)
      return [
        name,
        thousands(first!.rows),
        bytes(first!.bytes),
        first!.path ?? 'stdout',
        first!.checksum?.slice(0, 23) ?? '-',
      ];
    const sum = (key: 'rows' | 'bytes') => parts.reduce((total, t) => total + t[key], 0);
    const folder = first.path === null ? 'stdout' : first.path.slice(0, first.path.indexOf(first.partition ?? '\0'));
    return [name, thousands(sum('rows')), bytes(sum('bytes')), `${parts.length} partitions in ${folder}`, '-'];
  });
}

/** What `--dry-run` prints: the plan, nothing made. */
export function planText(plan: RunPlan): string {
  const target = sinkOf(plan.target).describe(plan.target);
  const rows = plan.slices.map((s) => [
    s.name,
    thousands(s.end - s.start),
    `${thousands(s.start)}..${thousands(s.end)}`,
    thousands(chunkCount(s, plan.chunkRows, plan.atLeastOneChunk)),
  ]);
  return [
    `dry run: nothing is written`,
    `dataset ${plan.dataset.name} v${plan.dataset.version}, seed ${plan.params.seed}, date ${plan.date}, format ${plan.format}${plan.compression === null ? '' : ` (${plan.compression.codec} level ${plan.compression.level})`} → ${target}`,
    `${plan.workers === 0 ? 'no pool (a small job runs on the main thread)' : `${plan.workers} worker${plan.workers === 1 ? '' : 's'}`}, ${thousands(plan.chunkRows)} rows per chunk${plan.shard === null ? '' : `, shard ${plan.shard.index}/${plan.shard.count}`}`,
    ...(plan.memory === null ? [] : [memoryText(plan.memory)]),
    table([['table', 'rows', 'row ids', 'chunks'], ...rows]),
  ].join('\n');
}

function memoryText(memory: NonNullable<RunPlan['memory']>): string {
  const mib = (bytes: number): string => `${thousands(Math.round(bytes / 2 ** 20))} MiB`;
  return `memory: about ${mib(memory.estimateBytes)} at the peak, within ${mib(memory.limitBytes)} (${memory.source === 'option' ? '--memory' : "the container's limit"})`;
}

/** What `gen list` prints. */
export function listText(datasets: readonly DatasetDefinition[]): string {
  // A block per dataset, wrapped to fit an 80-column terminal (a table of them was 280 columns wide).
  return datasets
    .map((d) =>
      [
        `${d.name} (version ${d.version})`,
        ...wrapped(d.description, LIST_WIDTH - 2),
        ...wrapped(`tables: ${d.tables.map((t) => t.name).join(', ')}`, LIST_WIDTH - 2),
      ].join('\n  '),
    )
    .join('\n\n');
}

const LIST_WIDTH = 80;

/** `text` in lines of at most `width` characters, broken at spaces (a longer word keeps a line of its own). */
export function wrapped(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return line === '' ? lines : [...lines, line];
}

/** How a table's rows are laid out, in words. */
function layoutText(t: TableDefinition): string {
  const shape = t.shape;
  if (shape === undefined) return '';
  if (shape.kind === 'daily') return `, ~${compact(shape.rows)} a day at scale 1`;
  if (shape.kind === 'children')
    return `, ${shape.min}-${shape.max} per ${shape.parent} row${shape.weights === undefined ? '' : ` (weights ${shape.weights.join('/')})`}`;
  return `, one per ${shape.tables.join(' × ')}${shape.daily === true ? ' × day' : ''}`;
}

/**
 * What `gen describe NAME` prints: the run's row counts (at the chosen scale and days), then every table
 * with its keys and its columns, types and generators.
 */
export function describeText(plan: RunPlan): string {
  const { dataset } = plan;
  const days = plan.days === null ? '' : `, days ${plan.days.from}..${plan.days.to}`;
  const blocks = plan.slices.map((slice) => {
    const t = dataset.tables[slice.table]!;
    const keys = [
      t.primaryKey === undefined ? '' : `  primary key (${t.primaryKey.join(', ')})`,
      ...foreignKeys(t).map((fk) => `  ${fk.column} → ${fk.table}${fk.target === undefined ? '' : `.${fk.target}`}`),
    ].filter((line) => line !== '');
    const rows = t.columns.map((c) => [
      c.name,
      c.type.kind === 'decimal' ? `decimal(${c.type.scale})` : c.type.kind,
      JSON.stringify(c.generator) + (c.nullWhen === undefined ? '' : `, null when ${c.nullWhen}`),
    ]);
    return [
      `table ${t.name}: ${thousands(slice.end - slice.start)} rows${layoutText(t)}`,
      ...keys,
      table([['column', 'type', 'generator'], ...rows]).replace(/^/gm, '  '),
    ].join('\n');
  });
  return [
    `${dataset.name} v${dataset.version}: ${dataset.description}`,
    `(rows for seed ${plan.params.seed}, date ${plan.date}${days}; see --scale, --days, --from/--to)`,
    ...(dataset.defects === undefined
      ? []
      : [
          `defects in every run: ${Object.entries(dataset.defects)
            .map(([kind, share]) => `${kind} ${share}`)
            .join(', ')}`,
        ]),
    ...blocks,
  ].join('\n\n');
}
