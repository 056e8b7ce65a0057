import { isPlainText } from '../bytes/text-escape.ts';
import { type ColumnType, isNullable } from '../dataset/types.ts';
import { DAY_MS } from '../dates.ts';
import {
  type BoolVector,
  type ColumnVector,
  createBoolVector,
  createNumberVector,
  createUtf8Vector,
  type NumberVector,
  reserveUtf8,
  type Utf8Vector,
} from '../vectors/column-vector.ts';
import { check, fail } from './check.ts';
import { compileExpr } from './expr/compile.ts';
import { markingNulls } from './nulls.ts';
import type { ColumnGenerator, GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

const encoder = new TextEncoder();

/** How an expression's values (NaN: NULL) become the column's vector. */
interface Writer {
  createVector(capacity: number): ColumnVector;
  /** Writes `values[0 .. count)` as the column's rows from `offset` (blocks come in order). */
  write(values: Float64Array, count: number, out: ColumnVector, offset: number): void;
}

/** Text from the expression's string table by id. */
function textWriter(strings: readonly string[]): Writer {
  const bytes = strings.map((s) => encoder.encode(s));
  const plain = bytes.every(isPlainText);
  return {
    createVector: (capacity) => createUtf8Vector(capacity, 16, plain),
    write(values, count, out, offset) {
      const vector = out as Utf8Vector;
      if (offset === 0) vector.offsets[0] = 0;
      let pos = vector.offsets[offset]!;
      for (let i = 0; i < count; i++) {
        const v = values[i]!;
        if (!Number.isNaN(v)) {
          const b = bytes[v]!;
          reserveUtf8(vector, pos, b.length).set(b, pos);
          pos += b.length;
        }
        vector.offsets[offset + i + 1] = pos;
      }
    },
  };
}

/** Numbers shaped to the column: true/false for bool, whole for int64, to the scale for decimal, the day for date. */
function numberWriter(type: ColumnType): Writer {
  const unit = type.kind === 'decimal' ? 10 ** type.scale : 1;
  const shapes: Partial<Record<ColumnType['kind'], (v: number) => number>> = {
    bool: (v) => (v !== 0 ? 1 : 0),
    int64: Math.round,
    date: (v) => Math.floor(v / DAY_MS) * DAY_MS,
    decimal: (v) => Math.round(v * unit) / unit,
  };
  const shape = shapes[type.kind] ?? ((v: number) => v);
  return {
    createVector: type.kind === 'bool' ? createBoolVector : createNumberVector,
    write(values, count, out, offset) {
      const v = (out as NumberVector | BoolVector).values;
      for (let i = 0; i < count; i++) v[offset + i] = Number.isNaN(values[i]!) ? 0 : shape(values[i]!);
    },
  };
}

/**
 * A column computed from the row: its own columns, columns looked up through references, literals and
 * random draws (`expr/`), compiled once into vector operations run block by block over a chunk.
 * NULL results need `nullable: true`; a NULL from arithmetic (a division by zero) in a column that cannot
 * hold one fails the run, naming the column.
 */
const create: GeneratorFactory<SpecOf<'expr'>> = (spec, context) => {
  check(typeof spec.expr === 'string', context, 'expr needs an expression (text)');
  const expr = compileExpr(spec.expr, context, 'expr');
  const { root, strings } = expr;
  const type = context.column.type;
  const nullable = isNullable(context.column);
  check(
    !root.nullable || nullable,
    context,
    `expr: ${JSON.stringify(spec.expr)} can be NULL: add nullable: true, or wrap it in coalesce(…, value)`,
  );
  const wantsText = type.kind === 'utf8';
  if (wantsText !== (root.type === 'text') && root.type !== 'null')
    fail(context, `expr gives ${root.type === 'text' ? 'text' : 'numbers'}, but the column is ${type.kind}`);
  let last = new Uint8Array(0);
  /** Marks the NULLs of a block at `offset` of the chunk of rows from `start`. */
  const nulls = (values: Float64Array, start: number, offset: number, n: number): void => {
    for (let i = 0; i < n; i++) {
      const isNull = Number.isNaN(values[i]!);
      last[offset + i] = isNull ? 1 : 0;
      if (isNull && !nullable)
        fail(
          context,
          `expr: ${JSON.stringify(spec.expr)} gave no value (NULL) at row ${start + offset + i}: a division by zero or a NULL input`,
        );
    }
  };
  const writer = wantsText ? textWriter(strings.list) : numberWriter(type);
  const generator: ColumnGenerator = {
    createVector: writer.createVector,
    fill(start, count, out) {
      if (last.length < count) last = new Uint8Array(count);
      expr.run(start, count, (values, offset, n) => {
        nulls(values, start, offset, n);
        writer.write(values, n, out, offset);
      });
    },
  };
  return markingNulls(generator, nullable, () => last);
};

export const expr: GeneratorRegistration<'expr'> = {
  kind: 'expr',
  options: { expr: { type: 'string', required: true } },
  types: ['int64', 'float64', 'decimal', 'bool', 'utf8', 'timestamp', 'date'],
  unique: false,
  create,
};
