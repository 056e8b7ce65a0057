import { CSV_ESCAPE_GROWTH, writeCsvField } from '../bytes/text-escape.ts';
import type { TableDefinition } from '../dataset/types.ts';
import type { Encoder } from '../worker/encoder.ts';
import { createTextRowsEncoder } from './text-rows.ts';
import { plainFramer, textFormat } from './types.ts';

const utf8 = new TextEncoder();
const COMMA = 44;
const NEWLINE = 10;
const NOTHING = new Uint8Array(0);
const SEPARATOR = new Uint8Array([COMMA]);
const LINE_END = new Uint8Array([NEWLINE]);

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
  return createTextRowsEncoder(table, {
    encodeText: csvField,
    before: (c) => (c === 0 ? NOTHING : SEPARATOR),
    rowEnd: LINE_END,
    nullText: NOTHING, // an empty field; an empty string is quoted ("") by the text writer
    quoted: false,
    writeText: writeCsvField,
    textGrowth: CSV_ESCAPE_GROWTH,
  });
}

/** CSV (see `formats.ts`): only the file that starts a table (not a later shard) has the header, so that shards concatenate. */
export const csvFormat = textFormat(
  'csv',
  'csv',
  createCsvEncoder,
  (table, first) => plainFramer(first ? [headerLine(table)] : []),
  ['files', 's3', 'stdout'],
);
