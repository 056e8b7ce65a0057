/**
 * The piscina worker: generates and encodes one chunk per task and moves the bytes back (a transfer, not a
 * copy: https://github.com/piscinajs/piscina#method-movevalue). The move is at the top level on purpose:
 * a `move()` nested in an object arrives empty.
 */
import { move, workerData } from 'piscina';
import { createChunkGenerator } from '../src/worker/chunk-generator.ts';
import type { ChunkResult, ChunkTask, WorkerConfig } from '../src/worker/messages.ts';

const generator = createChunkGenerator(workerData as WorkerConfig);

/** Generates one chunk. */
export default function generateChunk(task: ChunkTask): ChunkResult {
  return move(generator.generate(task)) as ChunkResult;
}
