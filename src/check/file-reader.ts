import { createReadStream } from 'node:fs';
import { type Checksum, type ChecksumAlgorithm, createChecksum } from '../checksums.ts';
import type { Codec } from '../compression/codecs.ts';
import { decompressed } from '../compression/decompress.ts';

/**
 * A file read front to back in large blocks, for comparing it with the bytes gen would write: the next `n`
 * bytes, or the next line, without a copy per line. Every byte read is hashed (when an algorithm is given),
 * so the file's checksum comes out of the same pass. Memory holds one block and the line that straddles two.
 */
export interface FileReader {
  /** Whether the next bytes equal `expected`; if so they are consumed. */
  skipIf(expected: Uint8Array): Promise<boolean>;
  /** The next line without its `\n`, or null at the end of the file. */
  line(): Promise<Buffer | null>;
  /** Puts back the line `line()` just gave: the next `line()` gives it again. Only right after `line()`. */
  unread(): void;
  /** Skips up to `n` lines; how many there were. */
  skipLines(n: number): Promise<number>;
  /** Bytes read so far, and their checksum (`algorithm:hex`, or null) once the file is read to its end. */
  finish(): Promise<FileDigest>;
}

const BLOCK = 1 << 20;

/** The bytes and checksum of what was read. */
export interface FileDigest {
  readonly bytes: number;
  readonly checksum: string | null;
}

/** A hasher of `algorithm`, or one that hashes nothing. */
function hasher(algorithm: ChecksumAlgorithm | null): Promise<Checksum | null> {
  return algorithm === null ? Promise.resolve(null) : createChecksum(algorithm);
}

/**
 * A reader of the file at `path`, hashed with `algorithm`; of its decompressed text when `codec` is given
 * (the bytes and hash are then the file's own, compressed). Text that does not decompress ends where it stops: the rows after it
 * are missing, and the hash tells the file is not the one gen wrote.
 */
export function openFileReader(
  path: string,
  codec: Codec | null = null,
  algorithm: ChecksumAlgorithm | null = null,
): FileReader {
  const file = createReadStream(path, { highWaterMark: BLOCK });
  if (codec === null) return openReader(file, algorithm);
  const blocks = (file as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const hashing = hasher(algorithm);
  let bytes = 0;
  const take = async (block: Buffer): Promise<Buffer> => {
    (await hashing)?.update(block);
    bytes += block.length;
    return block;
  };
  async function* compressed(): AsyncIterable<Buffer> {
    for (let next = await blocks.next(); next.done !== true; next = await blocks.next()) yield await take(next.value);
  }
  async function* text(): AsyncIterable<Buffer> {
    try {
      yield* decompressed(compressed(), codec!);
    } catch {
      // damaged: the text ends here
    }
  }
  return openReader(text(), null, async () => {
    for (let next = await blocks.next(); next.done !== true; next = await blocks.next()) await take(next.value);
    return { bytes, checksum: (await hashing)?.digest() ?? null };
  });
}

/**
 * A reader over any stream of blocks (a file, a `COPY … TO STDOUT`), hashed with `algorithm`; `digest`,
 * when given, says what `finish` resolves to instead.
 */
export function openReader(
  source: AsyncIterable<unknown>,
  algorithm: ChecksumAlgorithm | null = null,
  digest?: () => Promise<FileDigest>,
): FileReader {
  const blocks = source[Symbol.asyncIterator]();
  const hashing = hasher(algorithm);
  let buffer: Buffer = Buffer.alloc(0);
  let pos = 0;
  let bytes = 0;
  let ended = false;
  let lineStart = -1;
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
      (await hashing)?.update(block);
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
      lineStart = -1;
      if (!(await ensure(expected.length))) return false;
      if (Buffer.compare(buffer.subarray(pos, pos + expected.length), expected) !== 0) return false;
      pos += expected.length;
      return true;
    },
    async line() {
      for (;;) {
        const end = buffer.indexOf(0x0a, pos);
        lineStart = pos;
        if (end >= 0) {
          pos = end + 1;
          return buffer.subarray(lineStart, end);
        }
        if (!(await ensure(buffer.length - pos + 1))) {
          lineStart = pos;
          if (pos === buffer.length) return null;
          pos = buffer.length;
          return buffer.subarray(lineStart);
        }
      }
    },
    unread() {
      if (lineStart < 0) throw new Error('unread() only right after line()');
      pos = lineStart;
      lineStart = -1;
    },
    async skipLines(n) {
      lineStart = -1;
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
      return digest === undefined ? { bytes, checksum: (await hashing)?.digest() ?? null } : digest();
    },
  };
}
