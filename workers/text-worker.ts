/** The piscina worker for NDJSON, CSV and binary COPY: the formats whose encoders load with the registry. */
// piscina gives each Worker its `workerData` option as it is: read here, not through piscina's export, whose
// module is the whole pool (2 workers ready for their first chunk in ~110 ms instead of ~128, medians of 8).
import { workerData } from 'node:worker_threads';
import { formatOf } from '../src/encoders/formats.ts';
import type { WorkerConfig } from '../src/worker/messages.ts';
import { chunkHandler } from '../src/worker/worker-entry.ts';

const config = workerData as WorkerConfig;
const encoder = formatOf(config.encoder.format)?.encoder;
if (encoder === undefined || !('create' in encoder)) throw new Error(`no text encoder for ${config.encoder.format}`);

/** Generates one chunk. */
export default chunkHandler(config, encoder.create);
