import { AbortedError } from './errors.ts';

/**
 * Resolves after `ms`, or rejects with `AbortedError` as soon as `signal` aborts: the waits between
 * polls (a lock held by another run) must never delay Ctrl-C.
 */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(new AbortedError(signal.reason));
  return new Promise((resolve, reject) => {
    const done = (): void => {
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stop = (): void => {
      clearTimeout(timer);
      reject(new AbortedError(signal?.reason));
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}
