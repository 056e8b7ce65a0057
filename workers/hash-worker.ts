/**
 * The thread that hashes a run's files (`src/coordinator/file-hashes.ts`): SHA-256 over each file's bytes
 * in the order they are written, off the coordinator's thread. A one-thread piscina pool runs its tasks
 * one at a time in order, so a file's hash is updated in write order. Bytes arrive as views of shared
 * memory (the chunks the workers encoded), so nothing is copied; a task ends once its bytes are hashed,
 * and only then may the coordinator reuse the memory.
 */
import { createHash, type Hash } from 'node:crypto';

/** A task: bytes of file `file`, or its end (answered with its digest). */
export type HashTask =
  | { readonly file: number; readonly bytes: Uint8Array }
  | { readonly file: number; readonly end: true };

const files = new Map<number, Hash>();

export default function hashTask(task: HashTask): string | null {
  let hash = files.get(task.file);
  if (hash === undefined) {
    hash = createHash('sha256');
    files.set(task.file, hash);
  }
  if ('bytes' in task) {
    hash.update(task.bytes);
    return null;
  }
  files.delete(task.file);
  return hash.digest('hex');
}
