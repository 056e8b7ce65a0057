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

/**
 * Bytes written into a growing buffer; with a part size, handed out in parts of about that size instead of
 * one buffer (a footer of thousands of row groups is megabytes: ~3.5 MB for 1e9 `items` rows).
 */
class Writer {
  private buf: Uint8Array;
  private at = 0;
  private readonly parts: Uint8Array[] = [];
  private readonly scratch = new DataView(new ArrayBuffer(8));

  constructor(private readonly partBytes = Number.POSITIVE_INFINITY) {
    this.buf = new Uint8Array(Math.min(256, partBytes));
  }

  /** The bytes written, as parts in order (one part without a part size). */
  done(): Uint8Array[] {
    if (this.at > 0 || this.parts.length === 0) this.parts.push(this.buf.subarray(0, this.at));
    return this.parts;
  }

  byte(b: number): void {
    if (this.at === this.buf.length) this.room(1);
    this.buf[this.at++] = b;
  }

  append(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** Makes room for `need` more bytes: a new part once this one is full, else a buffer twice the size. */
  private room(need: number): void {
    if (this.at + need <= this.buf.length) return;
    if (this.at > 0 && this.at + need > this.partBytes) {
      this.parts.push(this.buf.subarray(0, this.at));
      this.buf = new Uint8Array(Math.max(need, this.buf.length));
      this.at = 0;
      return;
    }
    const next = new Uint8Array(Math.max(this.at + need, Math.min(2 * this.buf.length, this.partBytes)));
    next.set(this.buf.subarray(0, this.at));
    this.buf = next;
  }

  varint(n: bigint): void {
    while (n >= 0x80n) {
      this.byte(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.byte(Number(n));
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
        this.byte((value as number) & 0xff);
        return;
      case TType.I16:
      case TType.I32:
        this.zigzag(BigInt(value as number));
        return;
      case TType.I64:
        this.zigzag(value as bigint);
        return;
      case TType.Double:
        this.scratch.setFloat64(0, value as number, true);
        this.append(new Uint8Array(this.scratch.buffer));
        return;
      case TType.Binary:
        this.varint(BigInt((value as Uint8Array).length));
        this.append(value as Uint8Array);
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
        if (value instanceof Uint8Array) this.append(value);
        else this.struct(value as TStruct);
        return;
      default:
        throw new RangeError(`thrift: unknown type ${type}`);
    }
  }

  element(type: number, value: TValue): void {
    if (type === TType.True || type === TType.False) this.byte(value === true ? TType.True : TType.False);
    else this.value(type, value);
  }

  list(list: TList): void {
    const size = list.items.length;
    if (size < 15) this.byte((size << 4) | list.elementType);
    else {
      this.byte(0xf0 | list.elementType);
      this.varint(BigInt(size));
    }
    for (const item of list.items) this.element(list.elementType, item);
  }

  map(map: TMap): void {
    this.varint(BigInt(map.entries.length));
    if (map.entries.length === 0) return;
    this.byte((map.keyType << 4) | map.valueType);
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
      if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
      else {
        this.byte(type);
        this.zigzag(BigInt(field.id));
      }
      this.value(type, field.value);
      last = field.id;
    }
    this.byte(TType.Stop);
  }
}

/** Reads the struct that starts at `start` of `buf`. */
export function readStruct(buf: Uint8Array, start = 0): TStruct {
  return new Reader(buf, start).struct();
}

/** Serializes a struct (into memory of its own size, since a row group's metadata is kept to the end). */
export function writeStruct(struct: TStruct): Uint8Array {
  return writeStructParts(struct)[0]!.slice();
}

/** Serializes a struct as parts of about `partBytes` each, in order (without it, one part). */
export function writeStructParts(struct: TStruct, partBytes?: number): Uint8Array[] {
  const writer = new Writer(partBytes);
  writer.struct(struct);
  return writer.done();
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
