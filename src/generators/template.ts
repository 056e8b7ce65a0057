import { copyRange, write2, writeUint, writeUintPadded } from '../bytes/byte-writer.ts';
import { type Literal, literal, viewOf, writeLiteral } from '../bytes/literal.ts';
import { isPlainText } from '../bytes/text-escape.ts';
import type { ColumnDefinition, TableDefinition } from '../dataset/types.ts';
import { drawBelow, subKey } from '../random/counter-rng.ts';
import { createUtf8Vector, reserveUtf8, type Utf8Vector } from '../vectors/column-vector.ts';
import { fakerWords } from '../vocabulary/faker-words.ts';
import { check, fail } from './check.ts';
import { ownKeySequence } from './keys.ts';
import type { GeneratorContext, GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/** Longest decimal row id (2^53 has 16 digits) or padding we accept. */
const MAX_DIGITS = 16;
const PLACEHOLDER = /\{([a-z_]+(?:\.[a-z_]+)*)(?::([0A])(\d+))?\}/g;
/** Letters a `{id:AN}` code is written in: base 26, A for 0, as short codes (`AB`, `QZX`) read. */
const LETTERS = 26;
const LETTER_A = 65;

/** Writes row `row`'s text at `pos` (`view` is a DataView of `bytes`); returns the position after it. */
type RowWriter = (bytes: Uint8Array, view: DataView, pos: number, row: number) => number;

interface Part {
  readonly literal: Literal;
  /** Zero-padding width of the `{id}` that follows the literal; -1 when no `{id}` follows. */
  readonly width: number;
  /** The `{id}` is written in letters (`{id:AN}`: A, B, … Z, BA, …, N letters at least), not digits. */
  readonly letters?: boolean;
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
  checkFits(source, context, first, step);
  const writeRow: RowWriter = (bytes, view, pos, row) => {
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p]!;
      pos = writeLiteral(view, bytes, pos, part.literal);
      if (part.words !== undefined)
        pos = writeLiteral(view, bytes, pos, part.words[drawBelow(keys[p]!, keys[p]!, row, part.words.length)]!);
      else if (part.letters === true) pos = writeLetters(bytes, pos, first + row * step, part.width);
      else if (part.width === 0) pos = writeUint(bytes, pos, first + row * step);
      else if (part.width > 0) pos = writeUintPadded(bytes, pos, first + row * step, part.width);
    }
    return pos;
  };
  const byHundreds =
    step === 1 && parts.length === 2 && parts[0]!.width >= 0 && parts[0]!.letters !== true
      ? hundredsFiller(parts, first, writeRow)
      : null;
  return {
    createVector: (capacity) => createUtf8Vector(capacity, bytesPerRow, plain),
    fill(start, count, out) {
      const vector = out as Utf8Vector;
      const offsets = vector.offsets;
      const bytes = reserveUtf8(vector, 0, count * bytesPerRow);
      const view = viewOf(bytes);
      offsets[0] = 0;
      if (byHundreds !== null) return byHundreds(bytes, view, offsets, start, count);
      let pos = 0;
      for (let i = 0; i < count; i++) offsets[i + 1] = pos = writeRow(bytes, view, pos, start + i);
    },
  };
};

/**
 * `text{id}text` with consecutive ids (`Item {id}`, `C{id:03}`): all but an id's last two digits stay the
 * same for a hundred rows, so the text before them is written once per hundred and copied, and each row
 * adds two digits and the tail: `Item {id}` went from ~32 to ~20 ns a value (medians of 7, `node
 * dist/bench/micro-columns.js items.items.name`). Ids below 100 have no such prefix: `writeRow` writes them.
 */
function hundredsFiller(parts: readonly Part[], first: number, writeRow: RowWriter) {
  const [head, tail] = [parts[0]!, parts[1]!.literal];
  const prefix = new Uint8Array(head.literal.bytes.length + MAX_DIGITS + 4);
  const prefixView = viewOf(prefix);
  const headLength = writeLiteral(prefixView, prefix, 0, head.literal);
  return (bytes: Uint8Array, view: DataView, offsets: Int32Array, start: number, count: number): void => {
    let pos = 0;
    for (let i = 0; i < count; ) {
      const id = first + start + i;
      if (id < 100) {
        offsets[++i] = pos = writeRow(bytes, view, pos, start + i - 1);
        continue;
      }
      const hundred = Math.floor(id / 100);
      // The hundreds padded to the width less the two digits each row writes (none below 3 digits).
      const length = writeUintPadded(prefix, headLength, hundred, head.width - 2);
      const end = Math.min(count, i + 100 - (id - hundred * 100));
      for (let r = id - hundred * 100; i < end; i++, r++) {
        pos = copyRange(view, bytes, pos, prefixView, prefix, 0, length);
        write2(bytes, pos, r);
        offsets[i + 1] = pos = writeLiteral(view, bytes, pos + 2, tail);
      }
    }
  };
}

function parseTemplate(source: string, fail: (problem: string) => never): Part[] {
  const encoder = new TextEncoder();
  const parts: Part[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    if (match[1] !== 'id') {
      const words = fakerWords(match[1]!);
      if (words === undefined || match[2] !== undefined)
        fail(
          `template placeholder {${match[0].slice(1, -1)}} is unknown; use {id}, {id:0N}, {id:AN} or faker data such as {person.first_name}`,
        );
      const lit = literal(encoder.encode(source.slice(last, match.index)));
      parts.push({ literal: lit, width: -1, words: words.map((w) => literal(encoder.encode(w))) });
      last = match.index + match[0].length;
      continue;
    }
    const width = match[3] === undefined ? 0 : Number(match[3]);
    if (width > MAX_DIGITS) fail(`template padding {id:${match[2]}${width}} is wider than ${MAX_DIGITS} digits`);
    const letters = match[2] === 'A';
    if (letters && width === 0) fail('template letters {id:A0} need a width, e.g. {id:A3}');
    const lit = literal(encoder.encode(source.slice(last, match.index)));
    parts.push(letters ? { literal: lit, width, letters } : { literal: lit, width });
    last = match.index + match[0].length;
  }
  parts.push({ literal: literal(encoder.encode(source.slice(last))), width: -1 });
  return parts;
}

/**
 * Whether `column` alone must differ in every row: unique, the primary key, or a unique set of one column.
 * (In a key of several columns a cut template may repeat: the key's other columns tell the rows apart.)
 */
function keyedAlone(table: TableDefinition | undefined, column: ColumnDefinition): boolean {
  const sets = [table?.primaryKey ?? [], ...(table?.unique ?? [])];
  return column.unique === true || sets.some((set) => set.length === 1 && set[0] === column.name);
}

/**
 * How many rows of keys `first + row × step` a template writes differently within `length` characters
 * (`{id:A2}`: 26² = 676 two-letter codes), or null when it is not one `{id}` among literals.
 */
export function templateCapacity(template: string, length: number, first = 0, step = 1): number | null {
  let parts: Part[];
  try {
    parts = parseTemplate(template, (problem) => {
      throw new Error(problem);
    });
  } catch {
    return null;
  }
  const ids = parts.filter((p) => p.width >= 0);
  if (ids.length !== 1 || parts.some((p) => p.words !== undefined)) return null;
  const id = ids[0]!;
  const fixed = parts.reduce((sum, p) => sum + [...new TextDecoder().decode(p.literal.bytes)].length, 0);
  const room = length - fixed;
  const capacity = room < id.width ? 0 : (id.letters === true ? LETTERS : 10) ** room;
  return capacity <= first ? 0 : Math.floor((capacity - 1 - first) / Math.max(step, 1)) + 1;
}

/**
 * The most rows `table` can have whose key templates still fit their columns' `length` (Infinity when it
 * has none): sizing caps a table there, as it caps a key of several columns at its combinations.
 */
export function templateKeyRows(table: TableDefinition): number {
  const pk = table.primaryKey?.length === 1 ? table.columns.find((c) => c.name === table.primaryKey![0]) : undefined;
  const { start = 0, step = 1 } = pk?.generator.kind === 'sequence' ? pk.generator : {};
  let most = Number.POSITIVE_INFINITY;
  for (const column of table.columns) {
    if (!keyedAlone(table, column) || column.generator.kind !== 'template' || column.length === undefined) continue;
    most = Math.min(most, templateCapacity(column.generator.template, column.length, start, step) ?? most);
  }
  return most;
}

/**
 * A template in a key, cut to its column's `length` (`char(2)`), would repeat keys once the ids need
 * more characters than the column holds: the run's rows must fit.
 */
function checkFits(source: string, context: GeneratorContext, first: number, step: number): void {
  const { length } = context.column;
  const table = context.dataset?.tables.find((t) => t.name === context.table);
  if (length === undefined || !keyedAlone(table, context.column)) return;
  const fitting = templateCapacity(source, length, first, step);
  const rows = (context.params.tableStarts?.[context.table] ?? 0) + (context.params.tableRows?.[context.table] ?? 0);
  check(
    fitting === null || rows <= fitting,
    context,
    `its template makes ${rows} different values, but only ${fitting} fit in its length of ${length} characters; make fewer rows of ${context.table} (scaled: false, or fewer rows), or a longer column`,
  );
}

/** Writes `n` in letters (base 26, A = 0), left-padded with A to `width` letters; returns the end. */
function writeLetters(buf: Uint8Array, pos: number, n: number, width: number): number {
  let letters = 1;
  for (let v = Math.floor(n / LETTERS); v > 0; v = Math.floor(v / LETTERS)) letters++;
  const end = pos + Math.max(letters, width);
  let v = n;
  for (let p = end - 1; p >= pos; p--) {
    buf[p] = LETTER_A + (v % LETTERS);
    v = Math.floor(v / LETTERS);
  }
  return end;
}

export const template: GeneratorRegistration<'template'> = {
  kind: 'template',
  options: { template: { type: 'string', required: true } },
  types: ['utf8'],
  unique: (spec) => (spec.template.includes('{id') ? null : 'a unique template needs {id} in it'),
  create,
};
