import { writeUint } from '../bytes/byte-writer.ts';
import { dictionaryOf } from '../dataset/dictionary.ts';
import type { ColumnDefinition } from '../dataset/types.ts';
import { drawBelow, subKey } from '../random/counter-rng.ts';
import { createUtf8Vector, type DictVector, reserveUtf8, type Utf8Vector } from '../vectors/column-vector.ts';
import { fakerWords } from '../vocabulary/faker-words.ts';
import { check } from './check.ts';
import { ownKeySequence } from './keys.ts';
import type { GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

const ascii = new TextEncoder();
/** Longest slug bytes of a name, then `.`, the digits of a key (16) and `@` plus the longest domain. */
const KEY_DIGITS = 16;

/** A name as an address part: lower case, accents dropped, letters and digits only. */
function slug(name: string): Uint8Array {
  return ascii.encode(
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
}

/**
 * `first.last<key>@domain` from the row's own first- and last-name columns (recomputed from their
 * generators at the same rows, so the address matches the names) and faker's free mail domains. The row's
 * key makes every address unique.
 */
const create: GeneratorFactory<SpecOf<'email'>> = (spec, context) => {
  const table = context.dataset?.tables.find((t) => t.name === context.table);
  const source = (name: string): ColumnDefinition => {
    const column = table?.columns.find((c) => c.name === name);
    check(
      column !== undefined && dictionaryOf(column) !== undefined,
      context,
      `email needs ${JSON.stringify(name)}: a text column of this table made by faker or choice`,
    );
    return column;
  };
  // The row's own name columns, as the chunk reads them (the same shared sources: computed once).
  const names = [source(spec.first), source(spec.last)].map((column) => ({
    source: context.source(context.table, column),
    slugs: dictionaryOf(column)!.map(slug),
  }));
  const domains = (fakerWords('internet.free_email') ?? ['example.com']).map((d) => ascii.encode(`@${d}`));
  const longest = (list: readonly Uint8Array[]): number => list.reduce((most, b) => Math.max(most, b.length), 0);
  const bytesPerRow = longest(names[0]!.slugs) + longest(names[1]!.slugs) + 1 + KEY_DIGITS + longest(domains);
  const { start: keyStart, step } = ownKeySequence(context);
  const key = context.key;
  const key2 = subKey(key, 1);
  return {
    createVector: (capacity) => createUtf8Vector(capacity, bytesPerRow, true),
    fill(start, count, out) {
      // Two sources, each holding its own read (choice and faker columns read no other column).
      const firsts = (names[0]!.source.read(start, count).vector as DictVector).codes;
      const lasts = (names[1]!.source.read(start, count).vector as DictVector).codes;
      const vector = out as Utf8Vector;
      const bytes = reserveUtf8(vector, 0, count * bytesPerRow);
      let pos = 0;
      vector.offsets[0] = 0;
      for (let i = 0; i < count; i++) {
        const first = names[0]!.slugs[firsts[i]!]!;
        bytes.set(first, pos);
        pos += first.length;
        bytes[pos++] = 46; // '.'
        const last = names[1]!.slugs[lasts[i]!]!;
        bytes.set(last, pos);
        pos = writeUint(bytes, pos + last.length, keyStart + (start + i) * step);
        const domain = domains[drawBelow(key, key2, start + i, domains.length)]!;
        bytes.set(domain, pos);
        pos += domain.length;
        vector.offsets[i + 1] = pos;
      }
    },
  };
};

export const email: GeneratorRegistration<'email'> = {
  kind: 'email',
  options: { first: { type: 'string', required: true }, last: { type: 'string', required: true } },
  types: ['utf8'],
  unique: true,
  create,
};
