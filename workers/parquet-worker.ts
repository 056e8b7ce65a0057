/** The piscina worker for Parquet: its own module, so that only Parquet runs load its native codecs. */
import { workerData } from 'node:worker_threads'; // not from piscina: see text-worker.ts
import { createParquetEncoder } from '../src/encoders/parquet.ts';
import type { WorkerConfig } from '../src/worker/messages.ts';
import { chunkHandler } from '../src/worker/worker-entry.ts';

/** Generates one chunk. */
export default chunkHandler(workerData as WorkerConfig, createParquetEncoder);
