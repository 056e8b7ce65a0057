/**
 * Escaping text for JSON strings (RFC 8259 §7) and CSV fields (RFC 4180), byte by byte over UTF-8: bytes of
 * multi-byte characters are all ≥ 0x80 and pass through unchanged, so no decoding is needed.
 */

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const HEX = new TextEncoder().encode('0123456789abcdef');
/** For each byte below 0x80: the JSON escape letter (`n` for `\n`), 1 for `\u00XX`, 0 for none. */
const JSON_ESCAPE = new Uint8Array(128);
for (let b = 0; b < 0x20; b++) JSON_ESCAPE[b] = 1;
JSON_ESCAPE[8] = 98; // \b
JSON_ESCAPE[9] = 116; // \t
JSON_ESCAPE[10] = 110; // \n
JSON_ESCAPE[12] = 102; // \f
JSON_ESCAPE[13] = 114; // \r
JSON_ESCAPE[QUOTE] = QUOTE;
JSON_ESCAPE[BACKSLASH] = BACKSLASH;

/** True when `bytes` hold nothing that JSON escapes or CSV quotes (`"`, `\\`, `,`, control bytes). */
export function isPlainText(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b < 0x20 || b === QUOTE || b === BACKSLASH || b === COMMA || b === 127) return false;
  return true;
}

/** The most bytes one input byte can become in JSON (`\u001f`). */
export const JSON_ESCAPE_GROWTH = 6;
/** The most bytes one input byte can become in CSV (`""`), plus the two enclosing quotes per field. */
export const CSV_ESCAPE_GROWTH = 2;

/** Writes `src[start..end)` as the inside of a JSON string (no surrounding quotes). */
export function writeJsonEscaped(buf: Uint8Array, pos: number, src: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const b = src[i]!;
    const code = b < 128 ? JSON_ESCAPE[b]! : 0;
    if (code === 0) {
      buf[pos++] = b;
    } else if (code === 1) {
      buf[pos] = BACKSLASH;
      buf[pos + 1] = 117; // u
      buf[pos + 2] = 48;
      buf[pos + 3] = 48;
      buf[pos + 4] = HEX[b >> 4]!;
      buf[pos + 5] = HEX[b & 15]!;
      pos += 6;
    } else {
      buf[pos] = BACKSLASH;
      buf[pos + 1] = code;
      pos += 2;
    }
  }
  return pos;
}

function csvNeedsQuotes(src: Uint8Array, start: number, end: number): boolean {
  if (start === end) return true; // an empty string is "" so that it differs from an empty (null) field
  for (let i = start; i < end; i++) {
    const b = src[i]!;
    if (b === QUOTE || b === COMMA || b === 10 || b === 13) return true;
  }
  return false;
}

/** Writes `src[start..end)` as one CSV field, quoted (with `"` doubled) only when it must be. */
export function writeCsvField(buf: Uint8Array, pos: number, src: Uint8Array, start: number, end: number): number {
  if (!csvNeedsQuotes(src, start, end)) {
    for (let i = start; i < end; i++) buf[pos++] = src[i]!;
    return pos;
  }
  buf[pos++] = QUOTE;
  for (let i = start; i < end; i++) {
    const b = src[i]!;
    if (b === QUOTE) buf[pos++] = QUOTE;
    buf[pos++] = b;
  }
  buf[pos++] = QUOTE;
  return pos;
}
