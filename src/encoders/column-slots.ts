import { MAX_NUMBER_BYTES, writeDayFirst } from '../bytes/byte-writer.ts';
import { type Literal, literal } from '../bytes/literal.ts';
import { dictionaryOf } from '../dataset/dictionary.ts';
import type { ColumnDefinition } from '../dataset/types.ts';
import type { Batch, ColumnVector, Utf8Vector } from '../vectors/column-vector.ts';

/** How an encoder writes one column; small integers so the row loop is a jump table, not dynamic dispatch. */
export const SlotKind = {
  Int: 0,
  Fixed: 1,
  Float: 2,
  Bool: 3,
  Dict: 4,
  Text: 5,
  Timestamp: 6,
  Date: 7,
  Time: 8,
} as const;
export type SlotKind = (typeof SlotKind)[keyof typeof SlotKind];

/**
 * Per-column state of an encoder, as parallel arrays indexed by column so the row loop stays monomorphic.
 * `bind()` points them at a batch's vectors.
 */
export interface ColumnSlots {
  readonly kinds: SlotKind[];
  /** Decimals of each `Fixed` column and `10 ** scale`. */
  readonly scales: number[];
  readonly units: number[];
  readonly numbers: Float64Array[];
  readonly flags: Uint8Array[];
  readonly codes: Uint32Array[];
  readonly texts: Utf8Vector[];
  /** Each `Dict` column's entries, already encoded for the format. */
  readonly dictionaries: Literal[][];
  /** Bytes of each `Dict` column's longest entry (at least 4: a null is `null` in NDJSON). */
  readonly longest: number[];
}

const EMPTY_F64 = new Float64Array(0);
const EMPTY_U8 = new Uint8Array(0);
const EMPTY_U32 = new Uint32Array(0);
const EMPTY_TEXT: Utf8Vector = { kind: 'utf8', bytes: EMPTY_U8, offsets: new Int32Array(1), plain: true };

function kindOf(column: ColumnDefinition): SlotKind {
  switch (column.type.kind) {
    case 'int64':
      return SlotKind.Int;
    case 'decimal':
      return SlotKind.Fixed;
    case 'float64':
      return SlotKind.Float;
    case 'bool':
      return SlotKind.Bool;
    case 'timestamp':
      return SlotKind.Timestamp;
    case 'date':
      return SlotKind.Date;
    case 'time':
      return SlotKind.Time;
    case 'uuid':
      return SlotKind.Text;
    case 'utf8':
      return dictionaryOf(column) === undefined ? SlotKind.Text : SlotKind.Dict;
  }
}

/** Prepares the slots of a table's columns; `encodeText` encodes a dictionary entry for the format. */
export function createColumnSlots(
  columns: readonly ColumnDefinition[],
  encodeText: (text: string) => Uint8Array,
): ColumnSlots {
  const kinds = columns.map(kindOf);
  const dictionaries = columns.map((c) => (dictionaryOf(c) ?? []).map((v) => literal(encodeText(v))));
  // A loop, not Math.max(...entries): a dictionary of 100k+ values would overflow the call stack.
  const longest = dictionaries.map((entries) => entries.reduce((most, entry) => Math.max(most, entry.bytes.length), 4));
  return {
    kinds,
    scales: columns.map((c) => (c.type.kind === 'decimal' ? c.type.scale : 0)),
    units: columns.map((c) => (c.type.kind === 'decimal' ? 10 ** c.type.scale : 1)),
    numbers: columns.map(() => EMPTY_F64),
    flags: columns.map(() => EMPTY_U8),
    codes: columns.map(() => EMPTY_U32),
    texts: columns.map(() => EMPTY_TEXT),
    dictionaries,
    longest,
  };
}

/** Points the slots at the vectors of `batch`. */
export function bindSlots(slots: ColumnSlots, batch: Batch): void {
  batch.columns.forEach((vector: ColumnVector, c) => {
    if (vector.kind === 'number') slots.numbers[c] = vector.values;
    else if (vector.kind === 'bool') slots.flags[c] = vector.values;
    else if (vector.kind === 'dict') slots.codes[c] = vector.codes;
    else slots.texts[c] = vector;
  });
}

/** New slots get this much room above the bound that asked for them, so that slightly larger chunks fit. */
const SLOT_HEADROOM = 1.25;

/**
 * Room for at least `size` bytes: `slot` when it is large enough, else new shared memory. Always a plain
 * `Uint8Array` (never a `Buffer`), so the byte writers see one array type and stay monomorphic. Pages of a
 * slot that are never written are never touched, so the generous bound costs address space, not memory.
 */
export function outputBuffer(size: number, slot: SharedArrayBuffer | undefined): Uint8Array {
  return new Uint8Array(
    slot !== undefined && slot.byteLength >= size ? slot : new SharedArrayBuffer(Math.ceil(size * SLOT_HEADROOM)),
  );
}

/**
 * An upper bound of the bytes `batch` encodes to: fixed-width values at their widest, text at its worst
 * escaping (`textGrowth` bytes per input byte), plus `perRow` bytes of format punctuation per row.
 * Buffers are allocated at this bound without zeroing, so pages that are never written cost nothing.
 */
export function encodedBound(slots: ColumnSlots, batch: Batch, perRow: number, textGrowth: number): number {
  let fixed = perRow;
  let text = 0;
  slots.kinds.forEach((kind, c) => {
    // Room for 4 bytes at least per value: a null is `null` in NDJSON.
    if (kind === SlotKind.Text) {
      const offsets = slots.texts[c]!.offsets;
      text += (offsets[batch.count]! - offsets[0]!) * textGrowth;
      fixed += 4;
    } else if (kind === SlotKind.Dict) {
      fixed += slots.longest[c]!;
    } else {
      fixed += MAX_NUMBER_BYTES;
    }
  });
  return batch.count * fixed + text;
}

/** Writes row `r` of date or timestamp column `c` as a malformed date (`MALFORMED_DATE`), unquoted. */
export function writeMalformedDate(buf: Uint8Array, pos: number, slots: ColumnSlots, c: number, r: number): number {
  return writeDayFirst(buf, pos, slots.numbers[c]![r]!, slots.kinds[c] === SlotKind.Timestamp);
}
