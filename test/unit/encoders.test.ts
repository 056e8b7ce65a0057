import { describe, expect, it } from 'vitest';
import { writeFixed, writeFloat, writeInt, writeIsoTimestamp, writeUintPadded } from '../../src/bytes/byte-writer.ts';
import type { TableDefinition } from '../../src/dataset/types.ts';
import { createCsvEncoder } from '../../src/encoders/csv.ts';
import { formatOf } from '../../src/encoders/formats.ts';

const createFramer = (format: string, table: TableDefinition, first: boolean) =>
  formatOf(format)!.createFramer(table, first);

import { writeCsvField, writeJsonEscaped } from '../../src/bytes/text-escape.ts';
import { createNdjsonEncoder } from '../../src/encoders/ndjson.ts';
import { createPgBinaryEncoder } from '../../src/encoders/pg-binary.ts';
import { mix32 } from '../../src/random/counter-rng.ts';
import type { Batch } from '../../src/vectors/column-vector.ts';

const decode = (buf: Uint8Array, end: number): string => new TextDecoder().decode(buf.subarray(0, end));
const write = (f: (buf: Uint8Array, pos: number) => number): string => {
  const buf = new Uint8Array(256);
  return decode(buf, f(buf, 0));
};
/** Deterministic pseudo-random numbers for property-style checks. */
const sample = (n: number, f: (u: number, i: number) => number): number[] =>
  Array.from({ length: n }, (_, i) => f(mix32(i + 1) / 2 ** 32, i));

describe('byte writers agree with JavaScript formatting', () => {
  it('integers, including both ends of the safe range', () => {
    const ints = [
      0,
      1,
      9,
      10,
      99,
      100,
      101,
      999_999,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 32 + 1,
      1e8 - 1,
      1e8,
      1e8 + 7,
      Number.MAX_SAFE_INTEGER,
      ...sample(2000, (u) => Math.floor(u * 10 ** Math.floor(u * 16))),
    ];
    for (const n of ints) {
      expect(write((b, p) => writeInt(b, p, n))).toBe(String(n));
      expect(write((b, p) => writeInt(b, p, -n))).toBe(n === 0 ? '0' : String(-n));
    }
    expect(write((b, p) => writeUintPadded(b, p, 7, 3))).toBe('007');
    expect(write((b, p) => writeUintPadded(b, p, 12345, 3))).toBe('12345');
    // Above 32 bits the low 8 digits are written zero-padded, then the rest.
    expect(write((b, p) => writeUintPadded(b, p, 2 ** 40, 20))).toBe(String(2 ** 40).padStart(20, '0'));
    expect(write((b, p) => writeUintPadded(b, p, 5e12 + 3, 1))).toBe('5000000000003');
  });

  it('fixed decimals as toFixed would print them', () => {
    for (const cents of [0, 1, 5, 99, 100, 1000, 99_999, 100_000, ...sample(3000, (u) => Math.floor(u * 1e9))]) {
      const v = cents / 100;
      expect(write((b, p) => writeFixed(b, p, v, 2, 100))).toBe(v.toFixed(2));
      expect(write((b, p) => writeFixed(b, p, -v, 2, 100))).toBe(cents === 0 ? '0.00' : (-v).toFixed(2));
    }
    for (const units of [0, 7, 2 ** 31 - 1, 2 ** 31, 2 ** 40 + 3, ...sample(500, (u) => Math.floor(u * 1e12))]) {
      for (const scale of [0, 1, 3, 6]) {
        const v = units / 10 ** scale;
        expect(write((b, p) => writeFixed(b, p, v, scale, 10 ** scale))).toBe(v.toFixed(scale));
      }
    }
    expect(write((b, p) => writeFixed(b, p, 12.5, 0, 1))).toBe('13');
    expect(write((b, p) => writeFixed(b, p, 1e300, 2, 100))).toBe((1e300).toFixed(2));
  });

  it('floats as String() prints them; non-finite as null', () => {
    for (const v of [0, -0.5, 1e21, 1.7976931348623157e308, 5e-324, ...sample(500, (u) => (u - 0.5) * 1e6)]) {
      expect(write((b, p) => writeFloat(b, p, v))).toBe(String(v));
    }
    expect(write((b, p) => writeFloat(b, p, Number.NaN))).toBe('null');
  });

  it('timestamps as Date#toISOString, from 1970 to 9999, across leap days', () => {
    const instants = [
      0,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2000, 2, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(1900, 0, 1),
      ...sample(5000, (u) => Math.floor(u * 2.5e14)),
    ];
    for (const ms of instants)
      expect(write((b, p) => writeIsoTimestamp(new DataView(b.buffer), b, p, ms))).toBe(new Date(ms).toISOString());
  });
});

const TRICKY = [
  'plain',
  '',
  'quote " inside',
  'back\\slash',
  'comma, here',
  'line\nbreak',
  'cr\rhere',
  'tab\t',
  '\u0001\u001f',
  'ünïcödé ✓ 😀',
  ' edge ',
  'a""b',
];

describe('text escaping', () => {
  it('JSON strings parse back to the original text', () => {
    for (const text of TRICKY) {
      const src = new TextEncoder().encode(text);
      const json = write((b, p) => {
        b[p] = 34;
        const end = writeJsonEscaped(b, p + 1, src, 0, src.length);
        b[end] = 34;
        return end + 1;
      });
      expect(JSON.parse(json)).toBe(text);
    }
  });

  it('CSV fields are quoted exactly when RFC 4180 needs it', () => {
    const csv = (text: string): string => {
      const src = new TextEncoder().encode(text);
      return write((b, p) => writeCsvField(b, p, src, 0, src.length));
    };
    expect(csv('plain')).toBe('plain');
    expect(csv('')).toBe('""');
    expect(csv('comma, here')).toBe('"comma, here"');
    expect(csv('quote " inside')).toBe('"quote "" inside"');
    expect(csv('line\nbreak')).toBe('"line\nbreak"');
    expect(csv('ünïcödé ✓')).toBe('ünïcödé ✓');
  });
});

const TABLE: TableDefinition = {
  name: 't',
  defaultRows: 3,
  columns: [
    { name: 'id', type: { kind: 'int64' }, generator: { kind: 'sequence' } },
    { name: 'price', type: { kind: 'decimal', scale: 2 }, generator: { kind: 'float', min: 0, max: 10 } },
    { name: 'ratio', type: { kind: 'float64' }, generator: { kind: 'float', min: 0, max: 1 } },
    { name: 'ok', type: { kind: 'bool' }, generator: { kind: 'bool' } },
    { name: 'at', type: { kind: 'timestamp' }, generator: { kind: 'timestamp', fromDays: -1, toDays: 0 } },
    { name: 'tag', type: { kind: 'utf8' }, generator: { kind: 'choice', values: ['x,y', 'say "hi"'] } },
    { name: 'note', type: { kind: 'utf8' }, generator: { kind: 'template', template: 'n{id}' } },
  ],
};

function batch(notes: string[], nulls: (Uint8Array | null)[] = TABLE.columns.map(() => null)): Batch {
  const bytes = new TextEncoder().encode(notes.join(''));
  const offsets = new Int32Array(notes.length + 1);
  notes.forEach((n, i) => {
    offsets[i + 1] = offsets[i]! + new TextEncoder().encode(n).length;
  });
  return {
    start: 0,
    count: notes.length,
    columns: [
      { kind: 'number', values: Float64Array.from(notes.map((_, i) => i)) },
      { kind: 'number', values: Float64Array.from([1.5, 0, 9.99]) },
      { kind: 'number', values: Float64Array.from([0.25, 0.1, 1e-7]) },
      { kind: 'bool', values: Uint8Array.from([1, 0, 1]) },
      { kind: 'number', values: Float64Array.from([0, 86_400_000 - 1, 1_700_000_000_123]) },
      { kind: 'dict', codes: Uint32Array.from([0, 1, 0]), dictionary: ['x,y', 'say "hi"'] },
      { kind: 'utf8', bytes, offsets, plain: false },
    ],
    nulls,
  };
}

describe('encoders', () => {
  const notes = ['new\nline', '', 'ü "q"'];

  it('NDJSON: one object per line that JSON.parse reads back with every value and type', () => {
    const text = new TextDecoder().decode(createNdjsonEncoder(TABLE).encode(batch(notes)));
    expect(text.endsWith('\n')).toBe(true);
    const rows = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toEqual([
      { id: 0, price: 1.5, ratio: 0.25, ok: true, at: '1970-01-01T00:00:00.000Z', tag: 'x,y', note: 'new\nline' },
      { id: 1, price: 0, ratio: 0.1, ok: false, at: '1970-01-01T23:59:59.999Z', tag: 'say "hi"', note: '' },
      { id: 2, price: 9.99, ratio: 1e-7, ok: true, at: '2023-11-14T22:13:20.123Z', tag: 'x,y', note: 'ü "q"' },
    ]);
    expect(text).toContain('"price":1.50,');
  });

  it('CSV: a header (in the first shard only), then RFC 4180 rows', () => {
    const encoder = createCsvEncoder(TABLE);
    expect(
      createFramer('csv', TABLE, true)
        .start()
        .map((b) => new TextDecoder().decode(b)),
    ).toEqual(['id,price,ratio,ok,at,tag,note\n']);
    expect(createFramer('csv', TABLE, false).start()).toEqual([]);
    expect(createFramer('ndjson', TABLE, true).start()).toEqual([]);
    expect(new TextDecoder().decode(encoder.encode(batch(notes)))).toBe(
      '0,1.50,0.25,true,1970-01-01T00:00:00.000Z,"x,y","new\nline"\n' +
        '1,0.00,0.1,false,1970-01-01T23:59:59.999Z,"say ""hi""",""\n' +
        '2,9.99,1e-7,true,2023-11-14T22:13:20.123Z,"x,y","ü ""q"""\n',
    );
  });

  it('nulls: JSON null, an empty CSV field (an empty string stays ""), a -1 length in binary COPY', () => {
    const mask = Uint8Array.from([0, 1, 0]);
    const nulls = TABLE.columns.map((c) => (c.name === 'price' || c.name === 'note' || c.name === 'tag' ? mask : null));
    const json = new TextDecoder()
      .decode(createNdjsonEncoder(TABLE).encode(batch(notes, nulls)))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json[1]).toEqual({
      id: 1,
      price: null,
      ratio: 0.1,
      ok: false,
      at: '1970-01-01T23:59:59.999Z',
      tag: null,
      note: null,
    });
    expect(json[0]!.note).toBe('new\nline');
    const csv = new TextDecoder().decode(createCsvEncoder(TABLE).encode(batch(notes, nulls))).split('\n');
    expect(csv[2]).toBe('1,,0.1,false,1970-01-01T23:59:59.999Z,,');
    const plainCsv = new TextDecoder().decode(createCsvEncoder(TABLE).encode(batch(notes))).split('\n');
    expect(plainCsv[2]).toBe('1,0.00,0.1,false,1970-01-01T23:59:59.999Z,"say ""hi""",""');
    const binary = createPgBinaryEncoder(TABLE).encode(batch(notes, nulls));
    const withoutNulls = createPgBinaryEncoder(TABLE).encode(batch(notes));
    // Row 1 loses price (4 + numeric bytes), tag and note (4 + bytes each) and gains three -1 lengths.
    expect(binary.length).toBeLessThan(withoutNulls.length);
    expect(Buffer.from(binary).includes(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toBe(true);
  });

  it('a batch of no rows is no bytes', () => {
    const empty = { ...batch(notes), count: 0 };
    expect(createNdjsonEncoder(TABLE).encode(empty).length).toBe(0);
    expect(createCsvEncoder(TABLE).encode(empty).length).toBe(0);
  });

  it('encodes into a reused buffer when it is large enough, and into a new one when not', () => {
    const encoder = createNdjsonEncoder(TABLE);
    const first = encoder.encode(batch(notes));
    const reused = encoder.encode(batch(notes), first.buffer as SharedArrayBuffer);
    expect(reused.buffer).toBe(first.buffer);
    const tooSmall = new SharedArrayBuffer(8);
    expect(encoder.encode(batch(notes), tooSmall).buffer).not.toBe(tooSmall);
  });
});
