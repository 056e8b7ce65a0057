import { writeUint } from '../bytes/byte-writer.ts';
import { drawU32 } from '../random/counter-rng.ts';
import { createUtf8Vector, reserveUtf8, type Utf8Vector } from '../vectors/column-vector.ts';
import type { GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/** `255.255.255.255/32`. */
const MAX_BYTES = 18;
/** First octets that are not public unicast: 0, 10, 127, 100 (shared), 169, 172, 192, 198, 203 and 224+. */
const RESERVED_FIRST = new Set([0, 10, 100, 127, 169, 172, 192, 198, 203]);
/** Public first octets (1..223 without the reserved ones), so an address never looks private. */
const FIRST_OCTETS = Array.from({ length: 223 }, (_, i) => i + 1).filter((o) => !RESERVED_FIRST.has(o));

/** An IPv4 address from one 32-bit draw: a public first octet, then three uniform octets. */
const create: GeneratorFactory<SpecOf<'ip'>> = (spec, context) => {
  const key = context.key;
  const suffix = spec.cidr === true;
  return {
    createVector: (capacity) => createUtf8Vector(capacity, MAX_BYTES, true),
    fill(start, count, out) {
      const vector = out as Utf8Vector;
      const bytes = reserveUtf8(vector, 0, count * MAX_BYTES);
      let pos = 0;
      vector.offsets[0] = 0;
      for (let i = 0; i < count; i++) {
        const u = drawU32(key, start + i);
        pos = writeUint(bytes, pos, FIRST_OCTETS[(u >>> 24) % FIRST_OCTETS.length]!);
        for (const shift of [16, 8, 0]) {
          bytes[pos++] = 46; // '.'
          pos = writeUint(bytes, pos, (u >>> shift) & 255);
        }
        if (suffix) {
          bytes.set([47, 51, 50], pos); // '/32'
          pos += 3;
        }
        vector.offsets[i + 1] = pos;
      }
    },
  };
};

export const ip: GeneratorRegistration<'ip'> = {
  kind: 'ip',
  options: { cidr: { type: 'boolean', required: false } },
  types: ['utf8'],
  unique: false,
  create,
};
