/**
 * The few object-store calls the S3 sink makes, behind a small interface, over the AWS SDK v3
 * (`@aws-sdk/client-s3`), which is imported only when a run writes to `s3://`: it is large, and other runs
 * should not pay for loading it.
 */
import { SinkError } from '../errors.ts';

export interface ObjectStore {
  /** Starts a multipart upload of `key`: invisible until completed. */
  create(key: string): Promise<string>;
  uploadPart(key: string, upload: string, part: number, body: Uint8Array): Promise<string>;
  complete(key: string, upload: string, etags: readonly string[]): Promise<void>;
  /** Best effort: a store that cannot abort (s3rver) keeps the parts, which no listing shows. */
  abort(key: string, upload: string): Promise<void>;
  put(key: string, body: Uint8Array): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<Buffer | null>;
  /** Every key under `prefix`. */
  list(prefix: string): Promise<string[]>;
  /** Not cancelled by the run's signal (like `abort`): a cancelled run cleans up with it. */
  delete(key: string): Promise<void>;
}

/** Each request is bounded: connecting, and waiting for a response (a part of 8 MiB on a slow link). */
const CONNECT_MS = 10_000;
const REQUEST_MS = 120_000;

/** The endpoint of an S3-compatible store (`AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`), or null for AWS. */
function endpointOf(env: NodeJS.ProcessEnv): string | null {
  return env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL ?? null;
}

/**
 * The store of `bucket`: credentials and region from the SDK's standard chain (environment, shared files,
 * instance roles); an endpoint that is not AWS gets path-style addressing (MinIO, Ceph, s3rver, R2) and
 * region `us-east-1` unless one is set.
 */
export async function openObjectStore(
  bucket: string,
  signal: AbortSignal | undefined,
  describe: (cause: unknown) => Error,
): Promise<ObjectStore> {
  // gen's stderr carries its own one-line messages; the SDK's notice about Node 20 (releases after
  // January 2027 need Node 22) would print a block of text on every run. Set it to false to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const sdk = await import('@aws-sdk/client-s3');
  const endpoint = endpointOf(process.env);
  const custom = endpoint !== null && !/\.amazonaws\.com(\.cn)?(:\d+)?\/?$/.test(endpoint);
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? (custom ? 'us-east-1' : undefined);
  const client = new sdk.S3Client({
    ...(region === undefined ? {} : { region }),
    forcePathStyle: custom,
    maxAttempts: 3,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: CONNECT_MS, requestTimeout: REQUEST_MS },
  });
  const options = signal === undefined ? {} : { abortSignal: signal };
  /** One request, its error in gen's words. */
  const call = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (cause) {
      throw describe(cause);
    }
  };
  return {
    async create(key) {
      const command = new sdk.CreateMultipartUploadCommand({ Bucket: bucket, Key: key });
      const out = await call(() => client.send(command, options));
      if (out.UploadId === undefined) throw new SinkError(`s3://${bucket}/${key}: the store gave no upload id`);
      return out.UploadId;
    },
    async uploadPart(key, upload, part, body) {
      const command = new sdk.UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId: upload,
        PartNumber: part,
        Body: body,
      });
      return (await call(() => client.send(command, options))).ETag ?? '';
    },
    async complete(key, upload, etags) {
      const Parts = etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 }));
      const command = new sdk.CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: upload,
        MultipartUpload: { Parts },
      });
      await call(() => client.send(command, options));
    },
    async abort(key, upload) {
      await client
        .send(new sdk.AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: upload }))
        .catch(() => undefined);
    },
    async put(key, body) {
      const command = new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body });
      await call(() => client.send(command, options));
    },
    async get(key) {
      try {
        const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }), options);
        return Buffer.from(await out.Body!.transformToByteArray());
      } catch (cause) {
        if ((cause as { name?: string }).name === 'NoSuchKey') return null;
        throw describe(cause);
      }
    },
    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const command = new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token });
        const out = await call(() => client.send(command, options));
        for (const item of out.Contents ?? []) if (item.Key !== undefined) keys.push(item.Key);
        token = out.NextContinuationToken;
      } while (token !== undefined);
      return keys;
    },
    async delete(key) {
      // Not cancelled by the run's signal: deleting is how a cancelled run cleans up.
      const command = new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key });
      await call(() => client.send(command));
    },
  };
}
