import { dictionaryOf } from '../../dataset/dictionary.ts';
import { isNullable, type TableDefinition } from '../../dataset/types.ts';
import { subKey } from '../../random/counter-rng.ts';
import type { ColumnVector, DictVector } from '../../vectors/column-vector.ts';
import { fail } from '../check.ts';
import { gatherAlong } from '../gather.ts';
import { rowChainOf } from '../row-map.ts';
import type { GeneratorContext } from '../types.ts';
import { FUNCTIONS } from './functions.ts';
import { ExprSyntaxError, type Node, parseExpr } from './parse.ts';

/**
 * Compiles an expression tree into vector operations: every node owns one Float64Array, reused chunk after
 * chunk, and evaluates all the chunk's rows at once (no parsing or tree walking per row). Numbers, booleans
 * (1/0) and instants (epoch ms) are numbers; text is an id into the expression's own string table (so only
 * dictionary text, `choice` and `faker` columns, and literals take part); NaN is NULL.
 */

export type ValueType = 'number' | 'text' | 'null';

export interface Compiled {
  readonly type: ValueType;
  /** Whether some row can be NULL. */
  readonly nullable: boolean;
  eval(start: number, count: number): Float64Array;
}

/** The strings of one expression, by id. */
export class Strings {
  readonly list: string[] = [];
  private readonly ids = new Map<string, number>();
  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(text);
      this.ids.set(text, id);
    }
    return id;
  }
}

/** A node's buffer, grown to the chunk. */
function buffer(): (count: number) => Float64Array {
  let b = new Float64Array(0);
  return (count) => {
    if (b.length < count) b = new Float64Array(count);
    return b;
  };
}

/**
 * Numbers or dictionary codes of a vector's entries `from .. from + count - 1` as values (`ids` maps
 * codes), NaN where `mask` is 1.
 */
function valuesOf(
  vector: ColumnVector,
  mask: Uint8Array | null,
  ids: Int32Array | null,
  out: Float64Array,
  from: number,
  count: number,
): void {
  for (let i = 0; i < count; i++) {
    const j = from + i;
    if (mask !== null && mask[j] === 1) out[i] = Number.NaN;
    else if (vector.kind === 'dict') out[i] = ids![(vector as DictVector).codes[j]!]!;
    else out[i] = (vector as { values: ArrayLike<number> }).values[j]!;
  }
}

/** Rows an expression evaluates at once: its nodes' buffers stay this small whatever the chunk. */
const BLOCK = 4096;

/** A compiled expression: its result's type, and a run over a chunk, block by block. */
export interface CompiledExpr {
  readonly root: Compiled;
  readonly strings: Strings;
  /** Evaluates rows `start .. start + count - 1`, handing each block's values (at `offset` in the chunk) to `each`. */
  run(start: number, count: number, each: (values: Float64Array, offset: number, n: number) => void): void;
}

/** The compiler of one expression, for the column of `context`. */
export function compileExpr(text: string, context: GeneratorContext, option: string): CompiledExpr {
  let tree: Node;
  try {
    tree = parseExpr(text);
  } catch (error) {
    if (error instanceof ExprSyntaxError) fail(context, `${option}: ${error.message} in ${JSON.stringify(text)}`);
    throw error;
  }
  const strings = new Strings();
  const table = context.dataset?.tables.find((t) => t.name === context.table);
  if (table === undefined) fail(context, `${option} needs the dataset`);
  const problem = (message: string): never => fail(context, `${option}: ${message}`);
  // The chunk being run: the columns it reads are read for the whole chunk (a shared source's read), and
  // blocks take their part of it.
  const chunk = { start: 0, count: 0 };

  // A name said twice is one node (`node` below keeps each distinct subtree once).
  const name = (path: readonly string[]): Compiled => (path.length === 1 ? ownColumn(path[0]!) : lookedUp(path));
  const typeOf = (t: TableDefinition, column: string) => {
    const c = t.columns.find((x) => x.name === column);
    if (c === undefined) return problem(`"${t.name}" has no column ${JSON.stringify(column)}`);
    if (c === context.column) return problem(`${column} is this column itself`);
    const dictionary = dictionaryOf(c);
    const text = c.type.kind === 'utf8' || c.type.kind === 'uuid';
    if (text && dictionary === undefined)
      problem(`${t.name}.${column} is free text: only choice and faker text columns can be compared`);
    const ids = dictionary === undefined ? null : Int32Array.from(dictionary, (v) => strings.id(v));
    return { c, ids, type: (text ? 'text' : 'number') as ValueType };
  };
  const ownColumn = (column: string): Compiled => {
    const { c, ids, type } = typeOf(table, column);
    const source = context.source(table.name, c);
    const out = buffer();
    return {
      type,
      nullable: isNullable(c),
      eval(start, count) {
        const { vector, mask } = source.read(chunk.start, chunk.count);
        const values = out(count);
        valuesOf(vector, mask, ids, values, start - chunk.start, count);
        return values;
      },
    };
  };
  const lookedUp = (path: readonly string[]): Compiled => {
    const chain = rowChainOf(context, path.slice(0, -1));
    const { c, ids, type } = typeOf(chain.table, path.at(-1)!);
    const along = gatherAlong(context.source(chain.table.name, c), chain.rows, 'codes');
    let vector = along.createVector(0);
    let mask = new Uint8Array(0);
    let at = -1;
    let held = -1;
    const out = buffer();
    return {
      type,
      nullable: chain.nullable || isNullable(c),
      eval(start, count) {
        if (chunk.start !== at || chunk.count !== held) {
          if (mask.length < chunk.count) {
            vector = along.createVector(chunk.count);
            mask = new Uint8Array(chunk.count);
          }
          along.fill(chunk.start, chunk.count, vector, mask);
          at = chunk.start;
          held = chunk.count;
        }
        const values = out(count);
        valuesOf(vector, mask, ids, values, start - chunk.start, count);
        return values;
      },
    };
  };

  // Each distinct subtree compiled once and evaluated once a block, however often the expression says it
  // (retail's on_hand says `7 + floor(7 * noise(product_id))` twice): random calls are distinct by site.
  const compiled = new Map<string, Compiled>();
  const node = (n: Node): Compiled => {
    const shape = shapeOf(n);
    let c = compiled.get(shape);
    if (c === undefined) {
      c = once(build(n));
      compiled.set(shape, c);
    }
    return c;
  };
  const build = (n: Node): Compiled => {
    switch (n.k) {
      case 'num':
        return constant(n.v, 'number');
      case 'str':
        return constant(strings.id(n.v), 'text');
      case 'null':
        return { ...constant(Number.NaN, 'null'), nullable: true };
      case 'name':
        return name(n.path);
      case 'neg':
        return map1(numeric(node(n.a), '-'), (x) => -x);
      case 'not':
        return map1(numeric(node(n.a), 'not'), (x) => (Number.isNaN(x) ? x : x === 0 ? 1 : 0));
      case 'isnull': {
        const a = node(n.a);
        return { ...map1(a, (x) => (Number.isNaN(x) === n.not ? 0 : 1)), type: 'number', nullable: false };
      }
      case 'in':
        return inList(n.a, n.list, n.not);
      case 'bin':
        return binaryOf(n.op, node(n.a), node(n.b));
      case 'case':
        return caseOf(n.whens, n.otherwise);
      case 'call':
        return call(n.fn, n.args, n.site);
    }
  };
  const numeric = (c: Compiled, what: string): Compiled => {
    if (c.type === 'text') problem(`${what} needs numbers, not text`);
    return c;
  };
  const unify = (items: readonly Compiled[], what: string): ValueType => {
    const types = new Set(items.map((c) => c.type).filter((t) => t !== 'null'));
    if (types.size > 1) problem(`${what} mixes text and numbers`);
    return types.values().next().value ?? 'null';
  };
  const binaryOf = (op: string, a: Compiled, b: Compiled): Compiled => {
    const loop = OPERATORS[op]!;
    if (op === '=' || op === '<>') unify([a, b], `${op}`);
    else {
      numeric(a, op);
      numeric(b, op);
    }
    const out = buffer();
    return {
      type: 'number',
      nullable: a.nullable || b.nullable,
      eval(start, count) {
        const x = a.eval(start, count);
        const y = b.eval(start, count);
        const values = out(count);
        loop(x, y, values, count);
        return values;
      },
    };
  };
  const inList = (subject: Node, list: readonly Node[], not: boolean): Compiled => {
    const test = list.map((item) => ({ k: 'bin', op: '=', a: subject, b: item }) as const);
    const any = test.slice(1).reduce<Node>((a, b) => ({ k: 'bin', op: 'or', a, b }), test[0] ?? { k: 'num', v: 0 });
    return node(not ? { k: 'not', a: any } : any);
  };
  const caseOf = (whens: readonly (readonly [Node, Node])[], otherwise: Node | null): Compiled => {
    const conditions = whens.map(([w]) => numeric(node(w), 'when'));
    const results = [...whens.map(([, t]) => node(t)), otherwise === null ? node({ k: 'null' }) : node(otherwise)];
    const type = unify(results, 'case');
    const out = buffer();
    return {
      type,
      nullable: results.some((r) => r.nullable),
      eval(start, count) {
        const values = out(count);
        const chosen = results.map((r) => r.eval(start, count));
        const tests = conditions.map((c) => c.eval(start, count));
        for (let i = 0; i < count; i++) {
          let w = 0;
          while (w < tests.length && !truthy(tests[w]![i]!)) w++;
          values[i] = chosen[w]![i]!;
        }
        return values;
      },
    };
  };
  const call = (fn: string, args: readonly Node[], site: number): Compiled => {
    if (fn === 'coalesce' || fn === 'if') return special(fn, args.map(node));
    const def = Object.hasOwn(FUNCTIONS, fn) ? FUNCTIONS[fn] : undefined;
    if (def === undefined)
      return problem(`unknown function ${fn}(); use one of coalesce, if, ${Object.keys(FUNCTIONS).join(', ')}`);
    if (args.length < def.min || args.length > def.max)
      problem(
        `${def.usage} takes ${def.min === def.max ? def.min : `${def.min} to ${def.max}`} arguments (got ${args.length})`,
      );
    const inputs = args.map((a) => numeric(node(a), `${fn}()`));
    // noise() is keyed by its arguments alone (the same store and product, the same number anywhere in the column).
    const key = subKey(context.key, fn === 'noise' ? 999 : 1000 + site);
    const out = buffer();
    return {
      type: 'number',
      nullable: inputs.some((c) => c.nullable),
      eval(start, count) {
        const values = out(count);
        def.run(values, { args: inputs.map((c) => c.eval(start, count)), start, count, key });
        return values;
      },
    };
  };
  const special = (fn: 'coalesce' | 'if', args: readonly Compiled[]): Compiled => {
    if (fn === 'if' && args.length !== 3) problem('if(condition, then, else) takes 3 arguments');
    if (args.length === 0) problem('coalesce takes at least one argument');
    const choices = fn === 'if' ? args.slice(1) : args;
    const type = unify(choices, fn);
    const out = buffer();
    return {
      type,
      nullable: fn === 'if' ? choices.some((c) => c.nullable) : choices.every((c) => c.nullable),
      eval(start, count) {
        const values = out(count);
        const all = args.map((a) => a.eval(start, count));
        for (let i = 0; i < count; i++) {
          if (fn === 'if') values[i] = truthy(all[0]![i]!) ? all[1]![i]! : all[2]![i]!;
          else {
            let v = Number.NaN;
            for (let a = 0; a < all.length && Number.isNaN(v); a++) v = all[a]![i]!;
            values[i] = v;
          }
        }
        return values;
      },
    };
  };
  const root = node(tree);
  return {
    root,
    strings,
    run(start, count, each) {
      chunk.start = start;
      chunk.count = count;
      for (let offset = 0; offset < count; offset += BLOCK) {
        const n = Math.min(BLOCK, count - offset);
        each(root.eval(start + offset, n), offset, n);
      }
    },
  };
}

/** A subtree's identity: its text, less the site of a call that does not draw at random. */
function shapeOf(n: Node): string {
  return JSON.stringify(n, function (this: Partial<Record<string, unknown>>, field, value) {
    return field === 'site' && FUNCTIONS[this.fn as string]?.random !== true ? undefined : value;
  });
}

/** `c`, evaluated once for each block however many nodes read it. */
function once(c: Compiled): Compiled {
  let at = -1;
  let held = -1;
  let last: Float64Array = new Float64Array(0);
  return {
    ...c,
    eval(start, count) {
      if (start !== at || count !== held) {
        last = c.eval(start, count);
        at = start;
        held = count;
      }
      return last;
    },
  };
}

function constant(value: number, type: ValueType): Compiled {
  const out = buffer();
  return {
    type,
    nullable: false,
    eval(_start, count) {
      const values = out(count);
      values.fill(value, 0, count);
      return values;
    },
  };
}

function map1(a: Compiled, f: (x: number) => number): Compiled {
  const out = buffer();
  return {
    type: a.type,
    nullable: a.nullable,
    eval(start, count) {
      const x = a.eval(start, count);
      const values = out(count);
      for (let i = 0; i < count; i++) values[i] = f(x[i]!);
      return values;
    },
  };
}

/**
 * `((a % b) + b) % b` (the remainder with the sign of `b`) for 32-bit integers `a` and `b ≠ 0`, in integer
 * arithmetic: on doubles each `%` is a call to C's fmod, and the two of them took ~15% of retail's
 * `inventory_snapshots` (`on_hand`'s restocking cycle, `node --cpu-prof`; `node dist/bench/micro-columns.js
 * retail.inventory_snapshots.on_hand`: 221 -> 194 ns a value). The same value, zero's sign too: a zero
 * remainder is `b % b`, -0 when `b` is negative.
 */
export function floorRemainder32(a: number, b: number): number {
  const r = ((a | 0) % (b | 0)) | 0;
  if (r === 0) return b < 0 ? -0 : 0;
  return (r ^ b) < 0 ? r + b : r;
}

/** A whole chunk of one operator: `out[i] = x[i] op y[i]`, one loop per operator so each stays monomorphic. */
type Loop = (x: Float64Array, y: Float64Array, out: Float64Array, count: number) => void;

/**
 * The operators. NULL (NaN) follows SQL's three-valued logic: a comparison with NULL is NULL; `false and
 * NULL` is false, `true or NULL` true; a division by zero is NULL.
 */
const OPERATORS: Readonly<Record<string, Loop>> = {
  '+': (x, y, out, n) => {
    for (let i = 0; i < n; i++) out[i] = x[i]! + y[i]!;
  },
  '-': (x, y, out, n) => {
    for (let i = 0; i < n; i++) out[i] = x[i]! - y[i]!;
  },
  '*': (x, y, out, n) => {
    for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!;
  },
  '/': (x, y, out, n) => {
    for (let i = 0; i < n; i++) out[i] = y[i] === 0 ? Number.NaN : x[i]! / y[i]!;
  },
  '%': (x, y, out, n) => {
    for (let i = 0; i < n; i++) {
      const a = x[i]!;
      const b = y[i]!;
      out[i] = b === 0 ? Number.NaN : (a | 0) === a && (b | 0) === b ? floorRemainder32(a, b) : ((a % b) + b) % b;
    }
  },
  '=': (x, y, out, n) => {
    for (let i = 0; i < n; i++)
      out[i] = Number.isNaN(x[i]!) || Number.isNaN(y[i]!) ? Number.NaN : x[i] === y[i] ? 1 : 0;
  },
  '<>': (x, y, out, n) => {
    for (let i = 0; i < n; i++)
      out[i] = Number.isNaN(x[i]!) || Number.isNaN(y[i]!) ? Number.NaN : x[i] !== y[i] ? 1 : 0;
  },
  '<': (x, y, out, n) => {
    for (let i = 0; i < n; i++)
      out[i] = Number.isNaN(x[i]!) || Number.isNaN(y[i]!) ? Number.NaN : x[i]! < y[i]! ? 1 : 0;
  },
  '<=': (x, y, out, n) => {
    for (let i = 0; i < n; i++)
      out[i] = Number.isNaN(x[i]!) || Number.isNaN(y[i]!) ? Number.NaN : x[i]! <= y[i]! ? 1 : 0;
  },
  '>': (x, y, out, n) => {
    for (let i = 0; i < n; i++)
      out[i] = Number.isNaN(x[i]!) || Number.isNaN(y[i]!) ? Number.NaN : x[i]! > y[i]! ? 1 : 0;
  },
  '>=': (x, y, out, n) => {
    for (let i = 0; i < n; i++)
      out[i] = Number.isNaN(x[i]!) || Number.isNaN(y[i]!) ? Number.NaN : x[i]! >= y[i]! ? 1 : 0;
  },
  and: (x, y, out, n) => {
    for (let i = 0; i < n; i++)
      out[i] = x[i] === 0 || y[i] === 0 ? 0 : Number.isNaN(x[i]!) || Number.isNaN(y[i]!) ? Number.NaN : 1;
  },
  or: (x, y, out, n) => {
    for (let i = 0; i < n; i++)
      out[i] = truthy(x[i]!) || truthy(y[i]!) ? 1 : Number.isNaN(x[i]!) || Number.isNaN(y[i]!) ? Number.NaN : 0;
  },
};

function truthy(x: number): boolean {
  return x !== 0 && !Number.isNaN(x);
}
