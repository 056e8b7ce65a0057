import type { ColumnDefinition } from '../dataset/types.ts';
import { DAY_MS } from '../dates.ts';
import type { ColumnVector } from '../vectors/column-vector.ts';

/**
 * One column of one row group as Parquet page bodies, before compression: definition levels, and values
 * PLAIN-encoded (or dictionary indices), with their min/max. Encodings as parquet-format defines them:
 * https://github.com/apache/parquet-format/blob/master/Encodings.md. Output goes into buffers reused from
 * row group to row group, so a worker allocates nothing per value and little per row group.
 */

/** A growable byte buffer, reused: `reset()` keeps its memory. */
export class ByteSink {
  bytes = new Uint8Array(1 << 16);
  view = new DataView(this.bytes.buffer);
  length = 0;

  reset(): this {
    this.length = 0;
    return this;
  }

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  /** The bytes written so far (a view: valid until the next write or reset). */
  written(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/** A column's values as Parquet stores them: its physical type and how each value becomes bytes. */
export type Physical = 'INT64' | 'INT32' | 'DOUBLE' | 'BOOLEAN' | 'BYTE_ARRAY';

export function physicalOf(column: ColumnDefinition): Physical {
  switch (column.type.kind) {
    case 'int64':
    case 'decimal':
    case 'timestamp':
      return 'INT64';
    case 'date':
    case 'time':
      return 'INT32';
    case 'float64':
      return 'DOUBLE';
    case 'bool':
      return 'BOOLEAN';
    default:
      return 'BYTE_ARRAY';
  }
}

/**
 * How a number vector's values become Parquet's integers: multiplied by `unit` and rounded (integers,
 * decimals as whole units of 10^-scale, timestamps from epoch milliseconds to microseconds), or cut to
 * epoch days (dates) or to milliseconds since midnight (times). Plain data, not a function per column: a
 * call per value through a different function for each column is not inlined, and each non-small integer
 * it returned was a heap number, ~2 MiB of garbage per column and row group (V8's sampling heap profiler).
 */
const ROUND = 0;
const DAYS = 1;
const TIME_OF_DAY = 2;
interface IntegerRule {
  readonly cut: typeof ROUND | typeof DAYS | typeof TIME_OF_DAY;
  readonly unit: number;
}

function integerRule(column: ColumnDefinition): IntegerRule {
  switch (column.type.kind) {
    case 'decimal':
      return { cut: ROUND, unit: 10 ** column.type.scale }; // decimal(18, scale)
    case 'timestamp':
      return { cut: ROUND, unit: 1000 };
    case 'date':
      return { cut: DAYS, unit: 1 };
    case 'time':
      return { cut: TIME_OF_DAY, unit: 1 };
    default:
      return { cut: ROUND, unit: 1 };
  }
}

/** Min and max of the values written, as PLAIN bytes (statistics), or null when no value was written. */
export interface Bounds {
  readonly min: Uint8Array;
  readonly max: Uint8Array;
}

const TWO_POW_32 = 4294967296;

/** Rows of a batch that hold a value: those a NULL mask does not mark 1 (a NULL). */
const present = (nulls: Uint8Array | null, r: number): boolean => nulls === null || nulls[r] !== 1;

/**
 * Appends the PLAIN values of `vector`'s non-NULL rows to `out`; returns their min and max (integers and
 * doubles, booleans), or null for text or when every row is NULL.
 */
export function writePlain(
  column: ColumnDefinition,
  vector: ColumnVector,
  count: number,
  nulls: Uint8Array | null,
  out: ByteSink,
): Bounds | null {
  if (vector.kind === 'utf8') {
    const { bytes, offsets } = vector;
    out.reserve(4 * count + offsets[count]! - offsets[0]!);
    for (let r = 0; r < count; r++) {
      if (!present(nulls, r)) continue;
      const from = offsets[r]!;
      const length = offsets[r + 1]! - from;
      out.view.setInt32(out.length, length, true);
      const into = out.bytes;
      const at = out.length + 4;
      // A byte loop: values are short, and a subarray per value would cost more than its copy.
      for (let i = 0; i < length; i++) into[at + i] = bytes[from + i]!;
      out.length = at + length;
    }
    return null;
  }
  if (vector.kind === 'bool') return writeBooleans(vector.values, count, nulls, out);
  if (vector.kind === 'dict') throw new Error('parquet: dictionary columns are written as indices');
  const physical = physicalOf(column);
  if (physical === 'DOUBLE') return writeDoubles(vector.values, count, nulls, out);
  return writeIntegers(vector.values, count, nulls, out, integerRule(column), physical === 'INT64' ? 8 : 4);
}

function writeIntegers(
  values: Float64Array,
  count: number,
  nulls: Uint8Array | null,
  out: ByteSink,
  rule: IntegerRule,
  width: 4 | 8,
): Bounds | null {
  out.reserve(count * width);
  const { view } = out;
  const { cut, unit } = rule;
  let at = out.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < count; r++) {
    if (!present(nulls, r)) continue;
    const x = values[r]!;
    const v =
      cut === ROUND
        ? Math.round(x * unit)
        : cut === DAYS
          ? Math.floor(x / DAY_MS)
          : x - Math.floor(x / DAY_MS) * DAY_MS;
    if (v < min) min = v;
    if (v > max) max = v;
    writeInteger(view, at, v, width);
    at += width;
  }
  const any = at > out.length;
  out.length = at;
  return any ? { min: integerBytes(min, width), max: integerBytes(max, width) } : null;
}

/** A whole number (|v| < 2^53) as a little-endian int32 or two's-complement int64. */
function writeInteger(view: DataView, at: number, v: number, width: 4 | 8): void {
  if (width === 4) {
    view.setInt32(at, v, true);
    return;
  }
  const hi = Math.floor(v / TWO_POW_32);
  view.setInt32(at, v - hi * TWO_POW_32, true);
  view.setInt32(at + 4, hi, true);
}

function integerBytes(v: number, width: 4 | 8): Uint8Array {
  const bytes = new Uint8Array(width);
  writeInteger(new DataView(bytes.buffer), 0, v, width);
  return bytes;
}

function writeDoubles(values: Float64Array, count: number, nulls: Uint8Array | null, out: ByteSink): Bounds | null {
  out.reserve(count * 8);
  let at = out.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < count; r++) {
    if (!present(nulls, r)) continue;
    const v = values[r]!;
    // NaN has no place in an order: left out of min and max, as parquet-format's column order says.
    if (v < min) min = v;
    if (v > max) max = v;
    out.view.setFloat64(at, v, true);
    at += 8;
  }
  out.length = at;
  if (min > max) return null;
  const bounds = new Float64Array([min === 0 ? -0 : min, max === 0 ? 0 : max]); // ±0 as the spec advises
  return { min: new Uint8Array(bounds.buffer, 0, 8), max: new Uint8Array(bounds.buffer, 8, 8) };
}

/** Booleans PLAIN: one bit each, least significant bit first. */
function writeBooleans(values: Uint8Array, count: number, nulls: Uint8Array | null, out: ByteSink): Bounds | null {
  out.reserve((count >> 3) + 1);
  const base = out.length;
  const { bytes } = out;
  bytes.fill(0, base, base + (count >> 3) + 1);
  let n = 0;
  let trues = 0;
  for (let r = 0; r < count; r++) {
    if (!present(nulls, r)) continue;
    // No branch on the value: random booleans would mispredict half of them (generators/bool.ts).
    const bit = values[r]!;
    bytes[base + (n >> 3)]! |= bit << (n & 7);
    trues += bit;
    n++;
  }
  out.length = base + ((n + 7) >> 3);
  if (n === 0) return null;
  return { min: Uint8Array.of(trues === n ? 1 : 0), max: Uint8Array.of(trues > 0 ? 1 : 0) };
}

/** Values per bit-packed run: 63 groups of 8, so that every run header is one byte (as parquet-mr writes). */
const RUN_GROUPS = 63;

/**
 * `count` small integers (`valueAt(i)` < 2^bitWidth) in the RLE/bit-packed hybrid encoding, as bit-packed
 * runs of at most 504 values; the last run is padded with zeros to a whole group of 8.
 */
export function writeHybrid(count: number, bitWidth: number, valueAt: (i: number) => number, out: ByteSink): void {
  out.reserve(Math.ceil(count / (RUN_GROUPS * 8)) + Math.ceil(count / 8) * bitWidth);
  const { bytes } = out;
  for (let start = 0; start < count; start += RUN_GROUPS * 8) {
    const groups = Math.min(RUN_GROUPS, Math.ceil((count - start) / 8));
    bytes[out.length++] = (groups << 1) | 1;
    const end = out.length + groups * bitWidth;
    bytes.fill(0, out.length, end);
    let bit = out.length * 8;
    for (let i = start; i < start + groups * 8; i++) {
      const v = i < count ? valueAt(i) : 0;
      for (let b = 0; b < bitWidth; b++, bit++) if ((v >> b) & 1) bytes[bit >> 3]! |= 1 << (bit & 7);
    }
    out.length = end;
  }
}

/** Bits per dictionary index for a dictionary of `size` entries (at least 1, as readers expect). */
export function indexBitWidth(size: number): number {
  return Math.max(1, Math.ceil(Math.log2(Math.max(size, 2))));
}
