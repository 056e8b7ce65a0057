import * as byteWriters from '../bytes/byte-writer.ts';
import { literal, viewOf, writeLiteral } from '../bytes/literal.ts';
import type { TableDefinition } from '../dataset/types.ts';
import { DAY_MS } from '../dates.ts';
import type { Batch } from '../vectors/column-vector.ts';
import type { Encoder } from '../worker/encoder.ts';
import {
  bindSlots,
  type ColumnSlots,
  createColumnSlots,
  encodedBound,
  outputBuffer,
  SlotKind,
  writeMalformedDate,
} from './column-slots.ts';

/**
 * What a line-based text format (NDJSON, CSV) writes around and instead of values; `text-rows` compiles the
 * rest. Constants are bytes, so that no name of the user's ever reaches the generated code.
 */
export interface TextDialect {
  /** Encodes a dictionary entry (a low-cardinality string) as the format writes it. */
  readonly encodeText: (text: string) => Uint8Array;
  /** Bytes before each value (`{"id":`, `,"name":` in NDJSON; `,` after the first value in CSV). */
  readonly before: (column: number) => Uint8Array;
  /** Bytes after a row's last value (`}\n`, `\n`). */
  readonly rowEnd: Uint8Array;
  /** What a NULL is written as (`null`, or nothing in CSV). */
  readonly nullText: Uint8Array;
  /** Whether timestamps, dates and times, and free text are quoted (JSON strings). */
  readonly quoted: boolean;
  /** Writes free text `src[start..end)` that may need escaping (JSON) or quoting (CSV), quotes included. */
  readonly writeText: (buf: Uint8Array, pos: number, src: Uint8Array, start: number, end: number) => number;
  /** The most bytes one byte of free text can become. */
  readonly textGrowth: number;
}

/**
 * A number column's writers as the loop calls them: with the column's array and the row, not the value.
 * V8 inlines callees into the loop up to a budget of bytecode (`--max-inlined-bytecode-size-cumulative`,
 * 920 bytes): in `items` the timestamp's writers spend it, and the calls past it are real calls. A double
 * passed to a real call is boxed, a heap number per value; an array and an index are not (1e7 `items` CSV
 * rows, 2 workers, `node --trace-gc`: 27 and 25 young collections before, 7 and 26 after: what the other
 * worker still allocates is not found yet).
 */
const AT = {
  writeIntAt: (buf: Uint8Array, pos: number, values: Float64Array, r: number) =>
    byteWriters.writeInt(buf, pos, values[r]!),
  writeFixedAt: (buf: Uint8Array, pos: number, values: Float64Array, r: number, scale: number, unit: number) =>
    byteWriters.writeFixed(buf, pos, values[r]!, scale, unit),
  writeFloatAt: (buf: Uint8Array, pos: number, values: Float64Array, r: number) =>
    byteWriters.writeFloat(buf, pos, values[r]!),
  writeIsoTimestampAt: (view: DataView, buf: Uint8Array, pos: number, values: Float64Array, r: number) =>
    byteWriters.writeIsoTimestamp(view, buf, pos, values[r]!),
  writeIsoDateAt: (view: DataView, pos: number, values: Float64Array, r: number) =>
    byteWriters.writeIsoDate(view, pos, values[r]!),
  writeIsoTimeAt: (view: DataView, buf: Uint8Array, pos: number, values: Float64Array, r: number) => {
    const t = values[r]!;
    return byteWriters.writeIsoTime(view, buf, pos, t - Math.floor(t / DAY_MS) * DAY_MS);
  },
};

/** Helpers the generated loop calls (the byte writers, and the rest below). */
const HELPERS = { ...byteWriters, ...AT, viewOf, writeLiteral, writeMalformedDate };

/** Writes the batch's rows into `buf` from 0; returns where they end, the row start written after the last included. */
type RowLoop = (
  slots: ColumnSlots,
  batch: Batch,
  buf: Uint8Array,
  view: DataView,
  writeText: TextDialect['writeText'],
) => number;

/**
 * An encoder whose row loop is JavaScript written for this table (and compiled once per worker): one
 * statement per column in order, the constants between values (keys, commas, the row's end and the next
 * row's start) as whole 32-bit stores with the numbers in the code, no dispatch on column kinds, no loop
 * over columns. The general loop this replaced spent ~70% of a worker's time on NDJSON items; the idea is
 * the one fast serializers use (fast-json-stringify, avsc: https://github.com/mtth/avsc/wiki/Advice#schema-evolution).
 * Only numbers and fixed names go into the source: column names and dictionary entries stay data.
 */
export function createTextRowsEncoder(table: TableDefinition, dialect: TextDialect): Encoder {
  const slots = createColumnSlots(table.columns, dialect.encodeText);
  const loop = compileRowLoop(slots, dialect);
  const pieces = table.columns.map((_, c) => dialect.before(c));
  const rowStart = dialect.before(0).length; // what the loop writes first (`compileRowLoop`)
  const punctuation =
    pieces.reduce((sum, piece) => sum + piece.length, dialect.rowEnd.length) +
    table.columns.length * (dialect.quoted ? 2 : 0);
  return {
    encode(batch: Batch, slot?: SharedArrayBuffer): Uint8Array {
      bindSlots(slots, batch);
      // The loop writes the next row's start after each row, the last one too: room for it, then taken back.
      const bound = encodedBound(slots, batch, punctuation, dialect.textGrowth) + rowStart;
      const buf = outputBuffer(bound, slot);
      return buf.subarray(0, loop(slots, batch, buf, viewOf(buf), dialect.writeText) - rowStart);
    },
  };
}

/** Statements that write `bytes` at `pos` and move `pos` past them. */
function constant(bytes: Uint8Array): string {
  const lines: string[] = [];
  const { words } = literal(bytes);
  for (const [i, word] of words.entries()) lines.push(`view.setInt32(pos + ${i * 4}, ${word}, true);`);
  for (let i = words.length * 4; i < bytes.length; i++) lines.push(`buf[pos + ${i}] = ${bytes[i]};`);
  if (bytes.length > 0) lines.push(`pos += ${bytes.length};`);
  return lines.join(' ');
}

/** `statement` between the format's quotes, when it quotes. */
function quote(statement: string, quoted: boolean): string {
  return quoted ? `buf[pos++] = 34; ${statement} buf[pos++] = 34;` : statement;
}

/** The statement that writes column `c` of row `r` when it is not NULL. */
function valueStatement(slots: ColumnSlots, c: number, dialect: TextDialect): string {
  switch (slots.kinds[c]) {
    case SlotKind.Int:
      return `pos = writeIntAt(buf, pos, n${c}, r);`;
    case SlotKind.Fixed:
      return `pos = writeFixedAt(buf, pos, n${c}, r, ${slots.scales[c]}, ${slots.units[c]});`;
    case SlotKind.Float:
      return `pos = writeFloatAt(buf, pos, n${c}, r);`;
    case SlotKind.Bool:
      return `if (f${c}[r] === 1) { ${constant(TRUE)} } else { ${constant(FALSE)} }`;
    case SlotKind.Dict:
      return `pos = writeLiteral(view, buf, pos, d${c}[k${c}[r]]);`;
    case SlotKind.Text:
      return `if (p${c}) { ${quote(`pos = copyRange(view, buf, pos, v${c}, b${c}, o${c}[r], o${c}[r + 1]);`, dialect.quoted)} } else { pos = writeText(buf, pos, b${c}, o${c}[r], o${c}[r + 1]); }`;
    case SlotKind.Timestamp:
      return quote(`pos = writeIsoTimestampAt(view, buf, pos, n${c}, r);`, dialect.quoted);
    case SlotKind.Date:
      return quote(`pos = writeIsoDateAt(view, pos, n${c}, r);`, dialect.quoted);
    default:
      return quote(`pos = writeIsoTimeAt(view, buf, pos, n${c}, r);`, dialect.quoted);
  }
}

/** Column `c`'s statement, behind its NULL mask (a NULL, or a malformed date under `--dirty`). */
function columnStatement(slots: ColumnSlots, c: number, dialect: TextDialect): string {
  const malformed = quote(`pos = writeMalformedDate(buf, pos, slots, ${c}, r);`, dialect.quoted);
  return `if (m${c} !== null && m${c}[r] !== 0) { if (m${c}[r] === 1) { ${constant(dialect.nullText)} } else { ${malformed} } } else { ${valueStatement(slots, c, dialect)} }`;
}

/** Locals for column `c`'s vectors in this batch, named by kind and column (`n3`, `b1`/`v1`/`o1`/`p1`, …). */
function columnLocals(c: number): string {
  return [
    `const n${c} = slots.numbers[${c}], f${c} = slots.flags[${c}], k${c} = slots.codes[${c}], d${c} = slots.dictionaries[${c}];`,
    `const t${c} = slots.texts[${c}], b${c} = t${c}.bytes, v${c} = viewOf(b${c}), o${c} = t${c}.offsets, p${c} = t${c}.plain;`,
    `const m${c} = batch.nulls[${c}] ?? null;`,
  ].join(' ');
}

function compileRowLoop(slots: ColumnSlots, dialect: TextDialect): RowLoop {
  const count = slots.kinds.length;
  const first = dialect.before(0);
  const body: string[] = [];
  for (let c = 0; c < count; c++) {
    if (c > 0) body.push(constant(dialect.before(c)));
    body.push(columnStatement(slots, c, dialect));
  }
  // The row's end and the next row's start are one constant; the caller takes the last row's extra start
  // back. Not here: an OSR-compiled loop has no type feedback for code after it yet, so a subtraction
  // there deoptimized each table's loop as its first chunk ended, and the second chunk ran unoptimized
  // again until the loop was compiled once more (`node --trace-deopt`: shiny-rocks' orders, payments and
  // services, "Insufficient type feedback for binary operation" at `return pos - 0`).
  body.push(constant(new Uint8Array([...dialect.rowEnd, ...first])));
  const source = [
    `const { ${Object.keys(HELPERS).join(', ')} } = helpers;`,
    'return function rowLoop(slots, batch, buf, view, writeText) {',
    Array.from({ length: count }, (_, c) => columnLocals(c)).join('\n'),
    `let pos = 0; ${constant(first)}`,
    `for (let r = 0; r < batch.count; r++) { ${body.join('\n')} }`,
    'return pos;',
    '};',
  ].join('\n');
  // The source is built above from numbers and fixed names only: nothing of the schema is code.
  return new Function('helpers', source)(HELPERS) as RowLoop;
}

const utf8 = new TextEncoder();
const TRUE = utf8.encode('true');
const FALSE = utf8.encode('false');
