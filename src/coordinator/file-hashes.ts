/**
 * The checksum of each file a run writes (the manifest's `checksum`, see `checksums.ts`). Hashing on the
 * coordinator's thread made it the bottleneck: SHA-256 took 1.23 of its 1.44 CPU-seconds for 1e7 NDJSON
 * rows (`--progress json`'s `cpu.mainThreadSec`, with and without a checksum), and the wall time 3.43 s
 * against 2.37 s. Runs with workers hash on a thread of their own instead, while the coordinator writes.
 */
import { type Checksum, type ChecksumAlgorithm, createChecksum } from '../checksums.ts';
import { siblingModule } from '../module-url.ts';

/** One file's hash: `update` resolves once `bytes` are hashed (their memory may then be reused). */
export interface FileHash {
  update(bytes: Uint8Array): Promise<void>;
  digest(): Promise<string>;
}

/** Where a run's files are hashed. */
export interface FileHashes {
  open(): FileHash;
  close(): Promise<void>;
}

/** On this thread: for runs without workers (small jobs), where a thread would cost more than it saves. */
export function hashesHere(algorithm: ChecksumAlgorithm): FileHashes {
  return {
    open() {
      const hash: Promise<Checksum> = createChecksum(algorithm);
      return {
        update: async (bytes) => {
          (await hash).update(bytes);
        },
        digest: async () => (await hash).digest(),
      };
    },
    close: async () => {},
  };
}

/** On a thread of their own (`workers/hash-worker`: a one-thread piscina pool, tasks in order). */
export async function hashesOnThread(algorithm: ChecksumAlgorithm): Promise<FileHashes> {
  const { Piscina } = await import('piscina');
  const pool = new Piscina<object, string | null>({
    filename: siblingModule(import.meta.url, '../../workers/hash-worker'),
    minThreads: 1,
    maxThreads: 1,
    concurrentTasksPerWorker: 1,
    recordTiming: false, // as in chunk-runner.ts
  });
  pool.on('error', () => {});
  let files = 0;
  return {
    open() {
      const file = files++;
      return {
        // A view of shared memory is sent as it is (the thread reads the same memory); other bytes are copied.
        update: async (bytes) => {
          await pool.run({ file, algorithm, bytes });
        },
        digest: async () => (await pool.run({ file, algorithm, end: true }))!,
      };
    },
    close: () => pool.destroy(),
  };
}
