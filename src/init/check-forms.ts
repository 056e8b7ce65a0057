/*
 * CHECK forms real schemas use beyond plain comparisons, as libpg-query's trees: `NOT (…)` pushed down to
 * its parts (De Morgan), times relative to now (`born <= now() - interval '18 years'`), functions that keep
 * a listed value (`upper(code) IN ('A', 'B')`), and rules on NULLs across columns (`(a IS NULL) = (b IS
 * NULL)`, `num_nonnulls(a, b, c) = 1`). `check-rules.ts` reads the rest.
 */

// biome-ignore lint/suspicious/noExplicitAny: the parser's JSON tree is walked by shape, one optional step at a time
type Node = Record<string, any>;

const NEGATED: Readonly<Record<string, string>> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '=': '<>', '<>': '=' };

function bool(boolop: string, args: Node[]): Node {
  return { BoolExpr: { boolop, args } };
}

/** `NOT x` as a tree without NOT where it can be (De Morgan, negated comparisons and NULL tests), else as is. */
function negated(node: Node): Node {
  const b = node.BoolExpr as Node | undefined;
  if (b?.boolop === 'NOT_EXPR') return normalized(b.args[0]);
  if (b?.boolop === 'AND_EXPR') return bool('OR_EXPR', (b.args as Node[]).map(negated));
  if (b?.boolop === 'OR_EXPR') return bool('AND_EXPR', (b.args as Node[]).map(negated));
  const test = node.NullTest as Node | undefined;
  if (test !== undefined)
    return { NullTest: { ...test, nulltesttype: test.nulltesttype === 'IS_NULL' ? 'IS_NOT_NULL' : 'IS_NULL' } };
  const op = node.A_Expr?.kind === 'AEXPR_OP' ? (node.A_Expr.name?.[0]?.String?.sval as string) : undefined;
  if (op !== undefined && NEGATED[op] !== undefined)
    return { A_Expr: { ...node.A_Expr, name: [{ String: { sval: NEGATED[op] } }] } };
  return bool('NOT_EXPR', [node]);
}

/** A CHECK's tree with every NOT pushed down as far as it goes. */
export function normalized(node: Node): Node {
  const b = node.BoolExpr as Node | undefined;
  if (b?.boolop === 'NOT_EXPR') return negated(b.args[0]);
  if (b !== undefined) return bool(b.boolop, (b.args as Node[]).map(normalized));
  return node;
}

const DAYS_PER: Readonly<Record<string, number>> = {
  year: 365.25,
  years: 365.25,
  mon: 30.44,
  mons: 30.44,
  month: 30.44,
  months: 30.44,
  week: 7,
  weeks: 7,
  day: 1,
  days: 1,
};

/** Days of an interval literal (`18 years`, `1 mon 2 days`), or null. */
function intervalDays(text: string): number | null {
  const parts = [
    ...text
      .trim()
      .toLowerCase()
      .matchAll(/(-?\d+(?:\.\d+)?)\s*([a-z]+)/g),
  ];
  if (parts.length === 0) return null;
  let days = 0;
  for (const [, n, unit] of parts) {
    const per = DAYS_PER[unit!];
    if (per === undefined) return null;
    days += Number(n) * per;
  }
  return days;
}

/** `now()`, `CURRENT_DATE`, `CURRENT_TIMESTAMP`, `LOCALTIMESTAMP`, `statement_timestamp()`…: the run's day. */
function isNow(node: Node | undefined): boolean {
  if (node?.TypeCast !== undefined) return isNow(node.TypeCast.arg);
  if (node?.SQLValueFunction !== undefined) return true;
  const fn = node?.FuncCall?.funcname?.at(-1)?.String?.sval as string | undefined;
  return fn !== undefined && ['now', 'statement_timestamp', 'transaction_timestamp', 'clock_timestamp'].includes(fn);
}

/**
 * A time relative to now: `now()`, and `now() ± interval '…'`, as whole days from the run's reference day
 * (`--date`, never the wall clock), or null.
 */
export function relativeDays(node: Node | undefined): number | null {
  if (node === undefined) return null;
  if (node.TypeCast !== undefined && !isNow(node)) return relativeDays(node.TypeCast.arg);
  if (isNow(node)) return 0;
  const e = node.A_Expr as Node | undefined;
  const op = e?.name?.[0]?.String?.sval as string | undefined;
  if (e?.kind !== 'AEXPR_OP' || (op !== '+' && op !== '-') || !isNow(e.lexpr)) return null;
  const interval = e.rexpr?.TypeCast?.arg?.A_Const?.sval?.sval as string | undefined;
  const days = interval === undefined ? null : intervalDays(interval);
  return days === null ? null : Math.round(op === '+' ? days : -days);
}

/** Functions under which a listed value of a column stays itself when it is written as listed. */
const KEEPING = new Set(['upper', 'lower', 'btrim', 'trim', 'ltrim', 'rtrim']);

/** The column under a value-keeping function (`upper(code)`), or undefined. */
export function keptColumn(node: Node | undefined): Node | undefined {
  const fn = node?.FuncCall as Node | undefined;
  const name = fn?.funcname?.at(-1)?.String?.sval as string | undefined;
  return name !== undefined && KEEPING.has(name) && fn!.args?.length === 1 ? fn!.args[0] : undefined;
}

/** What a rule on NULLs across columns asks: columns never NULL, columns always NULL. */
export interface NullRule {
  readonly notNull: readonly string[];
  readonly alwaysNull: readonly string[];
}

/**
 * `(a IS NULL) = (b IS NULL)` (both or neither: gen makes both), `num_nonnulls(a, b, …) = 1` or `num_nulls
 * (…) = n - 1` (exactly one: the first never NULL, the others always), `num_nonnulls(…) >= 1` or `> 0` (the
 * first never NULL), `num_nulls(…) = 0` (none NULL); null when the node is none of these.
 */
export function nullRule(node: Node, columnOf: (n: Node | undefined) => string | null): NullRule | null {
  const e = node.A_Expr as Node | undefined;
  const op = e?.name?.[0]?.String?.sval as string | undefined;
  if (e?.kind !== 'AEXPR_OP' || op === undefined) return null;
  const [l, r] = [e.lexpr as Node | undefined, e.rexpr as Node | undefined];
  if (op === '=' && l?.NullTest !== undefined && r?.NullTest !== undefined) {
    const [a, b] = [columnOf(l.NullTest.arg), columnOf(r.NullTest.arg)];
    return a === null || b === null ? null : { notNull: [a, b], alwaysNull: [] };
  }
  const fn = l?.FuncCall?.funcname?.at(-1)?.String?.sval as string | undefined;
  const n = r?.A_Const?.ival === undefined ? null : Number(r.A_Const.ival.ival ?? 0);
  if ((fn !== 'num_nonnulls' && fn !== 'num_nulls') || n === null) return null;
  const columns = (l!.FuncCall.args as Node[]).map(columnOf);
  if (columns.some((c) => c === null) || columns.length === 0) return null;
  const names = columns as string[];
  const nonNull = fn === 'num_nonnulls' ? n : names.length - n;
  if (op === '=' && nonNull === 1) return { notNull: [names[0]!], alwaysNull: names.slice(1) };
  if (op === '=' && nonNull === names.length) return { notNull: names, alwaysNull: [] };
  if (fn === 'num_nonnulls' && ((op === '>=' && n === 1) || (op === '>' && n === 0)))
    return { notNull: [names[0]!], alwaysNull: [] };
  return null;
}
