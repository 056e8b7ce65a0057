import { isPlainText } from '../bytes/text-escape.ts';
import { drawBelow, subKey } from '../random/counter-rng.ts';
import { createUtf8Vector, reserveUtf8, type Utf8Vector } from '../vectors/column-vector.ts';
import { fakerWords } from '../vocabulary/faker-words.ts';
import { check, checkRange } from './check.ts';
import type { GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/**
 * Free text: `min`..`max` words (default 3..8) drawn from faker's words at `data` (default `lorem.word`),
 * separated by single spaces: titles, descriptions, bodies, and a `tsvector`'s text form (lexemes
 * separated by spaces, https://www.postgresql.org/docs/15/datatype-textsearch.html).
 */
const create: GeneratorFactory<SpecOf<'words'>> = (spec, context) => {
  const { min = 3, max = 8, data = 'lorem.word' } = spec;
  checkRange(min, max, true, context);
  check(min >= 1, context, `min must be at least 1 word (got ${min})`);
  const words = fakerWords(data);
  check(words !== undefined, context, `faker data ${JSON.stringify(data)} is not a list of words`);
  const encoded = words.map((w) => new TextEncoder().encode(w));
  const longest = encoded.reduce((most, w) => Math.max(most, w.length), 0);
  const plain = encoded.every(isPlainText);
  const key = context.key;
  const countKeys = [subKey(key, 1), subKey(key, 2)] as const;
  const wordKeys = Array.from({ length: max }, (_, i) => [subKey(key, 10 + 2 * i), subKey(key, 11 + 2 * i)] as const);
  const span = max - min + 1;
  return {
    createVector: (capacity) => createUtf8Vector(capacity, (longest + 1) * max, plain),
    fill(start, count, out) {
      const vector = out as Utf8Vector;
      const bytes = reserveUtf8(vector, 0, count * (longest + 1) * max);
      let pos = 0;
      vector.offsets[0] = 0;
      for (let i = 0; i < count; i++) {
        const row = start + i;
        const n = min + drawBelow(countKeys[0], countKeys[1], row, span);
        for (let w = 0; w < n; w++) {
          if (w > 0) bytes[pos++] = 32;
          const [k1, k2] = wordKeys[w]!;
          const word = encoded[drawBelow(k1, k2, row, encoded.length)]!;
          bytes.set(word, pos);
          pos += word.length;
        }
        vector.offsets[i + 1] = pos;
      }
    },
  };
};

export const words: GeneratorRegistration<'words'> = {
  kind: 'words',
  options: {
    min: { type: 'number', required: false },
    max: { type: 'number', required: false },
    data: { type: 'string', required: false },
  },
  types: ['utf8'],
  unique: false,
  create,
};
