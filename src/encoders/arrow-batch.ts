import {
  Bool,
  type DataType,
  DateDay,
  Decimal,
  Field,
  Float64,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  TimeMillisecond,
  TimestampMicrosecond,
  Utf8,
} from 'apache-arrow';
import { type ColumnDefinition, isNullable, type TableDefinition } from '../dataset/types.ts';
import { DAY_MS } from '../dates.ts';
import type { Batch, ColumnVector } from '../vectors/column-vector.ts';

/**
 * Column vectors → an Arrow RecordBatch with real types: int64, float64, decimal128(18, scale) for money
 * (exact: `value` reads back as 181.65, never 181.64999…, and warehouses map it to DECIMAL), bool, utf8,
 * timestamp[µs, UTC], date32, time32[ms], and UUIDs as utf8. Columns with a null rate are nullable, with a validity bitmap. Buffers are built by hand
 * (typed arrays, Int32 offsets): Arrow's own builders cost 3-15x more (measured with apache-arrow 21).
 */

const TWO_POW_32 = 4294967296;
/** Decimal precision: 18 digits hold any money amount a generator makes and fit 64 bits. */
const DECIMAL_PRECISION = 18;

function arrowType(column: ColumnDefinition): DataType {
  switch (column.type.kind) {
    case 'int64':
      return new Int64();
    case 'float64':
      return new Float64();
    case 'decimal':
      return new Decimal(column.type.scale, DECIMAL_PRECISION, 128);
    case 'bool':
      return new Bool();
    case 'utf8':
    case 'uuid':
      return new Utf8();
    case 'timestamp':
      return new TimestampMicrosecond('UTC');
    case 'date':
      return new DateDay();
    case 'time':
      return new TimeMillisecond();
  }
}

/** The Arrow schema of a table: the column model decides it, no per-dataset code. */
export function arrowSchema(table: TableDefinition): Schema {
  return new Schema(table.columns.map((column) => new Field(column.name, arrowType(column), isNullable(column))));
}

/** Whole numbers (|v| < 2^53) as little-endian int64 words, times `scale`. */
function int64Words(values: Float64Array, count: number, scale: number, wordsPerValue: number): Int32Array {
  const out = new Int32Array(count * wordsPerValue);
  for (let i = 0; i < count; i++) {
    const v = Math.round(values[i]! * scale);
    const hi = Math.floor(v / TWO_POW_32);
    const at = i * wordsPerValue;
    out[at] = v - hi * TWO_POW_32;
    out[at + 1] = hi;
    for (let w = 2; w < wordsPerValue; w++) out[at + w] = hi < 0 ? -1 : 0; // sign-extend to 128 bits
  }
  return out;
}

/** Epoch days of epoch milliseconds (Arrow date32). */
function epochDays(values: Float64Array, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.floor(values[i]! / DAY_MS);
  return out;
}

/** Milliseconds since midnight (Arrow time32[ms]). */
function timesOfDay(values: Float64Array, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = values[i]! - Math.floor(values[i]! / DAY_MS) * DAY_MS;
  return out;
}

function packBits(values: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array((count + 7) >> 3);
  for (let i = 0; i < count; i++) if (values[i] === 1) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

function dictionaryText(
  codes: Uint32Array,
  dictionary: readonly string[],
  count: number,
): { bytes: Uint8Array; offsets: Int32Array } {
  const entries = dictionary.map((entry) => new TextEncoder().encode(entry));
  const offsets = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + entries[codes[i]!]!.length;
  const bytes = new Uint8Array(offsets[count]!);
  for (let i = 0; i < count; i++) bytes.set(entries[codes[i]!]!, offsets[i]!);
  return { bytes, offsets };
}

/** The Arrow validity bitmap (1 = valid) of a null mask, and its null count. */
function validity(nulls: Uint8Array | null, count: number): { nullBitmap?: Uint8Array; nullCount?: number } {
  if (nulls === null) return {};
  const bitmap = new Uint8Array((count + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < count; i++) {
    if (nulls[i] === 1) nullCount++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { nullBitmap: bitmap, nullCount };
}

function columnData(
  column: ColumnDefinition,
  type: DataType,
  vector: ColumnVector,
  count: number,
  nulls: Uint8Array | null,
): ReturnType<typeof makeData> {
  const length = count;
  const valid = validity(nulls, count);
  if (vector.kind === 'bool')
    return makeData({ type: type as Bool, length, data: packBits(vector.values, count), ...valid });
  if (vector.kind === 'dict') {
    const { bytes, offsets } = dictionaryText(vector.codes, vector.dictionary, count);
    return makeData({ type: type as Utf8, length, data: bytes, valueOffsets: offsets, ...valid });
  }
  if (vector.kind === 'utf8') {
    const offsets = vector.offsets.slice(0, count + 1);
    return makeData({
      type: type as Utf8,
      length,
      data: vector.bytes.subarray(0, offsets[count]),
      valueOffsets: offsets,
      ...valid,
    });
  }
  switch (column.type.kind) {
    case 'decimal':
      return makeData({
        type: type as Decimal,
        length,
        data: new Uint32Array(int64Words(vector.values, count, 10 ** column.type.scale, 4).buffer),
        ...valid,
      });
    case 'timestamp':
      return makeData({
        type: type as TimestampMicrosecond,
        length,
        data: new BigInt64Array(int64Words(vector.values, count, 1000, 2).buffer),
        ...valid,
      });
    case 'date':
      return makeData({ type: type as DateDay, length, data: epochDays(vector.values, count), ...valid });
    case 'time':
      return makeData({ type: type as TimeMillisecond, length, data: timesOfDay(vector.values, count), ...valid });
    case 'int64':
      return makeData({
        type: type as Int64,
        length,
        data: new BigInt64Array(int64Words(vector.values, count, 1, 2).buffer),
        ...valid,
      });
    default:
      return makeData({ type: type as Float64, length, data: vector.values.slice(0, count), ...valid });
  }
}

/** Builds the RecordBatch of one batch of `table`'s vectors. */
export function arrowBatch(table: TableDefinition, schema: Schema, batch: Batch): RecordBatch {
  const children = table.columns.map((column, c) =>
    columnData(column, schema.fields[c]!.type as DataType, batch.columns[c]!, batch.count, batch.nulls[c] ?? null),
  );
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.count, children }));
}
