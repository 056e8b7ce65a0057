import type { EncoderFactory } from '../encoders/index.ts';
import { createChunkGenerator } from './chunk-generator.ts';
import { type ChunkReply, type ChunkTask, type WorkerConfig, chunkReply } from './messages.ts';

/**
 * The task handler of a worker module: generates and encodes one chunk into shared memory
 * (`SharedArrayBuffer`), so the bytes are neither copied nor transferred; it replies with their length
 * (or new shared memory). Worker modules import their encoder statically and call this once.
 */
export function chunkHandler(config: WorkerConfig, createEncoder: EncoderFactory): (task: ChunkTask) => ChunkReply {
  const generator = createChunkGenerator(config, createEncoder);
  return (task) => chunkReply(task, generator.generate(task));
}
