import { join } from 'node:path';
import type { SinkRun } from './types.ts';

/** The file of `table` (or of one of its day partitions), relative to the output directory. */
export function relativeFile(table: string, partition: string | undefined, suffix: string, extension: string): string {
  const name = `${table}${suffix}.${extension}`;
  return partition === undefined ? name : join(table, partition, name);
}

/** The name suffix of a shard's files: `.shard-2-of-4` (zero-padded so that names sort), or ''. */
export function shardSuffix(shard: SinkRun['shard']): string {
  if (shard === null) return '';
  const width = String(shard.count - 1).length;
  return `.shard-${String(shard.index).padStart(width, '0')}-of-${shard.count}`;
}

/**
 * The manifest's name: one per shard, and for a run partitioned by day one per run of days
 * (`manifest.2026-03-01_2026-03-03.json`), so that a scheduler's daily runs into one folder each keep
 * theirs, and a retry of a day replaces only that day's files and manifest.
 */
export function manifestOf(suffix: string, days: SinkRun['days'] = null): string {
  return `manifest${suffix}${days === null ? '' : `.${days.from}_${days.to}`}.json`;
}

/** Any manifest gen names (`manifestOf`). */
export const MANIFEST_NAME = /^manifest(\.shard-\d+-of-\d+)?(\.\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2})?\.json$/;

/** The days a run's manifest is named for: its days when it is partitioned by day, else none. */
export function partitionDays(run: Pick<SinkRun, 'outputs' | 'days'>): SinkRun['days'] {
  return run.outputs.some((o) => o.partition !== undefined) ? run.days : null;
}
