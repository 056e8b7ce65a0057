/**
 * The thread that hashes a run's files (`src/coordinator/file-hashes.ts`): each file's checksum over its
 * bytes in the order they are written, off the coordinator's thread. A one-thread piscina pool runs its
 * tasks one at a time in order, so a file's hash is updated in write order. Bytes arrive as views of
 * shared memory (the chunks the workers encoded), so nothing is copied; a task ends once its bytes are
 * hashed, and only then may the coordinator reuse the memory.
 */
import { type Checksum, type ChecksumAlgorithm, createChecksum } from '../src/checksums.ts';

/** A task: bytes of file `file`, or its end (answered with its checksum). */
export type HashTask = { readonly file: number; readonly algorithm: ChecksumAlgorithm } & (
  | { readonly bytes: Uint8Array }
  | { readonly end: true }
);

const files = new Map<number, Checksum>();

export default async function hashTask(task: HashTask): Promise<string | null> {
  let hash = files.get(task.file);
  if (hash === undefined) {
    hash = await createChecksum(task.algorithm);
    files.set(task.file, hash);
  }
  if ('bytes' in task) {
    hash.update(task.bytes);
    return null;
  }
  files.delete(task.file);
  return hash.digest();
}
