/**
 * The expression language of `expr` columns and `nullWhen`, SQL-flavoured so a schema reads like the query
 * it feeds: numbers, 'text', null, true/false; column names, `ref.column` through references; + - * / %,
 * = <> != < <= > >=, and/or/not, `is [not] null`, `[not] between a and b`, `[not] in (…)`,
 * `case [x] when … then … [else …] end`, and calls `f(a, b)` (see `functions.ts`). Parsed once per column
 * by recursive descent into a plain tree; `compile.ts` turns the tree into vector operations.
 */

export type Node =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'null' }
  | { readonly k: 'name'; readonly path: readonly string[] }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly Node[]; readonly site: number }
  | { readonly k: 'neg' | 'not'; readonly a: Node }
  | { readonly k: 'bin'; readonly op: string; readonly a: Node; readonly b: Node }
  | { readonly k: 'isnull'; readonly a: Node; readonly not: boolean }
  | { readonly k: 'in'; readonly a: Node; readonly list: readonly Node[]; readonly not: boolean }
  | { readonly k: 'case'; readonly whens: readonly (readonly [Node, Node])[]; readonly otherwise: Node | null };

/** A syntax error, with the 1-based column of the text where it was found. */
export class ExprSyntaxError extends Error {}

type Token = { readonly t: 'num' | 'str' | 'id' | 'op'; readonly v: string; readonly at: number };

const TOKEN =
  /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|'((?:[^']|'')*)'|([A-Za-z_][A-Za-z0-9_]*)|(<>|!=|<=|>=|[-+*/%(),.=<>]))/y;
const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'is',
  'null',
  'true',
  'false',
  'between',
  'in',
  'case',
  'when',
  'then',
  'else',
  'end',
]);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (m === null) {
      const here = at + text.slice(at).search(/\S/);
      throw new ExprSyntaxError(`unexpected ${JSON.stringify(text[here])} at ${here + 1}`);
    }
    const where = m.index + m[0].length - (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').length;
    if (m[1] !== undefined) tokens.push({ t: 'num', v: m[1], at: where });
    else if (m[2] !== undefined) tokens.push({ t: 'str', v: m[2].replace(/''/g, "'"), at: where });
    else if (m[3] !== undefined) tokens.push({ t: 'id', v: m[3], at: where });
    else tokens.push({ t: 'op', v: m[4]!, at: where });
    at = TOKEN.lastIndex;
  }
  return tokens;
}

/** Parses `text`; `site` numbers the calls in order, so each random call gets a stream of its own. */
export function parseExpr(text: string): Node {
  const tokens = tokenize(text);
  let i = 0;
  let sites = 0;
  const peek = (): Token | undefined => tokens[i];
  const word = (w: string): boolean => {
    const t = peek();
    return t !== undefined && t.t === 'id' && t.v.toLowerCase() === w;
  };
  const op = (o: string): boolean => peek()?.t === 'op' && peek()?.v === o;
  const fail = (what: string): never => {
    const t = peek();
    throw new ExprSyntaxError(
      t === undefined ? `${what} at the end` : `${what} at ${t.at + 1} (found ${JSON.stringify(t.v)})`,
    );
  };
  const expect = (o: string, isWord = false): void => {
    if (isWord ? !word(o) : !op(o)) fail(`expected ${JSON.stringify(o)}`);
    i++;
  };
  const list = (): Node[] => {
    expect('(');
    const items: Node[] = [];
    if (!op(')')) {
      items.push(or());
      while (op(',')) {
        i++;
        items.push(or());
      }
    }
    expect(')');
    return items;
  };
  const primary = (): Node => {
    const t = peek();
    if (t === undefined) return fail('expected a value');
    if (t.t === 'num' || t.t === 'str') {
      i++;
      return t.t === 'num' ? { k: 'num', v: Number(t.v) } : { k: 'str', v: t.v };
    }
    if (op('(')) {
      i++;
      const inner = or();
      expect(')');
      return inner;
    }
    if (t.t !== 'id') return fail('expected a value');
    const lower = t.v.toLowerCase();
    if (lower === 'null' || lower === 'true' || lower === 'false') {
      i++;
      return lower === 'null' ? { k: 'null' } : { k: 'num', v: lower === 'true' ? 1 : 0 };
    }
    if (lower === 'case') return caseOf();
    if (KEYWORDS.has(lower)) return fail('expected a value');
    i++;
    if (op('(')) return { k: 'call', fn: lower, site: sites++, args: list() };
    const path = [t.v];
    while (op('.')) {
      i++;
      const next = peek();
      if (next?.t !== 'id') fail('expected a column name after "."');
      path.push(next!.v);
      i++;
    }
    return { k: 'name', path };
  };
  const caseOf = (): Node => {
    i++;
    const subject = word('when') ? null : or();
    const whens: [Node, Node][] = [];
    while (word('when')) {
      i++;
      const when = or();
      expect('then', true);
      const then = or();
      whens.push([subject === null ? when : { k: 'bin', op: '=', a: subject, b: when }, then]);
    }
    if (whens.length === 0) fail('expected "when"');
    let otherwise: Node | null = null;
    if (word('else')) {
      i++;
      otherwise = or();
    }
    expect('end', true);
    return { k: 'case', whens, otherwise };
  };
  const unary = (): Node => {
    if (op('-')) {
      i++;
      return { k: 'neg', a: unary() };
    }
    if (op('+')) i++;
    return primary();
  };
  const binary = (next: () => Node, ops: readonly string[]) => (): Node => {
    let a = next();
    while (peek()?.t === 'op' && ops.includes(peek()!.v)) {
      const o = tokens[i++]!.v;
      a = { k: 'bin', op: o, a, b: next() };
    }
    return a;
  };
  const mul = binary(unary, ['*', '/', '%']);
  const add = binary(mul, ['+', '-']);
  const compare = (): Node => {
    const a = add();
    const t = peek();
    if (t?.t === 'op' && ['=', '<>', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      i++;
      return { k: 'bin', op: t.v === '!=' ? '<>' : t.v, a, b: add() };
    }
    if (word('is')) {
      i++;
      const not = word('not');
      if (not) i++;
      expect('null', true);
      return { k: 'isnull', a, not };
    }
    const not = word('not');
    if (not) i++;
    if (word('between')) {
      i++;
      const lo = add();
      expect('and', true);
      const hi = add();
      const inside: Node = {
        k: 'bin',
        op: 'and',
        a: { k: 'bin', op: '>=', a, b: lo },
        b: { k: 'bin', op: '<=', a, b: hi },
      };
      return not ? { k: 'not', a: inside } : inside;
    }
    if (word('in')) {
      i++;
      return { k: 'in', a, list: list(), not };
    }
    if (not) fail('expected "between" or "in" after "not"');
    return a;
  };
  const negation = (): Node => {
    if (word('not')) {
      i++;
      return { k: 'not', a: negation() };
    }
    return compare();
  };
  /** `next (word next)*`, left to right: the `and` and `or` chains. */
  const chain = (next: () => Node, w: 'and' | 'or') => (): Node => {
    let a = next();
    while (word(w)) {
      i++;
      a = { k: 'bin', op: w, a, b: next() };
    }
    return a;
  };
  const and = chain(negation, 'and');
  const or = chain(and, 'or');
  if (tokens.length === 0) throw new ExprSyntaxError('the expression is empty');
  const tree = or();
  if (i < tokens.length) fail('unexpected text');
  return tree;
}
