import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { TableOutput } from './types.ts';

/**
 * A `TableOutput` over a Node `Writable`. Each write resolves in the stream's write callback, that is once
 * the stream is done with the bytes: that is the backpressure (a chunk is far above any highWaterMark, so
 * waiting for `'drain'` would wait just as long), and it lets the coordinator reuse the buffer. The first
 * `'error'` is kept, turned into a one-line error by `describe`, and thrown by the next call.
 */
export function streamOutput(stream: Writable, describe: (cause: unknown) => Error, closeOnEnd: boolean): TableOutput {
  let failure: Error | undefined;
  const onError = (cause: unknown): void => {
    failure ??= describe(cause);
  };
  stream.on('error', onError);
  const rethrow = (cause: unknown): never => {
    throw failure ?? describe(cause);
  };
  return {
    async write(bytes) {
      if (failure !== undefined) throw failure;
      await new Promise<void>((resolve, reject) => {
        stream.write(bytes, (error) => (error ? reject(error) : resolve()));
      }).catch(rethrow);
    },
    async end() {
      if (failure !== undefined) throw failure;
      if (closeOnEnd) {
        stream.end();
        await finished(stream).catch(rethrow);
      } else if (stream.writableNeedDrain) {
        await once(stream, 'drain').catch(rethrow);
      }
      stream.off('error', onError);
      if (failure !== undefined) throw failure;
    },
  };
}
