import { copyRange, writeIsoTimestamp } from '../bytes/byte-writer.ts';
import { viewOf } from '../bytes/literal.ts';
import { CSV_ESCAPE_GROWTH, writeCsvField } from '../bytes/text-escape.ts';
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
const COMMA = 44;
const NEWLINE = 10;

/** Encodes `text` as one CSV field. */
function csvField(text: string): Uint8Array {
  const bytes = utf8.encode(text);
  const out = new Uint8Array(bytes.length * CSV_ESCAPE_GROWTH + 2);
  return out.subarray(0, writeCsvField(out, 0, bytes, 0, bytes.length));
}

/** The header line: the column names as CSV fields. */
export function headerLine(table: TableDefinition): Uint8Array {
  const fields = table.columns.map((column) => csvField(column.name));
  const line = new Uint8Array(fields.reduce((sum, field) => sum + field.length + 1, 0));
  let pos = 0;
  fields.forEach((field, c) => {
    if (c > 0) line[pos++] = COMMA;
    line.set(field, pos);
    pos += field.length;
  });
  line[pos++] = NEWLINE;
  return line;
}

/**
 * CSV (RFC 4180, https://www.rfc-editor.org/rfc/rfc4180) with a header line, `,` between fields and `\n`
 * after every row (what Postgres COPY, DuckDB, pandas and Spark read by default). Text is quoted only when
 * it holds `"`, `,` or a line break, or is empty (an unquoted empty field is reserved for NULL).
 */
export function createCsvEncoder(table: TableDefinition): Encoder {
  const slots = createColumnSlots(table.columns, csvField);
  const { kinds, numbers, texts } = slots;
  return {
    encode(batch: Batch, slot?: SharedArrayBuffer): Uint8Array {
      bindSlots(slots, batch);
      const buf = outputBuffer(encodedBound(slots, batch, kinds.length, CSV_ESCAPE_GROWTH), slot);
      const view = viewOf(buf);
      let pos = 0;
      for (let r = 0; r < batch.count; r++) {
        for (let c = 0; c < kinds.length; c++) {
          if (c > 0) buf[pos++] = COMMA;
          const kind = kinds[c];
          const unset = batch.nulls[c]?.[r];
          if (unset === 1) {
            // null is an empty field; an empty string is quoted ("") by the text writer
          } else if (unset === MALFORMED_DATE) {
            pos = writeMalformedDate(buf, pos, slots, c, r);
          } else if (kind === SlotKind.Timestamp) {
            pos = writeIsoTimestamp(view, buf, pos, numbers[c]![r]!);
          } else if (kind === SlotKind.Text) {
            const { bytes, offsets, plain } = texts[c]!;
            pos = plain
              ? copyRange(buf, pos, bytes, offsets[r]!, offsets[r + 1]!)
              : writeCsvField(buf, pos, bytes, offsets[r]!, offsets[r + 1]!);
          } else if (kind! > SlotKind.Timestamp) {
            pos = writeDayOrTime(view, buf, pos, slots, c, r);
          } else {
            pos = writeScalar(view, buf, pos, slots, c, r);
          }
        }
        buf[pos++] = NEWLINE;
      }
      return buf.subarray(0, pos);
    },
  };
}

/** CSV (see `formats.ts`): only the file that starts a table (not a later shard) has the header, so that shards concatenate. */
export const csvFormat = textFormat(
  'csv',
  'csv',
  createCsvEncoder,
  (table, first) => plainFramer(first ? [headerLine(table)] : []),
  ['files', 's3', 'stdout'],
);
