import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GenerateReport } from '../coordinator/events.ts';
import type { DatasetDefinition } from '../dataset/types.ts';
import { findDataset } from '../datasets/index.ts';
import { UsageError } from '../errors.ts';
import type { PlanOptions } from '../planner/options.ts';
import { planRun, type RunPlan } from '../planner/run-plan.ts';
import { MANIFEST_NAME } from '../sinks/output-names.ts';
import { TOOL } from '../version.ts';
import { CHECKED_FORMATS } from './row-lines.ts';

export interface ManifestTable {
  readonly name: string;
  readonly file: string;
  readonly rowStart: number;
  readonly rowEnd: number;
  readonly bytes: number;
  /** `algorithm:hex` (`checksums.ts`), or null when the run made none. */
  readonly checksum: string | null;
}

/** What the check reads of a manifest: the run's report (`GenerateReport`) with each table's file. */
export interface Manifest
  extends Pick<GenerateReport, 'tool' | 'dataset' | 'seed' | 'date' | 'days' | 'format' | 'shard'> {
  readonly options: Pick<GenerateReport['options'], 'rows' | 'scale' | 'compress' | 'compressLevel'>;
  readonly tables: readonly ManifestTable[];
}

/** Whether `dir` holds a gen manifest (one per shard). */
export async function hasManifest(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.some((n) => MANIFEST_NAME.test(n));
}

export async function manifestsIn(dir: string): Promise<Manifest[]> {
  const names = await readdir(dir).catch((cause: unknown) => {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : (cause as Error).message;
    throw new UsageError(
      `cannot read ${dir}: ${why}; gen check takes the --out folder of a gen run, or --url URL for a database`,
    );
  });
  const found = names.filter((n) => MANIFEST_NAME.test(n)).sort();
  if (found.length === 0)
    throw new UsageError(`${dir} holds no gen manifest (manifest.json): give a directory gen wrote`);
  return Promise.all(
    found.map(async (name) => {
      const manifest = JSON.parse(await readFile(join(dir, name), 'utf8')) as Manifest;
      if (manifest.tool?.name !== TOOL.name || !Array.isArray(manifest.tables))
        throw new UsageError(`${join(dir, name)} is not a gen manifest`);
      return manifest;
    }),
  );
}

/** What a manifest or a run log records of a run: enough to plan it again. */
export interface RecordedRun {
  readonly dataset: { readonly name: string; readonly version: number };
  readonly seed: number;
  readonly date: string;
  readonly days: { readonly from: string; readonly to: string } | null;
  readonly rows: number | null;
  readonly scale: number | string | null;
}

/**
 * A recorded run planned again, inline (a check makes rows on its own threads), with `target` saying
 * where it went; `given` is a schema file's dataset, else the built-in one of the recorded name.
 * @throws {UsageError} when the dataset is another, or another version of it, than the one recorded.
 */
export function planAgain(
  run: RecordedRun,
  given: DatasetDefinition | undefined,
  where: string,
  target: PlanOptions,
): RunPlan {
  const { name, version } = run.dataset;
  // A load of a schema file (`gen --config app.yaml`) names a dataset no built-in has: say how to give it.
  const builtIn = (): DatasetDefinition => {
    try {
      return findDataset(name);
    } catch {
      throw new UsageError(
        `${where} holds dataset ${name}, which is no built-in one: give its schema file with --config FILE`,
      );
    }
  };
  const dataset = given ?? builtIn();
  if (dataset.name !== name)
    throw new UsageError(`${where} holds dataset ${name}, not ${dataset.name}: give its schema file with --config`);
  if (dataset.version !== version)
    throw new UsageError(
      `${where} holds ${name} v${version}, and this gen makes v${dataset.version}: check it with the gen that made it`,
    );
  return planRun({
    ...target,
    dataset,
    seed: run.seed,
    date: run.date,
    ...(run.days === null ? {} : { from: run.days.from, to: run.days.to }),
    ...(run.rows === null ? {} : { rows: run.rows }),
    ...(run.scale === null ? {} : { scale: run.scale }),
    workers: 0,
  });
}

/** The run a manifest records, planned again. */
export function replan(manifest: Manifest, given: DatasetDefinition | undefined, dir: string): RunPlan {
  if (!CHECKED_FORMATS.includes(manifest.format))
    throw new UsageError(
      `gen check reads ${CHECKED_FORMATS.join(', ')} outputs for now (${dir} is ${manifest.format})`,
    );
  const format = manifest.format as NonNullable<PlanOptions['format']>;
  // Compressed, shards start on a member's first row: the codec is part of the layout.
  const { compress, compressLevel } = manifest.options;
  const codec = compress === undefined ? {} : { compress, ...(compressLevel === undefined ? {} : { compressLevel }) };
  return planAgain({ ...manifest, ...manifest.options }, given, dir, { format, out: dir, ...codec });
}
