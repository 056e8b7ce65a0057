import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GenerateReport } from '../coordinator/events.ts';
import type { DatasetDefinition } from '../dataset/types.ts';
import { findDataset } from '../datasets/index.ts';
import { UsageError } from '../errors.ts';
import { planRun, type RunPlan } from '../planner/run-plan.ts';
import { TOOL } from '../version.ts';
import { CHECKED_FORMATS } from './row-lines.ts';

/** A manifest's name: `manifest.json`, or one per shard. */
const MANIFEST = /^manifest(\.shard-\d+-of-\d+)?\.json$/;

export interface ManifestTable {
  readonly name: string;
  readonly file: string;
  readonly rowStart: number;
  readonly rowEnd: number;
  readonly bytes: number;
  readonly sha256: string | null;
}

/** What the check reads of a manifest: the run's report (`GenerateReport`) with each table's file. */
export interface Manifest
  extends Pick<GenerateReport, 'tool' | 'dataset' | 'seed' | 'date' | 'days' | 'format' | 'shard'> {
  readonly options: Pick<GenerateReport['options'], 'rows' | 'scale'>;
  readonly tables: readonly ManifestTable[];
}

/** Whether `dir` holds a gen manifest (one per shard). */
export async function hasManifest(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.some((n) => MANIFEST.test(n));
}

export async function manifestsIn(dir: string): Promise<Manifest[]> {
  const names = await readdir(dir).catch((cause: unknown) => {
    throw new UsageError(`cannot read ${dir}: ${(cause as Error).message}`);
  });
  const found = names.filter((n) => MANIFEST.test(n)).sort();
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

/** The run the manifest records, planned again (inline: the check generates on this thread). */
export function replan(manifest: Manifest, given: DatasetDefinition | undefined, dir: string): RunPlan {
  const { name, version } = manifest.dataset;
  const dataset = given ?? findDataset(name);
  if (dataset.name !== name)
    throw new UsageError(`${dir} holds dataset ${name}, not ${dataset.name}: give its schema file with --config`);
  if (dataset.version !== version)
    throw new UsageError(
      `${dir} holds ${name} v${version}, and this gen makes v${dataset.version}: check it with the gen that made it`,
    );
  if (!CHECKED_FORMATS.includes(manifest.format))
    throw new UsageError(
      `gen check reads ${CHECKED_FORMATS.join(', ')} outputs for now (${dir} is ${manifest.format})`,
    );
  const { rows, scale } = manifest.options;
  return planRun({
    dataset,
    seed: manifest.seed,
    date: manifest.date,
    ...(manifest.days === null ? {} : { from: manifest.days.from, to: manifest.days.to }),
    ...(rows === null ? {} : { rows }),
    ...(scale === null ? {} : { scale }),
    format: manifest.format as 'ndjson',
    out: dir,
    workers: 0,
  });
}
