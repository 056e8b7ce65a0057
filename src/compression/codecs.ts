/**
 * Compressed text files (`--compress gzip|zstd`): a file is a run of independent members (gzip, RFC 1952
 * §2.2: "a gzip file consists of a series of members") or frames (zstd, RFC 8878 §3.1: "a series of
 * frames"), each of a fixed number of rows counted from the file's first row, so the bytes do not depend on
 * how the rows were cut into chunks or workers. Every standard reader (`gzip -d`, `zstd -d`, DuckDB,
 * Python's gzip, pandas) reads such a file as one stream.
 */
export const CODECS = ['gzip', 'zstd'] as const;
export type Codec = (typeof CODECS)[number];

/** A codec and its level: plain data, sent to every worker. */
export interface Compression {
  readonly codec: Codec;
  readonly level: number;
}

/** Per codec: the file name suffix, and its levels (gzip's zlib 1-9, default 6; zstd 1-19, default 3). */
export const CODEC_INFO: Readonly<Record<Codec, { suffix: string; min: number; max: number; level: number }>> = {
  gzip: { suffix: 'gz', min: 1, max: 9, level: 6 },
  zstd: { suffix: 'zst', min: 1, max: 19, level: 3 },
};

/**
 * Rows per member: members restart the codec's history, so fewer rows cost ratio; 32,768 NDJSON rows are
 * a few MiB, far above gzip's 32 KiB window and zstd's default window at level 3 (RFC 8878 §3.1.1.1.2:
 * up to 8 MiB for decoders to support), and the text formats' default chunk is one member.
 */
export const MEMBER_ROWS = 32_768;

const MIB = 1024 * 1024;

/**
 * Memory one worker's codec needs above the text it compresses (a member's text, its compressed copy, the
 * codec's state), rounded up from peak RSS above a plain run (items, 3e5 rows, 2 workers, /usr/bin/time):
 * gzip +3 MiB a worker at levels 1-9; zstd +10 MiB at 3, +28 at 9, +48 at 12, +72 at 15, +89 at 19.
 */
export function compressionBytes(compression: Compression): number {
  if (compression.codec === 'gzip') return 8 * MIB;
  const steps: readonly (readonly [number, number])[] = [
    [3, 16],
    [9, 32],
    [12, 56],
    [15, 80],
  ];
  return (steps.find(([level]) => compression.level <= level)?.[1] ?? 96) * MIB;
}

type ZstdModule = {
  compress(data: Buffer, level?: number): Promise<Buffer>;
  decompress(data: Buffer): Promise<Buffer>;
};
let zstd: Promise<ZstdModule> | undefined;

/**
 * @mongodb-js/zstd (native, prebuilt), imported on first use: runs without zstd never load it. Its
 * bindings, not its `index.js`: 1.2.2's wrapper drops the level argument (`compress(data)` calls the
 * binding without it), so every level compressed as 3 (measured: 5 MB of NDJSON gave the same bytes at
 * 1, 3, 9 and 19 through the wrapper; 791, 825, 751 and 644 KB through the bindings).
 */
export function loadZstd(): Promise<ZstdModule> {
  zstd ??= import('@mongodb-js/zstd/bindings.js');
  return zstd;
}

const bufferOf = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

/** `bytes` as one complete member (gzip) or frame (zstd). An empty input gives a valid empty member. */
export async function compressMember(bytes: Uint8Array, compression: Compression): Promise<Uint8Array> {
  // zlib is imported when used: every worker and the coordinator load this module (~5 ms in a worker).
  if (compression.codec === 'gzip') return (await import('node:zlib')).gzipSync(bytes, { level: compression.level });
  return (await loadZstd()).compress(bufferOf(bytes), compression.level);
}
