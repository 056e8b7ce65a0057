import { chunkProducer } from './chunk-generator.ts';
import type { EncodedBytes, EncoderFactory } from './encoder.ts';
import { type ChunkReply, type ChunkTask, chunkReply, type WorkerConfig } from './messages.ts';
import { droppedCollector, youngCollector } from './young-collector.ts';

/**
 * The task handler of a pool worker: generates and encodes one chunk per task into shared memory
 * (`SharedArrayBuffer`), so the bytes are neither copied nor transferred; it replies with their length
 * (or new shared memory). `createEncoder` is the run's format's encoder, which the worker module imports.
 */
export function chunkHandler(
  config: WorkerConfig,
  createEncoder: EncoderFactory<EncodedBytes>,
): (task: ChunkTask) => ChunkReply | Promise<ChunkReply> {
  const produce = chunkProducer(config, createEncoder, undefined, droppedCollector());
  const collect = config.nativeBuffers === true ? youngCollector() : () => {};
  const reply = (task: ChunkTask, bytes: Uint8Array): ChunkReply => {
    collect(); // the chunk's native buffers are dead now (see young-collector.ts)
    return chunkReply(task, bytes);
  };
  return (task) => {
    const bytes = produce(task);
    return bytes instanceof Promise ? bytes.then((b) => reply(task, b)) : reply(task, bytes);
  };
}
