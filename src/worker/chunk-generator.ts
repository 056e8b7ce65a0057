import { type Compression, compressMember, MEMBER_ROWS } from '../compression/codecs.ts';
import { soil, type TableDefects, tableDefects, withNullDefects } from '../dirty/defects.ts';
import { type CompiledTable, compileTable } from '../generators/index.ts';
import type { EncodedBytes, Encoder, EncoderFactory } from './encoder.ts';
import { batchBytes, keptTables } from './kept-tables.ts';
import type { ChunkResult, ChunkTask, WorkerConfig } from './messages.ts';

/** A table ready to generate: its compiled columns (each with its own reused buffers) and its encoder. */
interface TableState {
  readonly compiled: CompiledTable;
  readonly encoder: Encoder<EncodedBytes>;
  /** Its defects under `--dirty`, and its first row in the run (which has no key before it). */
  readonly defects: { readonly of: TableDefects; readonly first: number } | null;
}

/** Generates and encodes chunks of one run; the same code runs inline and in every pool worker. */
export interface ChunkGenerator<Bytes extends EncodedBytes = ChunkResult> {
  generate(task: ChunkTask): Bytes;
}

/** A chunk generator whose chunks are compressed (zstd compresses off the thread, so it is async). */
export interface CompressingGenerator {
  generate(task: ChunkTask): Promise<ChunkResult>;
}

/**
 * Creates the chunk generator of a run (`createEncoder`: the run's format's). Columns are
 * compiled once (or taken from `compiled`); their sources keep their buffers from chunk to chunk.
 * Tables are made one after another (a day's tables in turn under --partition-by day): the latest few
 * stay compiled (`kept-tables.ts`), and `dropped` hears the buffer bytes of each one let go.
 * @throws {DatasetError} when a column of the dataset cannot be compiled.
 */
export function createChunkGenerator<Bytes extends EncodedBytes = ChunkResult>(
  config: WorkerConfig,
  createEncoder: EncoderFactory<Bytes>,
  compiled?: readonly CompiledTable[],
  dropped?: (bytes: number) => void,
): ChunkGenerator<Bytes> {
  const tables = keptTables<TableState>(dropped);
  const make = (index: number): TableState => {
    const table = config.dataset.tables[index]!;
    // A worker compiles only the tables it is given chunks of; an inline run takes the planner's.
    const columns = compiled?.[index] ?? compileTable(config.dataset, table, config.params);
    const { dirty } = config;
    const of = dirty === undefined ? null : tableDefects(config.dataset.tables, table, config.params.seed, dirty);
    const defects = of === null ? null : { of, first: dirty!.ranges[table.name]?.start ?? 0 };
    // A column that gets NULL defects is encoded as nullable (an OPTIONAL Parquet field).
    const encoded = of === null ? table : withNullDefects(table, of);
    return { compiled: columns, encoder: createEncoder(encoded, config.encoder.options), defects };
  };
  const encodeRows = (index: number, start: number, count: number, slot?: SharedArrayBuffer): Bytes => {
    const state = tables.get(index, make);
    const { sources } = state.compiled;
    // Until every column holds the rows: a column may read another one at other rows (a lookup through
    // the table's own rows) after that one was read for them; a repeat read of rows a source holds is
    // free. Columns read only columns they depend on, without cycles, so this settles.
    let reads = sources.map((source) => source.read(start, count));
    while (!sources.every((source) => source.holds(start, count)))
      reads = sources.map((source) => source.read(start, count));
    const batch = { start, count, columns: reads.map((r) => r.vector), nulls: reads.map((r) => r.mask) };
    tables.holds(index, batchBytes(batch));
    const { defects } = state;
    return state.encoder.encode(defects === null ? batch : soil(defects.of, batch, defects.first), slot) as Bytes;
  };
  return { generate: (task) => encodeRows(task.table, task.start, task.count, task.slot) };
}

/**
 * The run's chunks, as its config says: encoded, or encoded and compressed (`withCompression`, async).
 * What both a pool worker and an inline run call, so that the two never differ.
 */
export function chunkProducer(
  config: WorkerConfig,
  createEncoder: EncoderFactory<EncodedBytes>,
  compiled?: readonly CompiledTable[],
  dropped?: (bytes: number) => void,
): (task: ChunkTask) => EncodedBytes {
  const generator = createChunkGenerator(config, createEncoder, compiled, dropped);
  if (config.compression === undefined) return (task) => generator.generate(task);
  const compressing = withCompression(generator, config.compression);
  return (task) => compressing.generate(task);
}

/**
 * `generator` with each chunk compressed as members of `MEMBER_ROWS` rows from the chunk's first row:
 * chunks hold whole members (`memberChunkRows`), so the members are the same however rows are chunked.
 */
function withCompression(generator: ChunkGenerator<EncodedBytes>, compression: Compression): CompressingGenerator {
  // The text of one member at a time goes here (reused: shared memory, as the encoders allocate it). It
  // is taken while a member is compressed, so a task that runs meanwhile (inline) encodes elsewhere.
  let scratch: SharedArrayBuffer | undefined;
  return {
    async generate(task) {
      const members: Uint8Array[] = [];
      const end = task.start + task.count;
      for (let start = task.start; start < end; start += MEMBER_ROWS) {
        const count = Math.min(MEMBER_ROWS, end - start);
        const text = await generator.generate({ table: task.table, start, count, slot: scratch });
        scratch = undefined;
        members.push(await compressMember(text, compression));
        scratch = text.buffer as SharedArrayBuffer;
      }
      return joinInto(members, task.slot);
    },
  };
}

/** `parts` one after another, in `slot` when it is large enough, else in new shared memory. */
function joinInto(parts: readonly Uint8Array[], slot: SharedArrayBuffer | undefined): ChunkResult {
  const size = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(
    slot !== undefined && slot.byteLength >= size ? slot : new SharedArrayBuffer(size),
    0,
    size,
  );
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
