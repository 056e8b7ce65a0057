/** The piscina worker for NDJSON, CSV and binary COPY (see `src/worker/worker-entry.ts`). */
import { workerData } from 'piscina';
import { type PlainFormat, textEncoderFactory } from '../src/encoders/index.ts';
import type { WorkerConfig } from '../src/worker/messages.ts';
import { chunkHandler } from '../src/worker/worker-entry.ts';

const config = workerData as WorkerConfig;

/** Generates one chunk. */
export default chunkHandler(config, textEncoderFactory(config.format as PlainFormat));
