import { createRequire } from 'node:module';
import type { compressSync as SnappyCompress } from 'snappy';
import { loadZstd } from '../compression/codecs.ts';
import { dictionaryOf } from '../dataset/dictionary.ts';
import { isNullable, type TableDefinition } from '../dataset/types.ts';
import type { Batch } from '../vectors/column-vector.ts';
import { TOOL } from '../version.ts';
import type { Encoder, EncoderOptions } from '../worker/encoder.ts';
import { outputBuffer } from './column-slots.ts';
import { columnChunk, Encoding, fileMetaData, PageType, pageHeader, schemaOf } from './parquet-metadata.ts';
import {
  type Bounds,
  ByteSink,
  indexBitWidth,
  type Physical,
  physicalOf,
  writeHybrid,
  writePlain,
} from './parquet-values.ts';
import { type TStruct, type TValue, writeStruct } from './thrift-compact.ts';

/**
 * snappy (native) is required when this module runs, not imported: bundled, the text worker carries this
 * module (the format registry's dynamic import) but never runs it, and an `import` of a package would be
 * hoisted to the bundle's top and load the addon in every NDJSON, CSV and COPY worker.
 */
const { compressSync }: { compressSync: typeof SnappyCompress } = createRequire(import.meta.url)('snappy');

/** Parquet compression codecs offered to users (`parquet-format.ts` lists them). */
export type ParquetCompression = 'snappy' | 'zstd' | 'none';

/** parquet.thrift's CompressionCodec ids. */
const CODEC_IDS: Record<ParquetCompression, number> = { none: 0, snappy: 1, zstd: 6 };
/** zstd's level for pages: 1, as arrow-rs (which gen used before this writer) chose by default. */
const ZSTD_LEVEL = 1;

const MAGIC = new TextEncoder().encode('PAR1');

/**
 * Snappy's output copied into memory V8 allocates and counts: left in Rust's (the default, no copy), it
 * is external memory the collector does not see growing, and 1e7 items rows peaked at 851 MiB (2 workers).
 */
const SNAPPY_OPTIONS = { copyOutputData: true };

/** One column's pages of one row group, uncompressed: a dictionary page (choice columns), then the data. */
interface ColumnPages {
  readonly dictionary: { readonly page: Uint8Array; readonly entries: number } | null;
  readonly data: Uint8Array;
  readonly nulls: number;
  readonly bounds: Bounds | null;
}

/** A page before compression: its body, its type, its values (rows, or dictionary entries), its encoding. */
interface PageBody {
  readonly body: Uint8Array;
  readonly type: number;
  readonly values: number;
  readonly encoding: number;
}

/** What every row group file of a table shares. */
interface FileParts {
  readonly table: TableDefinition;
  readonly physical: readonly Physical[];
  readonly schema: TValue;
  readonly compression: ParquetCompression;
  readonly createdBy: string;
}

/** A page as it goes into the file: its header (Thrift) and its body, compressed. */
interface Page {
  readonly header: Uint8Array;
  readonly body: Uint8Array;
  readonly uncompressed: number;
}

/**
 * Parquet, one complete one-row-group file per batch, so that workers encode row groups in parallel; the
 * coordinator stitches them into one file (`parquet-stitcher.ts`). Written here, from the column vectors
 * (before: Arrow JS, its IPC stream, and arrow-rs in wasm, which cost each worker ~40 MiB to load, a copy of
 * every batch, and ~1.6 CPU-s per 1e7 items rows): one data page per column chunk (version 1: definition
 * levels, then PLAIN values, or dictionary indices for `choice` columns), min/max statistics on everything
 * but text, SNAPPY (native, the `snappy` package), zstd or no compression.
 */
export function createParquetEncoder(
  table: TableDefinition,
  options: EncoderOptions,
): Encoder<Uint8Array | Promise<Uint8Array>> {
  const compression = (options.compression ?? 'snappy') as ParquetCompression;
  const physical = table.columns.map(physicalOf);
  // created_by without a build id, so that the bytes only change when the version does.
  const file: FileParts = {
    table,
    physical,
    schema: schemaOf(table, physical),
    compression,
    createdBy: `${TOOL.name} ${TOOL.version}`,
  };
  const dictionaries = table.columns.map((column) => dictionaryPage(dictionaryOf(column)));
  const sinks = table.columns.map(() => new ByteSink());
  const nullable = table.columns.map(isNullable);
  return {
    encode(batch: Batch, slot?: SharedArrayBuffer) {
      const pages = table.columns.map((column, c) => {
        // A REQUIRED column has no levels (and no NULLs: a mask there marks nothing); an OPTIONAL one
        // always has them, with or without a mask in this batch.
        const optional = nullable[c]!;
        const nulls = optional ? (batch.nulls[c] ?? null) : null;
        const out = sinks[c]!.reset();
        const nullCount = optional ? writeLevels(nulls, batch.count, out) : 0;
        const vector = batch.columns[c]!;
        const dictionary = dictionaries[c]!;
        if (vector.kind === 'dict' && dictionary !== null) {
          writeIndices(vector.codes, nulls, batch.count, dictionary.entries, out);
          return { dictionary, data: out.written(), nulls: nullCount, bounds: null };
        }
        const bounds = writePlain(column, vector, batch.count, nulls, out);
        return { dictionary: null, data: out.written(), nulls: nullCount, bounds };
      });
      const rows = batch.count;
      if (compression !== 'zstd')
        return assemble(
          file,
          pages,
          pages.map((p) => compressPages(p, rows, compression)),
          rows,
          slot,
        );
      return Promise.all(pages.map((p) => zstdPages(p, rows))).then((compressed) =>
        assemble(file, pages, compressed, rows, slot),
      );
    },
  };
}

/** A choice column's dictionary: its entries, and its page body (each entry PLAIN: length, UTF-8). */
function dictionaryPage(values: readonly string[] | undefined): { entries: number; page: Uint8Array } | null {
  if (values === undefined) return null;
  const sink = new ByteSink();
  const encoder = new TextEncoder();
  for (const value of values) {
    const bytes = encoder.encode(value);
    sink.reserve(4 + bytes.length);
    sink.view.setInt32(sink.length, bytes.length, true);
    sink.bytes.set(bytes, sink.length + 4);
    sink.length += 4 + bytes.length;
  }
  return { entries: values.length, page: sink.written().slice() };
}

/**
 * An OPTIONAL column's definition levels (1 for a value, 0 for a NULL), RLE/bit-packed with their length
 * before them, as data pages of version 1 store them. Returns the NULLs.
 */
function writeLevels(nulls: Uint8Array | null, count: number, out: ByteSink): number {
  const at = out.length;
  out.reserve(4);
  out.length += 4;
  writeHybrid(count, 1, (r) => (nulls !== null && nulls[r] === 1 ? 0 : 1), out);
  out.view.setInt32(at, out.length - at - 4, true);
  let n = 0;
  if (nulls !== null) for (let r = 0; r < count; r++) if (nulls[r] === 1) n++;
  return n;
}

/** Dictionary indices of the non-NULL rows: their bit width (one byte), then RLE/bit-packed. */
function writeIndices(codes: Uint32Array, nulls: Uint8Array | null, count: number, entries: number, out: ByteSink) {
  const width = indexBitWidth(entries);
  let values = codes.subarray(0, count);
  if (nulls !== null) values = values.filter((_, r) => nulls[r] !== 1);
  out.reserve(1);
  out.bytes[out.length++] = width;
  writeHybrid(values.length, width, (i) => values[i]!, out);
}

/** The bodies of a column's pages, each with its page type, values and encoding, dictionary first. */
function bodies(pages: ColumnPages, rows: number): PageBody[] {
  const data: PageBody = {
    body: pages.data,
    type: PageType.Data,
    values: rows,
    encoding: pages.dictionary === null ? Encoding.Plain : Encoding.RleDictionary,
  };
  if (pages.dictionary === null) return [data];
  const { page, entries } = pages.dictionary;
  return [{ body: page, type: PageType.Dictionary, values: entries, encoding: Encoding.Plain }, data];
}

/** A body compressed into a page: its header says both sizes. */
function page(body: PageBody, compressed: Uint8Array): Page {
  const header = pageHeader(body.type, body.body.length, compressed.length, body.values, body.encoding);
  return { header: writeStruct(header), body: compressed, uncompressed: body.body.length };
}

/** A column's pages compressed with SNAPPY (native) or not at all. */
function compressPages(pages: ColumnPages, rows: number, compression: ParquetCompression): Page[] {
  return bodies(pages, rows).map((b) =>
    page(b, compression === 'snappy' ? compressSync(b.body, SNAPPY_OPTIONS) : b.body),
  );
}

/** The same with zstd, which compresses off the thread (libuv's pool), so asynchronously. */
async function zstdPages(pages: ColumnPages, rows: number): Promise<Page[]> {
  const zstd = await loadZstd();
  return Promise.all(
    bodies(pages, rows).map(async (b) =>
      page(b, await zstd.compress(Buffer.from(b.body.buffer, b.body.byteOffset, b.body.length), ZSTD_LEVEL)),
    ),
  );
}

/** The file: `PAR1`, every column's pages in order, the footer, its length, `PAR1`; in `slot` if it fits. */
function assemble(
  file: FileParts,
  columns: readonly ColumnPages[],
  pages: readonly Page[][],
  rows: number,
  slot?: SharedArrayBuffer,
): Uint8Array {
  let at = MAGIC.length;
  const chunks: TStruct[] = [];
  let uncompressed = 0;
  columns.forEach((column, c) => {
    const start = at;
    let dataPage = at;
    let size = 0;
    for (const p of pages[c]!) {
      if (p === pages[c]!.at(-1)) dataPage = at;
      at += p.header.length + p.body.length;
      size += p.header.length + p.uncompressed;
    }
    uncompressed += size;
    const facts = {
      physical: file.physical[c]!,
      name: file.table.columns[c]!.name,
      codec: CODEC_IDS[file.compression],
    };
    chunks.push(
      columnChunk({
        ...facts,
        rows,
        nulls: column.nulls,
        dictionary: column.dictionary !== null,
        start,
        dataPage,
        uncompressed: size,
        compressed: at - start,
        bounds: column.bounds,
      }),
    );
  });
  const sizes = { uncompressed, compressed: at - MAGIC.length, start: MAGIC.length };
  const footer = writeStruct(fileMetaData(file.schema, chunks, rows, sizes, file.createdBy));
  const out = outputBuffer(at + footer.length + 8, slot).subarray(0, at + footer.length + 8);
  out.set(MAGIC, 0);
  let pos = MAGIC.length;
  for (const column of pages)
    for (const p of column) {
      out.set(p.header, pos);
      out.set(p.body, pos + p.header.length);
      pos += p.header.length + p.body.length;
    }
  out.set(footer, pos);
  new DataView(out.buffer, out.byteOffset).setUint32(pos + footer.length, footer.length, true);
  out.set(MAGIC, pos + footer.length + 4);
  return out;
}
