import type { Writable } from 'node:stream';
import { OutputClosedError } from '../errors.ts';
import { ioError } from './io-errors.ts';
import { streamOutput } from './stream-output.ts';
import type { Sink, SinkRecord } from './types.ts';

/**
 * Writes every table to one stream (`--out -`: stdout), in table order. Nothing can be taken back from a
 * pipe, so there is no temp name and no manifest; an interrupted run simply ends the stream early.
 */
export function createStreamSink(stream: Writable): Sink {
  const describe = (cause: unknown): Error =>
    (cause as NodeJS.ErrnoException).code === 'EPIPE'
      ? new OutputClosedError({ cause })
      : ioError('write to', 'stdout', cause);
  return {
    async open() {
      return { output: streamOutput(stream, describe, false), path: null, file: null };
    },
    async commit() {
      return null;
    },
    async abort() {},
  };
}

/** The stdout sink's target. */
export interface StdoutTarget {
  readonly kind: 'stdout';
}

/** Standard output (`--out -`). */
export const stdoutSink: SinkRecord<StdoutTarget> = {
  kind: 'stdout',
  options: [],
  asking: (name) => `${name('out')} -`,
  claims: (options) => options.out === '-',
  plan: () => ({ kind: 'stdout' }),
  describe: () => 'stdout',
  files: false,
  tables: 'one',
  framesItself: false,
  open: async (_, run) => createStreamSink(run.stdout),
};
