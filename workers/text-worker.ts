/** The piscina worker for NDJSON, CSV and binary COPY: the formats whose encoders load with the registry. */
import { workerData } from 'piscina';
import { formatOf } from '../src/encoders/formats.ts';
import type { WorkerConfig } from '../src/worker/messages.ts';
import { chunkHandler } from '../src/worker/worker-entry.ts';

const config = workerData as WorkerConfig;
const encoder = formatOf(config.encoder.format)?.encoder;
if (encoder === undefined || !('create' in encoder)) throw new Error(`no text encoder for ${config.encoder.format}`);

/** Generates one chunk. */
export default chunkHandler(config, encoder.create);
