import { copyRange, writeIsoTimestamp } from '../bytes/byte-writer.ts';
import { literal, viewOf, writeLiteral } from '../bytes/literal.ts';
import { JSON_ESCAPE_GROWTH, writeJsonEscaped } from '../bytes/text-escape.ts';
import type { TableDefinition } from '../dataset/types.ts';
import { type Batch, MALFORMED_DATE } from '../vectors/column-vector.ts';
import type { Encoder } from '../worker/encoder.ts';
import {
  bindSlots,
  createColumnSlots,
  encodedBound,
  outputBuffer,
  SlotKind,
  writeDayOrTime,
  writeMalformedDate,
  writeScalar,
} from './column-slots.ts';
import { plainFramer, textFormat } from './types.ts';

const utf8 = new TextEncoder();
const NULL = literal(utf8.encode('null'));

/** Encodes `text` as a JSON string literal, quotes included. */
function jsonString(text: string): Uint8Array {
  return utf8.encode(JSON.stringify(text));
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
  const slots = createColumnSlots(table.columns, jsonString);
  const { kinds, numbers, texts } = slots;
  // '{"id":' for the first column, ',"name":' for the others.
  const keys = table.columns.map((column, c) =>
    literal(utf8.encode(`${c === 0 ? `${rowPrefix}{` : ','}${JSON.stringify(column.name)}:`)),
  );
  const punctuation = keys.reduce((sum, key) => sum + key.bytes.length, 2);
  return {
    encode(batch: Batch, slot?: SharedArrayBuffer): Uint8Array {
      bindSlots(slots, batch);
      const nulls = batch.nulls;
      const buf = outputBuffer(encodedBound(slots, batch, punctuation, JSON_ESCAPE_GROWTH), slot);
      const view = viewOf(buf);
      let pos = 0;
      for (let r = 0; r < batch.count; r++) {
        for (let c = 0; c < kinds.length; c++) {
          pos = writeLiteral(view, buf, pos, keys[c]!);
          const kind = kinds[c];
          const unset = nulls[c]?.[r];
          if (unset === 1) {
            pos = writeLiteral(view, buf, pos, NULL);
          } else if (unset === MALFORMED_DATE) {
            buf[pos] = 34;
            pos = writeMalformedDate(buf, pos + 1, slots, c, r);
            buf[pos++] = 34;
          } else if (kind === SlotKind.Timestamp) {
            buf[pos] = 34;
            pos = writeIsoTimestamp(view, buf, pos + 1, numbers[c]![r]!);
            buf[pos++] = 34;
          } else if (kind === SlotKind.Text) {
            const { bytes, offsets, plain } = texts[c]!;
            const from = offsets[r]!;
            const to = offsets[r + 1]!;
            buf[pos] = 34;
            pos = plain ? copyRange(buf, pos + 1, bytes, from, to) : writeJsonEscaped(buf, pos + 1, bytes, from, to);
            buf[pos++] = 34;
          } else if (kind! > SlotKind.Timestamp) {
            buf[pos] = 34;
            pos = writeDayOrTime(view, buf, pos + 1, slots, c, r);
            buf[pos++] = 34;
          } else {
            pos = writeScalar(view, buf, pos, slots, c, r);
          }
        }
        buf[pos++] = 125; // '}'
        buf[pos++] = 10;
      }
      return buf.subarray(0, pos);
    },
  };
}

/** The ndjson format (see `formats.ts`). */
export const ndjsonFormat = textFormat(
  'ndjson',
  'ndjson',
  (table) => createNdjsonEncoder(table),
  () => plainFramer([]),
  ['files', 's3', 'stdout'],
);
