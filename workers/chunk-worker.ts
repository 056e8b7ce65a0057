/**
 * The piscina worker: generates and encodes one chunk per task into shared memory (`SharedArrayBuffer`),
 * so the bytes are neither copied nor transferred: it replies with their length (or new shared memory).
 */
import { workerData } from 'piscina';
import { loadEncoderFactory } from '../src/encoders/index.ts';
import { type ChunkGenerator, createChunkGenerator } from '../src/worker/chunk-generator.ts';
import { type ChunkReply, type ChunkTask, type WorkerConfig, chunkReply } from '../src/worker/messages.ts';

const config = workerData as WorkerConfig;
// Built on the first task, not with a top-level await: that deadlocks when the module is loaded through
// a loader hook (tsx, as in the tests) inside a worker thread.
let generator: Promise<ChunkGenerator> | undefined;

/** Generates one chunk. */
export default async function generateChunk(task: ChunkTask): Promise<ChunkReply> {
  generator ??= loadEncoderFactory(config.format).then((factory) => createChunkGenerator(config, factory));
  return chunkReply(task, (await generator).generate(task));
}
