import { SinkError, UsageError } from '../errors.ts';
import { listedByManifests, refuse } from './file-ownership.ts';
import { manifestOf, partitionDays, relativeFile, shardSuffix } from './output-names.ts';
import { type ObjectStore, openObjectStore } from './s3-client.ts';
import { type PendingObject, startUpload } from './s3-upload.ts';
import type { Sink, SinkRecord, SinkRun } from './types.ts';

/** The object-store sink's target: a bucket and a key prefix (empty, or ending with `/`). */
export interface S3Target {
  readonly kind: 's3';
  readonly bucket: string;
  readonly prefix: string;
}

/** Bucket names as S3 allows them (3-63 lowercase letters, digits, dots and hyphens). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `s3://bucket/prefix/` split; the prefix gets its trailing `/`. */
export function parseS3Url(url: string, flag: string): S3Target {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url);
  if (match === null || !BUCKET.test(match[1]!))
    throw new UsageError(`${flag} ${url}: give s3://BUCKET/PREFIX/ with a valid bucket name`);
  const prefix = (match[2] ?? '').replace(/\/+$/, '');
  return { kind: 's3', bucket: match[1]!, prefix: prefix === '' ? '' : `${prefix}/` };
}

/** The store's error in one line, naming the object and what to check. */
function describeError(target: S3Target, key: string) {
  return (cause: unknown): Error => {
    const error = cause as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
    const where = `s3://${target.bucket}/${key}`;
    if (error.name === 'AbortError') return cause as Error;
    if (error.name === 'CredentialsProviderError')
      return new SinkError(
        `${where}: no credentials for the object store: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE`,
        { cause },
      );
    if (/region is missing/i.test(error.message ?? ''))
      return new SinkError(
        `${where}: no region for the object store: set AWS_REGION (or AWS_ENDPOINT_URL for an S3-compatible store)`,
        { cause },
      );
    if (error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND' || error.name === 'TimeoutError')
      return new SinkError(
        `${where}: cannot reach the object store (${error.code ?? error.name}): check AWS_ENDPOINT_URL and the network`,
        { cause },
      );
    const status = error.$metadata?.httpStatusCode;
    return new SinkError(
      `${where}: ${error.name ?? 'error'}${status === undefined ? '' : ` (HTTP ${status})`}: ${error.message ?? String(cause)}`,
      { cause },
    );
  };
}

/**
 * Checks, before anything is generated, that every object the run would replace is gen's: a gen manifest
 * under the prefix lists it (`manifestOf`'s names), and the manifest the run writes is gen's if it is
 * there; `force` takes any.
 */
async function checkObjects(
  store: ObjectStore,
  target: S3Target,
  keys: readonly string[],
  manifestKey: string,
  force: boolean,
): Promise<void> {
  const existing = new Set(await store.list(target.prefix));
  if (force || !keys.some((k) => existing.has(k))) return;
  const url = (key: string): string => `s3://${target.bucket}/${key}`;
  const name = (key: string): string => key.slice(target.prefix.length);
  const unlisted = (listed: ReadonlySet<string>): string[] =>
    keys.filter((k) => existing.has(k) && !listed.has(name(k)));
  // A prefix of daily runs holds one manifest a day: a retry's objects are in its own, read first.
  const { listed, ownIsGens } = await listedByManifests(
    [...existing].filter((k) => !name(k).includes('/')).map(name),
    name(manifestKey),
    async (manifest) => (await store.get(`${target.prefix}${manifest}`))?.toString('utf8') ?? null,
    (found) => unlisted(found).length === 0,
  );
  if (!ownIsGens) throw refuse(url(manifestKey), 'was not written by gen');
  const first = unlisted(listed)[0];
  if (first !== undefined)
    throw refuse(url(first), `exists, and no gen manifest under s3://${target.bucket}/${target.prefix} lists it`);
}

/**
 * Objects under a prefix, all or nothing as far as a store allows: each table (and partition) is a
 * multipart upload that stays invisible until the commit completes it, the manifest last; a failed or
 * interrupted run aborts its uploads, so it leaves no object. Completing several objects is not one
 * atomic step: a run that fails during its commit deletes the objects it had completed (an earlier run's
 * objects under those names are then gone too).
 */
export async function createS3Sink(target: S3Target, run: SinkRun): Promise<Sink> {
  const suffix = shardSuffix(run.shard);
  const keyOf = (file: string): string => `${target.prefix}${file}`;
  const manifestKey = keyOf(manifestOf(suffix, partitionDays(run)));
  const store = await openObjectStore(target.bucket, run.signal, describeError(target, target.prefix));
  const keys = run.outputs.map((o) => keyOf(relativeFile(o.table, o.partition, suffix, run.extension)));
  await checkObjects(store, target, keys, manifestKey, run.force);
  const pending: PendingObject[] = [];
  const completed: string[] = [];
  const rollBack = async (): Promise<void> => {
    await Promise.all(pending.splice(0).map((p) => p.abort()));
    for (const key of completed.splice(0)) await store.delete(key).catch(() => undefined);
  };
  return {
    async open(table, partition) {
      const file = relativeFile(table.name, partition, suffix, run.extension);
      const object = await startUpload(store, keyOf(file));
      pending.push(object);
      return { output: object.output, path: `s3://${target.bucket}/${object.key}`, file };
    },
    async commit(manifest) {
      try {
        for (const object of pending) {
          await object.complete();
          completed.push(object.key);
        }
        pending.length = 0;
        await store.put(manifestKey, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
        completed.length = 0;
        return `s3://${target.bucket}/${manifestKey}`;
      } catch (error) {
        await rollBack();
        throw error;
      }
    },
    abort: rollBack,
  };
}

/** An object store (`--out s3://bucket/prefix/`): AWS S3 or any S3-compatible store (`AWS_ENDPOINT_URL`). */
export const s3Sink: SinkRecord<S3Target> = {
  kind: 's3',
  options: [],
  asking: (name) => `${name('out')} s3://BUCKET/PREFIX/`,
  claims: (options) => typeof options.out === 'string' && options.out.startsWith('s3://'),
  plan: (options, { name }) => parseS3Url(options.out!, name('out')),
  describe: (target) => `s3://${target.bucket}/${target.prefix}`,
  files: true,
  tables: 'any',
  framesItself: false,
  open: createS3Sink,
};
