import { drawU32, subKey } from '../random/counter-rng.ts';
import { permutation } from '../random/permutation.ts';
import { createUtf8Vector, reserveUtf8, type Utf8Vector } from '../vectors/column-vector.ts';
import { rowIds } from './row-ids.ts';
import type { ColumnGenerator, GeneratorFactory, GeneratorRegistration, RowsOf, SpecOf } from './types.ts';

const HEX = new TextEncoder().encode('0123456789abcdef');
/** Bytes of a UUID's text form: 32 hex digits and 4 dashes. */
const UUID_TEXT_BYTES = 36;
const TWO_POW_48 = 2 ** 48;

/** Writes the `digits` low hex digits of `n` (a non-negative safe integer) at `pos`. */
function writeHex(bytes: Uint8Array, pos: number, n: number, digits: number): number {
  for (let d = digits - 1; d >= 0; d--) {
    bytes[pos + d] = HEX[n % 16]!;
    n = Math.floor(n / 16);
  }
  return pos + digits;
}

/**
 * The UUID text of any row id of a column whose stream is `key`: 128 bits laid out as RFC 9562's version 4
 * (version nibble 4, variant bits 10), 70 of them random, the low 52 a keyed permutation of the row id, so
 * no two rows of a run share one (random v4 UUIDs would only make a clash unlikely). What `uuid` fills,
 * and what a reference to a UUID key recomputes.
 */
function uuidOfRow(key: number): (row: number, bytes: Uint8Array, pos: number) => number {
  const permute = permutation(subKey(key, 3), 2 ** 52);
  const [ka, kb, kc] = [0, 1, 2].map((i) => subKey(key, i)) as [number, number, number];
  return (row, bytes, pos) => {
    const b = drawU32(kb, row);
    const c = drawU32(kc, row);
    const low = permute(row);
    const top = Math.floor(low / TWO_POW_48);
    pos = writeHex(bytes, pos, drawU32(ka, row), 8);
    bytes[pos++] = 45; // '-'
    pos = writeHex(bytes, pos, b >>> 16, 4);
    bytes[pos++] = 45;
    pos = writeHex(bytes, pos, 0x4000 | (b & 0xfff), 4);
    bytes[pos++] = 45;
    pos = writeHex(bytes, pos, ((8 | (c & 3)) << 12) | (((c >>> 2) & 0xff) << 4) | top, 4);
    bytes[pos++] = 45;
    return writeHex(bytes, pos, low - top * TWO_POW_48, 12);
  };
}

/**
 * A column of UUIDs of the stream `key`: each row gets the UUID of the row `rowsOf` gives it (rowIds for a
 * key; a drawn parent row for a reference to a uuid key).
 */
export function uuidColumn(key: number, rowsOf: RowsOf): ColumnGenerator {
  const write = uuidOfRow(key);
  let rows = new Float64Array(0);
  return {
    createVector: (capacity) => createUtf8Vector(capacity, UUID_TEXT_BYTES, true),
    fill(start, count, out) {
      if (rows.length < count) rows = new Float64Array(count);
      rowsOf(start, count, rows);
      const vector = out as Utf8Vector;
      const bytes = reserveUtf8(vector, 0, count * UUID_TEXT_BYTES);
      vector.offsets[0] = 0;
      for (let i = 0; i < count; i++) vector.offsets[i + 1] = write(rows[i]!, bytes, i * UUID_TEXT_BYTES);
    },
  };
}

const create: GeneratorFactory<SpecOf<'uuid'>> = (_spec, context) => uuidColumn(context.key, rowIds);

export const uuid: GeneratorRegistration<'uuid'> = {
  kind: 'uuid',
  options: {},
  types: ['uuid', 'utf8'],
  unique: true,
  create,
};
