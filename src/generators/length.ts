import { cutText } from '../dataset/dictionary.ts';
import type { DictVector, Utf8Vector } from '../vectors/column-vector.ts';
import type { ColumnGenerator } from './types.ts';

const SPACE = 0x20;

/** Bytes of the first `length` UTF-8 characters of `bytes[start..end)`: lead bytes are those not 10xxxxxx. */
function cutEnd(bytes: Uint8Array, start: number, end: number, length: number): number {
  let chars = 0;
  for (let i = start; i < end; i++) {
    if ((bytes[i]! & 0xc0) !== 0x80 && chars++ === length) {
      // As cutText: a cut never leaves a trailing space.
      while (i > start && bytes[i - 1] === SPACE) i--;
      return i;
    }
  }
  return end;
}

/**
 * A text column's values cut to at most `length` characters (`varchar(n)`, `char(n)`): a dictionary once,
 * free text in place after each fill (values move left over the bytes cut from earlier rows).
 */
export function withLength(generator: ColumnGenerator, length: number): ColumnGenerator {
  return {
    createVector(capacity) {
      const vector = generator.createVector(capacity);
      if (vector.kind !== 'dict') return vector;
      return { ...vector, dictionary: vector.dictionary.map((v) => cutText(v, length)) } satisfies DictVector;
    },
    fill(start, count, out) {
      generator.fill(start, count, out);
      if (out.kind !== 'utf8') return;
      const { bytes, offsets } = out as Utf8Vector;
      let pos = 0;
      for (let i = 0; i < count; i++) {
        const from = offsets[i]!;
        const to = cutEnd(bytes, from, offsets[i + 1]!, length);
        bytes.copyWithin(pos, from, to);
        offsets[i] = pos;
        pos += to - from;
      }
      offsets[count] = pos;
    },
  };
}
