import { createChunkGenerator, withCompression } from './chunk-generator.ts';
import type { EncoderFactory } from './encoder.ts';
import { type ChunkReply, type ChunkTask, chunkReply, type WorkerConfig } from './messages.ts';

/**
 * The task handler of a pool worker: generates and encodes one chunk per task into shared memory
 * (`SharedArrayBuffer`), so the bytes are neither copied nor transferred; it replies with their length
 * (or new shared memory). `createEncoder` is the run's format's encoder, which the worker module imports.
 */
export function chunkHandler(
  config: WorkerConfig,
  createEncoder: EncoderFactory,
): (task: ChunkTask) => ChunkReply | Promise<ChunkReply> {
  const generator = createChunkGenerator(config, createEncoder);
  if (config.compression === undefined) return (task) => chunkReply(task, generator.generate(task));
  const compressing = withCompression(generator, config.compression);
  return async (task) => chunkReply(task, await compressing.generate(task));
}
