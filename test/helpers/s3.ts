import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../../bench/postgres-server.ts';

/** A running s3rver (an S3-compatible store in Node, from npm) with bucket `BUCKET`, and how to reach it. */
export interface TestStore {
  readonly env: NodeJS.ProcessEnv;
  /** Every key under `prefix` (of `bucket`, default `BUCKET`), sorted. */
  keys(prefix: string, bucket?: string): Promise<string[]>;
  get(key: string, bucket?: string): Promise<Buffer>;
  put(key: string, body: Buffer): Promise<void>;
  /** Stops the server (a store that fails mid-upload) and starts it again on the same port and files. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export const BUCKET = 'shardgen-test';

/** Starts an s3rver on a free local port for the suite (buckets `BUCKET` and `more`), stopped and removed after it. */
export function useS3(more: readonly string[] = []): TestStore {
  const dir = mkdtempSync(join(tmpdir(), 'shardgen-s3-'));
  let port = 0;
  let server: S3rver | undefined;
  let client: S3Client | undefined;
  const start = async (): Promise<void> => {
    server = new S3rver({
      address: '127.0.0.1',
      port,
      directory: dir,
      silent: true,
      configureBuckets: [BUCKET, ...more].map((name) => ({ name })),
    });
    await server.run();
  };
  beforeAll(async () => {
    // The SDK's notice about Node 20 (see src/sinks/s3-client.ts), printed once per test file otherwise.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    port = await freePort();
    await start();
    client = new S3Client({
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get env() {
      return {
        AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        AWS_REGION: 'us-east-1',
      };
    },
    async keys(prefix, bucket = BUCKET) {
      const out = await client!.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (out.Contents ?? []).map((o) => o.Key!).sort();
    },
    async get(key, bucket = BUCKET) {
      const out = await client!.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    },
    async put(key, body) {
      await client!.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    },
    async stop() {
      await server?.close();
    },
    start,
  };
}
