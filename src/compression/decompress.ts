/**
 * Reading compressed files back, a block at a time (for `gen check`): gzip through zlib (which reads every
 * member of a file), zstd one frame at a time, each frame found by its headers (RFC 8878 §3.1.1) and
 * decompressed whole, so memory holds one frame, not the file.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CODEC_INFO, CODECS, type Codec, loadZstd } from './codecs.ts';

/** The codec a file's name says it is compressed with (`.gz`, `.zst`), or null. */
export function codecOfFile(name: string): Codec | null {
  return CODECS.find((codec) => name.endsWith(`.${CODEC_INFO[codec].suffix}`)) ?? null;
}

/** The decompressed bytes of `source`, a stream of compressed blocks. */
export function decompressed(source: AsyncIterable<Buffer>, codec: Codec): AsyncIterable<Buffer> {
  return codec === 'gzip' ? Readable.from(source).pipe(createGunzip()) : zstdFrames(source);
}

const ZSTD_MAGIC = 0xfd2fb528;

/**
 * The length of the zstd frame at the start of `bytes`, or -1 when `bytes` does not hold all of it yet.
 * A frame: magic, header (descriptor, window, dictionary id, content size), blocks (3-byte headers: last
 * flag, type, size; an RLE block stores 1 byte), an optional 4-byte checksum. Skippable frames (magic
 * 0x184D2A5?, RFC 8878 §3.1.2) are their 8 bytes plus their size.
 */
export function frameLength(bytes: Buffer): number {
  if (bytes.length < 8) return -1;
  const magic = bytes.readUInt32LE(0);
  if ((magic & 0xfffffff0) === 0x184d2a50)
    return bytes.length >= 8 + bytes.readUInt32LE(4) ? 8 + bytes.readUInt32LE(4) : -1;
  if (magic !== ZSTD_MAGIC) throw new Error('not a zstd frame');
  const descriptor = bytes[4]!;
  const single = (descriptor & 0x20) !== 0;
  const sizeField = [single ? 1 : 0, 2, 4, 8][descriptor >> 6]!;
  let at = 5 + (single ? 0 : 1) + [0, 1, 2, 4][descriptor & 3]! + sizeField;
  for (;;) {
    if (bytes.length < at + 3) return -1;
    const header = bytes.readUIntLE(at, 3);
    const type = (header >> 1) & 3;
    at += 3 + (type === 1 ? 1 : header >> 3);
    if ((header & 1) === 1) break;
  }
  at += (descriptor & 0x04) !== 0 ? 4 : 0;
  return bytes.length >= at ? at : -1;
}

async function* zstdFrames(source: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const { decompress } = await loadZstd();
  let held: Buffer = Buffer.alloc(0);
  for await (const block of source) {
    held = held.length === 0 ? block : Buffer.concat([held, block]);
    for (let length = frameLength(held); length > 0; length = frameLength(held)) {
      yield await decompress(held.subarray(0, length));
      held = held.subarray(length);
    }
  }
  if (held.length > 0) throw new Error('the zstd stream ends inside a frame');
}
