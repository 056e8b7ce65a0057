import type { TableDefinition } from '../dataset/types.ts';
import { createCsvEncoder, headerLine } from './csv.ts';
import { createNdjsonEncoder } from './ndjson.ts';
import { PG_COPY_HEADER, PG_COPY_TRAILER, createPgBinaryEncoder } from './pg-binary.ts';
import type { ParquetCompression } from './parquet-options.ts';
import { createParquetStitcher } from './parquet-stitcher.ts';
import type { Encoder, FormatName, Framer } from './types.ts';

/** What an encoder may need beyond its table. */
export interface EncoderOptions {
  readonly compression: ParquetCompression;
}

/** Creates an encoder for a table. */
export type EncoderFactory = (table: TableDefinition, options: EncoderOptions) => Encoder;

/** The formats, in the order help texts list them. */
export const FORMATS: readonly FormatName[] = ['ndjson', 'csv', 'parquet', 'pg'];

/** File name extension of each format (`pg` goes to Postgres, or `.pgcopy` files for `COPY … FROM` later). */
export const FORMAT_EXTENSIONS: { readonly [F in FormatName]: string } = { ndjson: 'ndjson', csv: 'csv', parquet: 'parquet', pg: 'pgcopy' };

/** The formats whose encoders are plain TypeScript (no wasm), served by `workers/text-worker.ts`. */
export type PlainFormat = Exclude<FormatName, 'parquet'>;

const PLAIN_ENCODERS: { readonly [F in PlainFormat]: EncoderFactory } = { ndjson: createNdjsonEncoder, csv: createCsvEncoder, pg: createPgBinaryEncoder };

/** The encoder factory of a plain format. */
export function textEncoderFactory(format: PlainFormat): EncoderFactory {
  return PLAIN_ENCODERS[format];
}

/**
 * The encoder factory of any format, for the coordinator thread. Parquet is imported only when asked for:
 * its wasm module compiles at import (~80 ms), which text runs should not pay. (Workers import their
 * encoders statically, one worker module per family: see `workers/`.)
 */
export async function loadEncoderFactory(format: FormatName): Promise<EncoderFactory> {
  if (format !== 'parquet') return textEncoderFactory(format);
  const { parquetEncoderFactory } = await import('./parquet.ts');
  return parquetEncoderFactory;
}

/** The worker module (file name in `workers/`, without extension) that encodes `format`. */
export function workerModuleName(format: FormatName): string {
  return format === 'parquet' ? 'parquet-worker' : 'text-worker';
}

/** True when a table of the format needs at least one chunk, even empty (Parquet takes its schema from one). */
export function needsChunk(format: FormatName): boolean {
  return format === 'parquet';
}

/** Tuples only, no header or trailer: for sinks that frame the bytes themselves (a Postgres load). */
export const TUPLES_ONLY: Framer = { start: () => [], push: (chunk) => [chunk], finish: () => [] };

/**
 * The framer of one table's file. `first` says whether this file starts the table (not a later shard): only
 * then does CSV get its header, so that shard files concatenate to the unsharded file.
 */
export function createFramer(format: FormatName, table: TableDefinition, first: boolean): Framer {
  if (format === 'parquet') {
    const stitcher = createParquetStitcher();
    return { start: () => [stitcher.start()], push: (chunk) => stitcher.push(chunk), finish: () => [stitcher.finish()] };
  }
  if (format === 'pg') return { start: () => [PG_COPY_HEADER], push: (chunk) => [chunk], finish: () => [PG_COPY_TRAILER] };
  const header = format === 'csv' && first ? [headerLine(table)] : [];
  return { start: () => header, push: (chunk) => [chunk], finish: () => [] };
}
