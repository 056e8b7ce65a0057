/**
 * The piscina worker: generates and encodes one chunk per task. The result is a view over shared memory
 * (`SharedArrayBuffer`): posting it back shares the bytes, it neither copies nor transfers them.
 */
import { workerData } from 'piscina';
import { createChunkGenerator } from '../src/worker/chunk-generator.ts';
import type { ChunkResult, ChunkTask, WorkerConfig } from '../src/worker/messages.ts';

const generator = createChunkGenerator(workerData as WorkerConfig);

/** Generates one chunk. */
export default function generateChunk(task: ChunkTask): ChunkResult {
  return generator.generate(task);
}
