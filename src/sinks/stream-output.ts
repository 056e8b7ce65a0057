import { once } from 'node:events';
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
  let breakOff: (error: Error) => void = () => {};
  const broken = new Promise<never>((_, reject) => {
    breakOff = reject;
  });
  broken.catch(() => {});
  const onError = (cause: unknown): void => {
    failure ??= describe(cause);
    breakOff(failure);
  };
  const onClose = (): void => {
    if (!ending) onError(new Error('the destination closed before the end of the data'));
  };
  stream.on('error', onError);
  stream.on('close', onClose);
  const rethrow = (cause: unknown): never => {
    throw failure ?? describe(cause);
  };
  return {
    async write(bytes) {
      if (failure !== undefined) throw failure;
      const written = new Promise<void>((resolve, reject) => {
        stream.write(bytes, (error) => (error ? reject(error) : resolve()));
      });
      await Promise.race([written, broken]).catch(rethrow);
    },
    async end() {
      if (failure !== undefined) throw failure;
      ending = true;
      if (closeOnEnd) {
        stream.end();
        await finished(stream).catch(rethrow);
      } else if (stream.writableNeedDrain) {
        await Promise.race([once(stream, 'drain'), broken]).catch(rethrow);
      }
      stream.off('error', onError);
      stream.off('close', onClose);
      if (failure !== undefined) throw failure;
    },
  };
}
