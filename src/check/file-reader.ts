import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * A file read front to back in large blocks, for comparing it with the bytes gen would write: the next `n`
 * bytes, or the next line, without a copy per line. Every byte read is hashed, so the file's SHA-256 comes
 * out of the same pass. Memory holds one block and the line that straddles two.
 */
export interface FileReader {
  /** Whether the next bytes equal `expected`; if so they are consumed. */
  skipIf(expected: Uint8Array): Promise<boolean>;
  /** The next line without its `\n`, or null at the end of the file. */
  line(): Promise<Buffer | null>;
  /** Skips up to `n` lines; how many there were. */
  skipLines(n: number): Promise<number>;
  /** Bytes read so far, and their SHA-256 once the file is read to its end. */
  finish(): Promise<{ bytes: number; sha256: string }>;
}

const BLOCK = 1 << 20;

export function openFileReader(path: string): FileReader {
  return openReader(createReadStream(path, { highWaterMark: BLOCK }));
}

/** A reader over any stream of blocks (a file, a `COPY … TO STDOUT`). */
export function openReader(source: AsyncIterable<unknown>): FileReader {
  const blocks = source[Symbol.asyncIterator]();
  const hash: Hash = createHash('sha256');
  let buffer: Buffer = Buffer.alloc(0);
  let pos = 0;
  let bytes = 0;
  let ended = false;
  /** Reads blocks until `n` bytes are at hand after `pos`, or the file ends; false if it ended short. */
  const ensure = async (n: number): Promise<boolean> => {
    if (buffer.length - pos >= n) return true;
    // One copy however many blocks it takes (a chunk of rows may span several).
    const parts: Buffer[] = pos === buffer.length ? [] : [buffer.subarray(pos)];
    let held = buffer.length - pos;
    while (held < n && !ended) {
      const next = await blocks.next();
      if (next.done === true) {
        ended = true;
        break;
      }
      const block = next.value as Buffer;
      hash.update(block);
      bytes += block.length;
      parts.push(block);
      held += block.length;
    }
    buffer = parts.length === 1 ? parts[0]! : Buffer.concat(parts, held);
    pos = 0;
    return held >= n;
  };
  return {
    async skipIf(expected) {
      if (!(await ensure(expected.length))) return false;
      if (Buffer.compare(buffer.subarray(pos, pos + expected.length), expected) !== 0) return false;
      pos += expected.length;
      return true;
    },
    async line() {
      for (;;) {
        const end = buffer.indexOf(0x0a, pos);
        if (end >= 0) {
          const line = buffer.subarray(pos, end);
          pos = end + 1;
          return line;
        }
        if (!(await ensure(buffer.length - pos + 1))) {
          if (pos === buffer.length) return null;
          const last = buffer.subarray(pos);
          pos = buffer.length;
          return last;
        }
      }
    },
    async skipLines(n) {
      let skipped = 0;
      while (skipped < n) {
        const end = buffer.indexOf(0x0a, pos);
        if (end >= 0) {
          pos = end + 1;
          skipped++;
          continue;
        }
        if (!(await ensure(buffer.length - pos + 1))) {
          if (pos < buffer.length) skipped++;
          pos = buffer.length;
          return skipped;
        }
      }
      return skipped;
    },
    async finish() {
      while (await ensure(buffer.length - pos + 1)) pos = buffer.length;
      return { bytes, sha256: hash.digest('hex') };
    },
  };
}
