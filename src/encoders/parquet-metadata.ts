import { type ColumnDefinition, isNullable, type TableDefinition } from '../dataset/types.ts';
import type { Bounds, Physical } from './parquet-values.ts';
import { type TField, type TStruct, TType, type TValue } from './thrift-compact.ts';

/**
 * Parquet's Thrift structures, as much of them as gen writes (field ids and enums from parquet.thrift,
 * https://github.com/apache/parquet-format/blob/master/src/main/thrift/parquet.thrift): the schema, page
 * headers, column chunks, row groups and the footer. The schema is what arrow-rs wrote for the same Arrow
 * types (so DuckDB, pandas and Spark read the same types as before): INT64 for integers, DECIMAL(18, s) on
 * INT64, TIMESTAMP(MICROS, UTC) on INT64, DATE and TIME(MILLIS) on INT32, STRING on BYTE_ARRAY.
 */

const PHYSICAL: Record<Physical, number> = { BOOLEAN: 0, INT32: 1, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6 };
export const Encoding = { Plain: 0, Rle: 3, RleDictionary: 8 } as const;
export const PageType = { Data: 0, Dictionary: 2 } as const;
const REQUIRED = 0;
const OPTIONAL = 1;
const ConvertedType = { Utf8: 0, Decimal: 5, Date: 6, TimeMillis: 7, TimestampMicros: 10 } as const;
/** Decimal precision: 18 digits hold any money amount a generator makes and fit INT64. */
const DECIMAL_PRECISION = 18;

/** A struct from `[id, type, value]` triples, in id order; undefined values are left out. */
export function struct(...fields: [number, number, TValue | undefined][]): TStruct {
  return {
    fields: fields
      .filter((f): f is [number, number, TValue] => f[2] !== undefined)
      .map(([id, type, value]): TField => ({ id, type, value })),
  };
}

const bool = (value: boolean): [number, TValue] => [value ? TType.True : TType.False, value];
const empty = (): TStruct => struct();
const list = (elementType: number, items: TValue[]): TValue => ({ elementType, items });

/** The schema element of one column: physical type, repetition, and its logical type. */
function schemaElement(column: ColumnDefinition, physical: Physical): TStruct {
  const type = column.type;
  const logical: [number | undefined, TStruct | undefined] =
    type.kind === 'utf8' || type.kind === 'uuid'
      ? [ConvertedType.Utf8, struct([1, TType.Struct, empty()])]
      : type.kind === 'decimal'
        ? [
            ConvertedType.Decimal,
            struct([5, TType.Struct, struct([1, TType.I32, type.scale], [2, TType.I32, DECIMAL_PRECISION])]),
          ]
        : type.kind === 'timestamp'
          ? [ConvertedType.TimestampMicros, struct([8, TType.Struct, timeType(true, 2)])]
          : type.kind === 'date'
            ? [ConvertedType.Date, struct([6, TType.Struct, empty()])]
            : type.kind === 'time'
              ? [ConvertedType.TimeMillis, struct([7, TType.Struct, timeType(false, 1)])]
              : [undefined, undefined];
  const decimal = type.kind === 'decimal';
  return struct(
    [1, TType.I32, PHYSICAL[physical]],
    [3, TType.I32, isNullable(column) ? OPTIONAL : REQUIRED],
    [4, TType.Binary, utf8.encode(column.name)],
    [6, TType.I32, logical[0]],
    [7, TType.I32, decimal ? type.scale : undefined],
    [8, TType.I32, decimal ? DECIMAL_PRECISION : undefined],
    [10, TType.Struct, logical[1]],
  );
}

/** TimeType / TimestampType: UTC-adjusted or not, and the unit (1 MILLIS, 2 MICROS). */
function timeType(utc: boolean, unit: 1 | 2): TStruct {
  const [type, value] = bool(utc);
  return struct([1, type, value], [2, TType.Struct, struct([unit, TType.Struct, empty()])]);
}

const utf8 = new TextEncoder();

/** The schema list of a table (the root, named as arrow-rs named it, then one leaf per column). */
export function schemaOf(table: TableDefinition, physical: readonly Physical[]): TValue {
  const root = struct([4, TType.Binary, utf8.encode('arrow_schema')], [5, TType.I32, table.columns.length]);
  return list(TType.Struct, [root, ...table.columns.map((c, i) => schemaElement(c, physical[i]!))]);
}

/** A page header: `type` (data or dictionary), its sizes, and its own header. */
export function pageHeader(
  type: number,
  uncompressed: number,
  compressed: number,
  values: number,
  encoding: number,
): TStruct {
  const own =
    type === PageType.Data
      ? struct(
          [1, TType.I32, values],
          [2, TType.I32, encoding],
          [3, TType.I32, Encoding.Rle],
          [4, TType.I32, Encoding.Rle],
        )
      : struct([1, TType.I32, values], [2, TType.I32, Encoding.Plain]);
  return struct(
    [1, TType.I32, type],
    [2, TType.I32, uncompressed],
    [3, TType.I32, compressed],
    [type === PageType.Data ? 5 : 7, TType.Struct, own],
  );
}

/** What a column chunk's metadata says of its bytes. */
export interface ChunkFacts {
  readonly physical: Physical;
  readonly name: string;
  readonly codec: number;
  readonly rows: number;
  readonly nulls: number;
  readonly dictionary: boolean;
  /** Where the chunk starts in the file (its dictionary page, else its data page) and its data page. */
  readonly start: number;
  readonly dataPage: number;
  readonly uncompressed: number;
  readonly compressed: number;
  readonly bounds: Bounds | null;
}

/** A ColumnChunk with its ColumnMetaData and statistics (`start` is where its bytes begin). */
export function columnChunk(facts: ChunkFacts): TStruct {
  const encodings = [Encoding.Plain, Encoding.Rle, ...(facts.dictionary ? [Encoding.RleDictionary] : [])];
  const exact = bool(true);
  const statistics =
    facts.bounds === null && facts.physical === 'BYTE_ARRAY'
      ? undefined
      : struct(
          [3, TType.I64, BigInt(facts.nulls)],
          [5, TType.Binary, facts.bounds?.max],
          [6, TType.Binary, facts.bounds?.min],
          [7, exact[0], facts.bounds === null ? undefined : exact[1]],
          [8, exact[0], facts.bounds === null ? undefined : exact[1]],
        );
  const meta = struct(
    [1, TType.I32, PHYSICAL[facts.physical]],
    [2, TType.List, list(TType.I32, encodings)],
    [3, TType.List, list(TType.Binary, [utf8.encode(facts.name)])],
    [4, TType.I32, facts.codec],
    [5, TType.I64, BigInt(facts.rows)],
    [6, TType.I64, BigInt(facts.uncompressed)],
    [7, TType.I64, BigInt(facts.compressed)],
    [9, TType.I64, BigInt(facts.dataPage)],
    [11, TType.I64, facts.dictionary ? BigInt(facts.start) : undefined],
    [12, TType.Struct, statistics],
  );
  return struct([2, TType.I64, BigInt(facts.start)], [3, TType.Struct, meta]);
}

/** The footer of a file of one row group (or none, for no rows). */
export function fileMetaData(
  schema: TValue,
  columns: readonly TStruct[],
  rows: number,
  sizes: { readonly uncompressed: number; readonly compressed: number; readonly start: number },
  createdBy: string,
): TStruct {
  const group = struct(
    [1, TType.List, list(TType.Struct, [...columns])],
    [2, TType.I64, BigInt(sizes.uncompressed)],
    [3, TType.I64, BigInt(rows)],
    [5, TType.I64, BigInt(sizes.start)],
    [6, TType.I64, BigInt(sizes.compressed)],
    [7, TType.I16, 0],
  );
  // TYPE_ORDER for every column: readers may trust min_value/max_value (parquet.thrift, ColumnOrder).
  const orders = columns.map(() => struct([1, TType.Struct, empty()]));
  return struct(
    [1, TType.I32, 1],
    [2, TType.List, schema],
    [3, TType.I64, BigInt(rows)],
    [4, TType.List, list(TType.Struct, rows === 0 ? [] : [group])],
    [6, TType.Binary, utf8.encode(createdBy)],
    [7, TType.List, list(TType.Struct, orders)],
  );
}
