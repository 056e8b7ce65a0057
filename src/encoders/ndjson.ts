import { JSON_ESCAPE_GROWTH, writeJsonEscaped } from '../bytes/text-escape.ts';
import type { TableDefinition } from '../dataset/types.ts';
import type { Encoder } from '../worker/encoder.ts';
import { createTextRowsEncoder } from './text-rows.ts';
import { plainFramer, textFormat } from './types.ts';

const utf8 = new TextEncoder();

/** Encodes `text` as a JSON string literal, quotes included. */
function jsonString(text: string): Uint8Array {
  return utf8.encode(JSON.stringify(text));
}

/** Writes `src[start..end)` as a JSON string, escaped, quotes included. */
function writeJsonString(buf: Uint8Array, pos: number, src: Uint8Array, start: number, end: number): number {
  buf[pos] = 34;
  pos = writeJsonEscaped(buf, pos + 1, src, start, end);
  buf[pos] = 34;
  return pos + 1;
}

/**
 * NDJSON (https://github.com/ndjson/ndjson-spec): one JSON object per row, keys in column order, `\n` after
 * every row. Numbers are JSON numbers (decimals with their fixed scale, `127.50`), timestamps ISO strings.
 */
export function createNdjsonEncoder(table: TableDefinition): Encoder {
  return jsonRowsEncoder(table, '');
}

/** JSON objects, one per row and line, `rowPrefix` before each (`,` for the rows of an array: `json.ts`). */
export function jsonRowsEncoder(table: TableDefinition, rowPrefix: string): Encoder {
  // '{"id":' before the first column, ',"name":' before the others.
  const keys = table.columns.map((column, c) =>
    utf8.encode(`${c === 0 ? `${rowPrefix}{` : ','}${JSON.stringify(column.name)}:`),
  );
  return createTextRowsEncoder(table, {
    encodeText: jsonString,
    before: (c) => keys[c]!,
    rowEnd: utf8.encode('}\n'),
    nullText: utf8.encode('null'),
    quoted: true,
    writeText: writeJsonString,
    textGrowth: JSON_ESCAPE_GROWTH,
  });
}

/** The ndjson format (see `formats.ts`). */
export const ndjsonFormat = textFormat(
  'ndjson',
  'ndjson',
  (table) => createNdjsonEncoder(table),
  () => plainFramer([]),
  ['files', 's3', 'stdout'],
);
