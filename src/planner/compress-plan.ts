import { CODEC_INFO, CODECS, type Compression, MEMBER_ROWS } from '../compression/codecs.ts';
import { UsageError } from '../errors.ts';
import { integerIn } from '../option-checks.ts';
import type { Namer } from '../plan/sizing.ts';
import type { FormatPlan } from './format-plan.ts';
import type { PlanOptions } from './options.ts';

/**
 * The formats whose files `compress` applies to: line-based text, where any chunk's rows are encoded alone
 * (a JSON array drops the comma of its first row in the framer, after the workers; Parquet compresses its
 * own pages).
 */
const COMPRESSIBLE = ['ndjson', 'csv'];

/**
 * `compress` and `compressLevel` checked: a codec for text files or stdout, or null.
 * @throws {UsageError} naming the option that does not fit.
 */
export function planCompression(options: PlanOptions, format: FormatPlan, name: Namer): Compression | null {
  const { compress, compressLevel } = options;
  if (compress === undefined) {
    if (compressLevel !== undefined)
      throw new UsageError(`${name('compressLevel')} needs ${name('compress')} gzip or zstd`);
    return null;
  }
  if (!(CODECS as readonly string[]).includes(compress))
    throw new UsageError(`${name('compress')} must be one of ${CODECS.join(', ')} (got ${JSON.stringify(compress)})`);
  if (format.record.name === 'parquet')
    throw new UsageError(
      `${name('compress')} applies to NDJSON and CSV; Parquet compresses its pages: use ${name('compression')} zstd`,
    );
  if (!COMPRESSIBLE.includes(format.record.name))
    throw new UsageError(
      `${name('compress')} applies to ${name('format')} ndjson or csv (files or stdout) only${format.record.name === 'json' ? '; pipe JSON through gzip or zstd' : ''}`,
    );
  const info = CODEC_INFO[compress];
  const level = integerIn(
    compressLevel ?? info.level,
    info.min,
    info.max,
    name('compressLevel'),
    `a whole number from ${info.min} to ${info.max} for ${compress} (default ${info.level})`,
  );
  return { codec: compress, level };
}

/** Chunks hold whole members: `chunkRows` rounded up to a multiple of `MEMBER_ROWS`. */
export function memberChunkRows(chunkRows: number): number {
  return Math.ceil(chunkRows / MEMBER_ROWS) * MEMBER_ROWS;
}
