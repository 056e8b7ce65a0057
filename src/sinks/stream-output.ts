import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { TableOutput } from './types.ts';

/**
 * A `TableOutput` over a Node `Writable`. Each write resolves in the stream's write callback, that is once
 * the stream is done with the bytes: that is the backpressure (a chunk is far above any highWaterMark, so
 * waiting for `'drain'` would wait just as long), and it lets the coordinator reuse the buffer. The first
 * `'error'` is kept, turned into a one-line error by `describe`, and thrown by the next call. A stream that
 * errors or closes early also fails the write in progress: a stream may hold that write's callback until
 * its socket drains (pg-copy-streams does), which a dead socket never does.
 */
export function streamOutput(stream: Writable, describe: (cause: unknown) => Error, closeOnEnd: boolean): TableOutput {
  let failure: Error | undefined;
  let ending = false;
  // The rejections of the waits in progress. Not one long-lived promise raced against each write: every
  // Promise.race adds a reaction to it that lives as long as it does (nodejs/node#17469), a leak of ~300
  // bytes per chunk (1e8 NDJSON rows: 3,000 reactions, ~1 MiB of the coordinator's heap and growing).
  const waiting = new Set<(error: Error) => void>();
  const onError = (cause: unknown): void => {
    failure ??= describe(cause);
    for (const reject of waiting) reject(failure);
    waiting.clear();
  };
  const onClose = (): void => {
    if (!ending) onError(new Error('the destination closed before the end of the data'));
  };
  stream.on('error', onError);
  stream.on('close', onClose);
  const rethrow = (cause: unknown): never => {
    throw failure ?? describe(cause);
  };
  /** Waits for `start`'s callback, or fails with the stream's first error, whichever comes first. */
  const guarded = (start: (done: (error?: Error | null) => void) => void): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      waiting.add(reject);
      start((error) => {
        waiting.delete(reject);
        if (error) reject(failure ?? describe(error));
        else resolve();
      });
    });
  return {
    async write(bytes) {
      await guarded((done) => stream.write(bytes, done));
    },
    async end() {
      if (failure !== undefined) throw failure;
      ending = true;
      if (closeOnEnd) {
        stream.end();
        await finished(stream).catch(rethrow);
      } else if (stream.writableNeedDrain) {
        await guarded((done) => stream.once('drain', () => done()));
      }
      stream.off('error', onError);
      stream.off('close', onClose);
      if (failure !== undefined) throw failure;
    },
  };
}
