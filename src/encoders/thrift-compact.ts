/**
 * A minimal, lossless Thrift compact-protocol codec: enough to read a Parquet footer (FileMetaData), change
 * a few offsets, and write it back with every other field untouched. Spec:
 * https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md
 */

/** Compact-protocol type ids. */
export const TType = {
  Stop: 0,
  True: 1,
  False: 2,
  Byte: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  Double: 7,
  Binary: 8,
  List: 9,
  Set: 10,
  Map: 11,
  Struct: 12,
} as const;

/**
 * A decoded value; i64 is a bigint, binary a Uint8Array, bool a boolean. To write, a struct may also be
 * given as the bytes `writeStruct` made of it (a Uint8Array where the type says struct).
 */
export type TValue = boolean | number | bigint | Uint8Array | TList | TMap | TStruct;
/** A list or set. */
export interface TList {
  readonly elementType: number;
  readonly items: TValue[];
}
/** A map. */
export interface TMap {
  readonly keyType: number;
  readonly valueType: number;
  readonly entries: [TValue, TValue][];
}
/** A struct: its fields in wire order, each with its id and type, so it can be written back as read. */
export interface TStruct {
  fields: TField[];
}
export interface TField {
  readonly id: number;
  readonly type: number;
  value: TValue;
}

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }

  byte(): number {
    if (this.pos >= this.buf.length) throw new RangeError('thrift: unexpected end of data');
    return this.buf[this.pos++]!;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
    }
  }

  zigzag(): bigint {
    const n = this.varint();
    return (n >> 1n) ^ -(n & 1n);
  }

  value(type: number): TValue {
    switch (type) {
      case TType.True:
        return true;
      case TType.False:
        return false;
      case TType.Byte:
        return (this.byte() << 24) >> 24;
      case TType.I16:
      case TType.I32:
        return Number(this.zigzag());
      case TType.I64:
        return this.zigzag();
      case TType.Double: {
        const value = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
        this.pos += 8;
        return value;
      }
      case TType.Binary: {
        const length = Number(this.varint());
        const value = this.buf.slice(this.pos, this.pos + length);
        this.pos += length;
        return value;
      }
      case TType.List:
      case TType.Set:
        return this.list();
      case TType.Map:
        return this.map();
      case TType.Struct:
        return this.struct();
      default:
        throw new RangeError(`thrift: unknown type ${type} at byte ${this.pos}`);
    }
  }

  /** Booleans inside collections are one byte: 1 true, anything else false. */
  element(type: number): TValue {
    return type === TType.True || type === TType.False ? this.byte() === TType.True : this.value(type);
  }

  list(): TList {
    const header = this.byte();
    const size = header >> 4 === 15 ? Number(this.varint()) : header >> 4;
    const elementType = header & 15;
    const items: TValue[] = [];
    for (let i = 0; i < size; i++) items.push(this.element(elementType));
    return { elementType, items };
  }

  map(): TMap {
    const size = Number(this.varint());
    const types = size > 0 ? this.byte() : 0;
    const entries: [TValue, TValue][] = [];
    for (let i = 0; i < size; i++) entries.push([this.element(types >> 4), this.element(types & 15)]);
    return { keyType: types >> 4, valueType: types & 15, entries };
  }

  struct(): TStruct {
    const fields: TField[] = [];
    let id = 0;
    for (;;) {
      const header = this.byte();
      if (header === TType.Stop) return { fields };
      const delta = header >> 4;
      id = delta === 0 ? Number(this.zigzag()) : id + delta;
      const type = header & 15;
      fields.push({ id, type, value: this.value(type) });
    }
  }
}

class Writer {
  bytes: number[] = [];

  varint(n: bigint): void {
    while (n >= 0x80n) {
      this.bytes.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.bytes.push(Number(n));
  }

  zigzag(n: bigint): void {
    this.varint(n >= 0n ? n << 1n : (-n << 1n) - 1n);
  }

  value(type: number, value: TValue): void {
    switch (type) {
      case TType.True:
      case TType.False:
        return; // a field's bool lives in its header
      case TType.Byte:
        this.bytes.push((value as number) & 0xff);
        return;
      case TType.I16:
      case TType.I32:
        this.zigzag(BigInt(value as number));
        return;
      case TType.I64:
        this.zigzag(value as bigint);
        return;
      case TType.Double: {
        const b = new Uint8Array(8);
        new DataView(b.buffer).setFloat64(0, value as number, true);
        this.bytes.push(...b);
        return;
      }
      case TType.Binary:
        this.varint(BigInt((value as Uint8Array).length));
        for (const b of value as Uint8Array) this.bytes.push(b);
        return;
      case TType.List:
      case TType.Set:
        this.list(value as TList);
        return;
      case TType.Map:
        this.map(value as TMap);
        return;
      case TType.Struct:
        // A struct already serialized (`writeStruct`) is copied as it is.
        if (value instanceof Uint8Array) for (const b of value) this.bytes.push(b);
        else this.struct(value as TStruct);
        return;
      default:
        throw new RangeError(`thrift: unknown type ${type}`);
    }
  }

  element(type: number, value: TValue): void {
    if (type === TType.True || type === TType.False) this.bytes.push(value === true ? TType.True : TType.False);
    else this.value(type, value);
  }

  list(list: TList): void {
    const size = list.items.length;
    if (size < 15) this.bytes.push((size << 4) | list.elementType);
    else {
      this.bytes.push(0xf0 | list.elementType);
      this.varint(BigInt(size));
    }
    for (const item of list.items) this.element(list.elementType, item);
  }

  map(map: TMap): void {
    this.varint(BigInt(map.entries.length));
    if (map.entries.length === 0) return;
    this.bytes.push((map.keyType << 4) | map.valueType);
    for (const [k, v] of map.entries) {
      this.element(map.keyType, k);
      this.element(map.valueType, v);
    }
  }

  struct(struct: TStruct): void {
    let last = 0;
    for (const field of struct.fields) {
      const type =
        field.type === TType.True || field.type === TType.False
          ? field.value === true
            ? TType.True
            : TType.False
          : field.type;
      const delta = field.id - last;
      if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
      else {
        this.bytes.push(type);
        this.zigzag(BigInt(field.id));
      }
      this.value(type, field.value);
      last = field.id;
    }
    this.bytes.push(TType.Stop);
  }
}

/** Reads the struct that starts at `start` of `buf`. */
export function readStruct(buf: Uint8Array, start = 0): TStruct {
  return new Reader(buf, start).struct();
}

/** Serializes a struct. */
export function writeStruct(struct: TStruct): Uint8Array {
  const writer = new Writer();
  writer.struct(struct);
  return Uint8Array.from(writer.bytes);
}

/** The field `id` of `struct`, or undefined. */
export function field(struct: TStruct, id: number): TField | undefined {
  return struct.fields.find((f) => f.id === id);
}

/** Sets field `id` (keeping field order by id), or removes it when `value` is undefined. */
export function setField(struct: TStruct, id: number, type: number, value: TValue | undefined): void {
  struct.fields = struct.fields.filter((f) => f.id !== id);
  if (value === undefined) return;
  struct.fields.push({ id, type, value });
  struct.fields.sort((a, b) => a.id - b.id);
}
