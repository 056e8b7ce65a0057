import type { TableDefinition } from '../dataset/types.ts';
import type { Encoder } from '../worker/encoder.ts';
import { jsonRowsEncoder } from './ndjson.ts';
import { type Framer, textFormat } from './types.ts';

const utf8 = new TextEncoder();

/** Every row of a JSON array after the first starts with a comma; the encoder writes one before each. */
function createJsonEncoder(table: TableDefinition): Encoder {
  return jsonRowsEncoder(table, ',');
}

/**
 * One JSON array per file (RFC 8259), as seed 000's generator writes: `[`, the rows one per line, each after
 * the first starting with a comma, `]`. The framer drops the comma before the file's first row, whichever
 * chunk holds it, so the bytes do not depend on workers or chunk sizes; each shard is an array of its own.
 */
function arrayFramer(): Framer {
  let first = true;
  return {
    start: () => [utf8.encode('[\n')],
    push(chunk) {
      if (!first || chunk.length === 0) return [chunk];
      first = false;
      return [chunk.subarray(1)];
    },
    finish: () => [utf8.encode(']\n')],
  };
}

/** The json format (see `formats.ts`). */
export const jsonFormat = textFormat('json', 'json', createJsonEncoder, arrayFramer, ['files', 's3', 'stdout']);
