import {
  type BoolVector,
  type ColumnVector,
  createBoolVector,
  createDictVector,
  createNumberVector,
  createUtf8Vector,
  type DictVector,
  type NumberVector,
  reserveUtf8,
  type Utf8Vector,
} from '../vectors/column-vector.ts';
import { markingNulls } from './nulls.ts';
import type { ColumnGenerator, ColumnRead, ColumnSource, RowsOf } from './types.ts';

/**
 * A column's values at any rows (a lookup's parent rows): recomputed from the column's own generator,
 * never stored. When the rows of a chunk fall in a span at most `SPAN_FACTOR` times the chunk (a small
 * parent table, or children of nearby parents), the span is filled in one call and picked from; otherwise
 * each row is filled on its own. Memory stays bounded by the chunk either way.
 */
const SPAN_FACTOR = 4;
const MIN_SPAN = 4096;

/** Text as UTF-8 bytes (for output), or as dictionary codes (for expressions that compare it). */
export type TextAs = 'bytes' | 'codes';

/** Gathers a source's values into vectors of its kind (text per `TextAs`), with a NULL mask. */
export interface Gather {
  createVector(capacity: number): ColumnVector;
  /** `out[i]` = the value at row `rows[i]`; `mask[i]` = 1 where that is NULL or `rows[i]` is NaN. */
  gather(rows: Float64Array, count: number, out: ColumnVector, mask: Uint8Array): void;
}

const encoder = new TextEncoder();

type Copy = (from: ColumnVector, j: number, out: ColumnVector, i: number, pos: number) => number;

/** How one value moves from the source's vector to the output: returns the output's next byte position. */
function copierOf(probe: ColumnVector, textAs: TextAs): { create: (n: number) => ColumnVector; copy: Copy } {
  switch (probe.kind) {
    case 'number':
    case 'bool':
      return {
        create: probe.kind === 'number' ? createNumberVector : createBoolVector,
        copy: (f, j, o, i) => {
          (o as NumberVector | BoolVector).values[i] = (f as NumberVector | BoolVector).values[j]!;
          return 0;
        },
      };
    case 'dict': {
      if (textAs === 'codes')
        return {
          create: (n) => createDictVector(n, probe.dictionary),
          copy: (f, j, o, i) => {
            (o as DictVector).codes[i] = (f as DictVector).codes[j]!;
            return 0;
          },
        };
      const entries = probe.dictionary.map((v) => encoder.encode(v));
      return {
        create: (n) => createUtf8Vector(n, 16, false),
        copy: (f, j, o, i, pos) => put(o, i, pos, entries[(f as DictVector).codes[j]!]!),
      };
    }
    case 'utf8':
      return {
        create: (n) => createUtf8Vector(n, 16, probe.plain),
        copy: (f, j, o, i, pos) => {
          const v = f as Utf8Vector;
          return put(o, i, pos, v.bytes.subarray(v.offsets[j]!, v.offsets[j + 1]!));
        },
      };
  }
}

function put(out: ColumnVector, i: number, pos: number, bytes: Uint8Array): number {
  const vector = out as Utf8Vector;
  reserveUtf8(vector, pos, bytes.length).set(bytes, pos);
  vector.offsets[i + 1] = pos + bytes.length;
  return pos + bytes.length;
}

/**
 * Numbers from a span read at rows `lo ..` into `out`: one typed-array copy a row, without the copier's
 * call (a lookup's numbers are most of what relational tables gather: shiny-rocks' services, 3 of 7 columns).
 */
function gatherNumbers(
  from: ColumnRead,
  lo: number,
  rows: Float64Array,
  count: number,
  out: NumberVector | BoolVector,
  mask: Uint8Array,
): void {
  const source = (from.vector as NumberVector | BoolVector).values;
  const marks = from.mask;
  const values = out.values;
  for (let i = 0; i < count; i++) {
    const j = rows[i]! - lo;
    if (Number.isNaN(j)) {
      mask[i] = 1;
      continue;
    }
    values[i] = source[j]!;
    mask[i] = marks === null ? 0 : marks[j]!;
  }
}

/** The gather of `source`'s values. */
export function gatherOf(source: ColumnSource, textAs: TextAs): Gather {
  const probe = source.createVector(0);
  const { create, copy } = copierOf(probe, textAs);
  const numeric = probe.kind === 'number' || probe.kind === 'bool';
  return {
    createVector: create,
    gather(rows, count, out, mask) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < count; i++) {
        const r = rows[i]!;
        if (r < lo) lo = r;
        if (r > hi) hi = r;
      }
      const span =
        lo <= hi && hi - lo + 1 <= Math.max(SPAN_FACTOR * count, MIN_SPAN) ? source.read(lo, hi - lo + 1) : null;
      if (span !== null && numeric) {
        gatherNumbers(span, lo, rows, count, out as NumberVector | BoolVector, mask);
        return;
      }
      if (out.kind === 'utf8') out.offsets[0] = 0;
      let pos = 0;
      for (let i = 0; i < count; i++) {
        const r = rows[i]!;
        if (Number.isNaN(r)) {
          mask[i] = 1;
          if (out.kind === 'utf8') out.offsets[i + 1] = pos;
          continue;
        }
        // The source's buffers hold one read at a time: take the value before the next read.
        const from = span ?? source.read(r, 1);
        const j = span === null ? 0 : r - lo;
        mask[i] = from.mask === null ? 0 : from.mask[j]!;
        pos = copy(from.vector, j, out, i, pos);
      }
    },
  };
}

/** `source`'s values along rows: for each row `first + i`, its value at the row `rowsOf` gives (NaN: NULL). */
export interface GatherAlong {
  createVector(capacity: number): ColumnVector;
  fill(first: number, count: number, out: ColumnVector, mask: Uint8Array): void;
}

export function gatherAlong(source: ColumnSource, rowsOf: RowsOf, textAs: TextAs): GatherAlong {
  const gather = gatherOf(source, textAs);
  let rows = new Float64Array(0);
  return {
    createVector: gather.createVector,
    fill(first, count, out, mask) {
      if (rows.length < count) rows = new Float64Array(count);
      rowsOf(first, count, rows);
      gather.gather(rows, count, out, mask);
    },
  };
}

/**
 * A column whose values are `source`'s at the rows `rowsOf` gives for each of its own rows (NaN: NULL):
 * a lookup through references, a reference rendered through a code column. `nullable`: whether any can be
 * NULL (the caller has checked that its column allows it); only then does it mark NULLs.
 */
export function gatheredColumn(source: ColumnSource, rowsOf: RowsOf, nullable: boolean): ColumnGenerator {
  const along = gatherAlong(source, rowsOf, 'bytes');
  let last = new Uint8Array(0);
  const generator: ColumnGenerator = {
    createVector: along.createVector,
    fill(first, count, out) {
      if (last.length < count) last = new Uint8Array(count);
      along.fill(first, count, out, last);
    },
  };
  return markingNulls(generator, nullable, () => last);
}
