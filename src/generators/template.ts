import { writeUint, writeUintPadded } from '../bytes/byte-writer.ts';
import { type Literal, literal, viewOf, writeLiteral } from '../bytes/literal.ts';
import { isPlainText } from '../bytes/text-escape.ts';
import { drawBelow, subKey } from '../random/counter-rng.ts';
import { createUtf8Vector, reserveUtf8, type Utf8Vector } from '../vectors/column-vector.ts';
import { fakerWords } from '../vocabulary/faker-words.ts';
import { check, fail } from './check.ts';
import { ownKeySequence } from './keys.ts';
import type { GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/** Longest decimal row id (2^53 has 16 digits) or padding we accept. */
const MAX_DIGITS = 16;
const PLACEHOLDER = /\{([a-z_]+(?:\.[a-z_]+)*)(?::0(\d+))?\}/g;

interface Part {
  readonly literal: Literal;
  /** Zero-padding width of the `{id}` that follows the literal; -1 when no `{id}` follows. */
  readonly width: number;
  /** The words of a `{faker.path}` placeholder that follows the literal, one drawn per row. */
  readonly words?: readonly Literal[];
}

/**
 * Text from a template: literal text with `{id}` (the row's key, see `keySequence`) or `{id:0N}`
 * (zero-padded to N digits) placeholders, e.g. `Item {id}` or `C{id:03}`, and `{faker.data.path}`
 * placeholders, a word of faker's data drawn per row (`{commerce.product_name.adjective} {commerce.product_name.product}`),
 * each placeholder from its own stream.
 */
const create: GeneratorFactory<SpecOf<'template'>> = (spec, context) => {
  const source = spec.template;
  check(typeof source === 'string', context, 'template must be a string');
  const parts = parseTemplate(source, (problem) => fail(context, problem));
  const longest = (part: Part) => (part.words ?? []).reduce((most, w) => Math.max(most, w.bytes.length), 0);
  const literalBytes = parts.reduce((sum, part) => sum + part.literal.bytes.length + longest(part), 0);
  const bytesPerRow = literalBytes + parts.length * MAX_DIGITS;
  // Digits never need escaping, so the literals and words decide; a template of only `{id}` is never empty.
  const plain =
    parts.every((part) => isPlainText(part.literal.bytes) && (part.words ?? []).every((w) => isPlainText(w.bytes))) &&
    (parts.length > 1 || literalBytes > 0);
  const keys = parts.map((_, i) => subKey(context.key, i));
  const { start: first, step } = ownKeySequence(context);
  return {
    createVector: (capacity) => createUtf8Vector(capacity, bytesPerRow, plain),
    fill(start, count, out) {
      const vector = out as Utf8Vector;
      const offsets = vector.offsets;
      const bytes = reserveUtf8(vector, 0, count * bytesPerRow);
      const view = viewOf(bytes);
      let pos = 0;
      offsets[0] = 0;
      for (let i = 0; i < count; i++) {
        for (let p = 0; p < parts.length; p++) {
          const part = parts[p]!;
          pos = writeLiteral(view, bytes, pos, part.literal);
          if (part.words !== undefined)
            pos = writeLiteral(
              view,
              bytes,
              pos,
              part.words[drawBelow(keys[p]!, keys[p]!, start + i, part.words.length)]!,
            );
          else if (part.width === 0) pos = writeUint(bytes, pos, first + (start + i) * step);
          else if (part.width > 0) pos = writeUintPadded(bytes, pos, first + (start + i) * step, part.width);
        }
        offsets[i + 1] = pos;
      }
    },
  };
};

function parseTemplate(source: string, fail: (problem: string) => never): Part[] {
  const encoder = new TextEncoder();
  const parts: Part[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    if (match[1] !== 'id') {
      const words = fakerWords(match[1]!);
      if (words === undefined || match[2] !== undefined)
        fail(
          `template placeholder {${match[0].slice(1, -1)}} is unknown; use {id}, {id:0N} or faker data such as {person.first_name}`,
        );
      const lit = literal(encoder.encode(source.slice(last, match.index)));
      parts.push({ literal: lit, width: -1, words: words.map((w) => literal(encoder.encode(w))) });
      last = match.index + match[0].length;
      continue;
    }
    const width = match[2] === undefined ? 0 : Number(match[2]);
    if (width > MAX_DIGITS) fail(`template padding {id:0${width}} is wider than ${MAX_DIGITS} digits`);
    parts.push({ literal: literal(encoder.encode(source.slice(last, match.index))), width });
    last = match.index + match[0].length;
  }
  parts.push({ literal: literal(encoder.encode(source.slice(last))), width: -1 });
  return parts;
}

export const template: GeneratorRegistration<'template'> = {
  kind: 'template',
  options: { template: { type: 'string', required: true } },
  types: ['utf8'],
  unique: (spec) => (spec.template.includes('{id') ? null : 'a unique template needs {id} in it'),
  create,
};
