/**
 * The piscina worker: generates and encodes one chunk per task into shared memory (`SharedArrayBuffer`),
 * so the bytes are neither copied nor transferred: it replies with their length (or new shared memory).
 */
import { workerData } from 'piscina';
import { createChunkGenerator } from '../src/worker/chunk-generator.ts';
import { type ChunkReply, type ChunkTask, type WorkerConfig, chunkReply } from '../src/worker/messages.ts';

const generator = createChunkGenerator(workerData as WorkerConfig);

/** Generates one chunk. */
export default function generateChunk(task: ChunkTask): ChunkReply {
  return chunkReply(task, generator.generate(task));
}
