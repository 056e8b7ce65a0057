import { UsageError } from '../errors.ts';

/**
 * The variables by which the engines that run many copies of one container tell each copy its index, in
 * the order they are looked at:
 * - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` (https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode);
 * - AWS Batch array jobs: `AWS_BATCH_JOB_ARRAY_INDEX` (https://docs.aws.amazon.com/batch/latest/userguide/array_jobs.html);
 * - Cloud Run jobs: `CLOUD_RUN_TASK_INDEX` (https://cloud.google.com/run/docs/container-contract#jobs-env-vars).
 */
export const INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX', 'CLOUD_RUN_TASK_INDEX'] as const;

/**
 * The index of `--shard auto/N` from the environment: the one variable of `INDEX_VARIABLES` that is set
 * (several must agree), a whole number below `count`.
 * @throws {UsageError} when none is set, they disagree, or the index is not one of the N.
 */
export function shardIndexFromEnv(count: number, env: NodeJS.ProcessEnv): number {
  const set = INDEX_VARIABLES.filter((name) => env[name] !== undefined && env[name] !== '');
  if (set.length === 0)
    throw new UsageError(
      `--shard auto/${count} takes its index from ${INDEX_VARIABLES.join(', ')} (Kubernetes Indexed Job, AWS Batch array job, Cloud Run job), and none is set: give --shard i/${count}`,
    );
  const values = new Set(set.map((name) => env[name]));
  if (values.size > 1) throw new UsageError(`--shard auto: ${set.map((n) => `${n}=${env[n]}`).join(' and ')} disagree`);
  const text = env[set[0]!]!;
  const index = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(index < count))
    throw new UsageError(`--shard auto/${count}: ${set[0]}=${text} is not an index from 0 to ${count - 1}`);
  return index;
}
