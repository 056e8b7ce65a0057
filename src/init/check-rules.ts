import { parse } from 'libpg-query';
import { keptColumn, normalized, nullRule, relativeDays } from './check-forms.ts';

/*
 * CHECK constraints and partition bounds as expression trees of the real PostgreSQL parser (libpg-query,
 * the server's own grammar compiled to wasm), never read with regular expressions: the forms that bound a
 * column become generator bounds, the rest are reported to the user by name.
 */

/** A bound or listed value: its text as written, and its number when it is one. */
export interface Literal {
  readonly text: string;
  readonly number: number | null;
  /** A time relative to now (`now() - interval '18 years'`): days from the run's reference day. */
  readonly days?: number;
}

/** What the constraints of a table require of one column. */
export interface ColumnRule {
  min?: { value: Literal; exclusive: boolean };
  max?: { value: Literal; exclusive: boolean };
  values?: Literal[];
  /** Why `values` when no check gave them (a trigger's cast to an enum), for the file's comment. */
  valuesWhy?: string;
  /** Values it must not take (`c <> k`). */
  not?: Literal[];
  minLength?: number;
  maxLength?: number;
  notNull?: boolean;
  /** Always NULL: the one way the checks leave (`x IS NULL OR <a form gen cannot make>`, `num_nonnulls(…) = 1`). */
  alwaysNull?: boolean;
  /** Text that starts so (`c LIKE 'https://%'`). */
  prefix?: string;
}

/** A rule between two columns of a row: `a < b`, `a <= b` or `a <> b`. */
export interface PairRule {
  readonly op: '<' | '<=' | '<>';
  readonly a: string;
  readonly b: string;
  readonly constraint: string;
}

export interface TableRules {
  readonly columns: Map<string, ColumnRule>;
  readonly pairs: PairRule[];
  /** Constraints (by name) with a part no rule above expresses: the user must check the generators. */
  readonly unhandled: string[];
}

// biome-ignore lint/suspicious/noExplicitAny: the parser's JSON tree is walked by shape, one optional step at a time
type Node = Record<string, any>;

function ruleOf(rules: TableRules, column: string): ColumnRule {
  const found = rules.columns.get(column) ?? {};
  rules.columns.set(column, found);
  return found;
}

/** The column a node names (through casts), or null; `self` stands for VALUE in a domain's checks. */
function columnOf(node: Node | undefined, self: string | null): string | null {
  if (node?.TypeCast !== undefined) return columnOf(node.TypeCast.arg, self);
  const kept = keptColumn(node);
  if (kept !== undefined) return columnOf(kept, self);
  const fields = node?.ColumnRef?.fields as Node[] | undefined;
  if (fields === undefined || fields.length !== 1 || fields[0]!.String === undefined) return null;
  const name = fields[0]!.String.sval as string;
  return self !== null && name === 'value' ? self : name;
}

/** A constant (through casts and a unary minus), or null. */
function literalOf(node: Node | undefined): Literal | null {
  if (node === undefined) return null;
  const days = relativeDays(node);
  if (days !== null) return { text: '', number: null, days };
  if (node.TypeCast !== undefined) return literalOf(node.TypeCast.arg);
  if (
    node.A_Expr?.kind === 'AEXPR_OP' &&
    node.A_Expr.lexpr === undefined &&
    node.A_Expr.name?.[0]?.String?.sval === '-'
  ) {
    const inner = literalOf(node.A_Expr.rexpr);
    return inner?.number == null ? null : { text: `-${inner.text}`, number: -inner.number };
  }
  const c = node.A_Const as Node | undefined;
  if (c === undefined || c.isnull === true) return null;
  if (c.ival !== undefined) return { text: String(c.ival.ival ?? 0), number: c.ival.ival ?? 0 };
  if (c.fval !== undefined) return { text: c.fval.fval, number: Number(c.fval.fval) };
  if (c.boolval !== undefined) return { text: String(c.boolval.boolval === true), number: null };
  if (c.sval !== undefined) {
    const text = c.sval.sval as string;
    const number = text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : null;
    return { text, number };
  }
  return null;
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '<>': '<>' };

function compare(rules: TableRules, op: string, column: string, value: Literal): boolean {
  const rule = ruleOf(rules, column);
  if (op === '>' || op === '>=') rule.min = { value, exclusive: op === '>' };
  else if (op === '<' || op === '<=') rule.max = { value, exclusive: op === '<' };
  else if (op === '=') rule.values = [value];
  else if (op === '<>') rule.not = [...(rule.not ?? []), value];
  else return false;
  return true;
}

function lengthOf(rules: TableRules, op: string, column: string, n: number): boolean {
  const rule = ruleOf(rules, column);
  if (op === '>' || op === '>=') rule.minLength = op === '>' ? n + 1 : n;
  else if (op === '<' || op === '<=') rule.maxLength = op === '<' ? n - 1 : n;
  else return false;
  return true;
}

/** An `a op b` expression; true when a rule now expresses it. */
function operator(rules: TableRules, expr: Node, self: string | null, constraint: string): boolean {
  const op = expr.name?.[0]?.String?.sval as string;
  const [left, right] = [expr.lexpr as Node, expr.rexpr as Node];
  const [lc, rc] = [columnOf(left, self), columnOf(right, self)];
  const [lv, rv] = [literalOf(left), literalOf(right)];
  // `btrim(c) = c`, `lower(c) = c`: gen's values carry no edge spaces, and its codes no mixed case to fold.
  if (lc !== null && lc === rc && op === '=') return true;
  if (lc !== null && rv !== null) return compare(rules, op, lc, rv);
  if (rc !== null && lv !== null) return FLIP[op] !== undefined && compare(rules, FLIP[op]!, rc, lv);
  if (lc !== null && rc !== null && (op === '<' || op === '<=' || op === '<>')) {
    rules.pairs.push({ op, a: lc, b: rc, constraint });
    return true;
  }
  if (lc !== null && rc !== null && (op === '>' || op === '>=')) {
    rules.pairs.push({ op: op === '>' ? '<' : '<=', a: rc, b: lc, constraint });
    return true;
  }
  const fn = left?.FuncCall as Node | undefined;
  const name = fn?.funcname?.at(-1)?.String?.sval as string | undefined;
  const measured = fn?.args?.length === 1 ? columnOf(fn.args[0], self) : null;
  if (measured !== null && rv?.number != null && ['length', 'char_length', 'character_length'].includes(name!))
    return lengthOf(rules, op, measured, rv.number);
  return false;
}

/** The argument of `NOT x`, else undefined. */
function notOf(node: Node): Node | undefined {
  return node.BoolExpr?.boolop === 'NOT_EXPR' ? node.BoolExpr.args?.[0] : undefined;
}

/** Walks one expression; returns whether every part of it became a rule. */
function walk(rules: TableRules, node: Node, self: string | null, constraint: string): boolean {
  if (node.BoolExpr?.boolop === 'AND_EXPR')
    return (node.BoolExpr.args as Node[]).map((arg) => walk(rules, arg, self, constraint)).every(Boolean);
  if (node.BoolExpr?.boolop === 'OR_EXPR') return either(rules, node.BoolExpr.args as Node[], self, constraint);
  const bare = columnOf(node, self) ?? columnOf(notOf(node), self);
  if (bare !== null) {
    // `CHECK (active)`, `CHECK (NOT deleted)`: a boolean column that always holds true (false).
    ruleOf(rules, bare).values = [{ text: String(notOf(node) === undefined), number: null }];
    return true;
  }
  const nulls = nullRule(node, (n) => columnOf(n, self));
  if (nulls !== null) {
    for (const c of nulls.notNull) ruleOf(rules, c).notNull = true;
    for (const c of nulls.alwaysNull) ruleOf(rules, c).alwaysNull = true;
    return true;
  }
  if (likePrefix(node) !== null) {
    const { column, prefix } = likePrefix(node)!;
    const name = columnOf(column, self);
    if (name === null) return false;
    ruleOf(rules, name).prefix = prefix;
    return true;
  }
  if (node.NullTest?.nulltesttype === 'IS_NOT_NULL') {
    const column = columnOf(node.NullTest.arg, self);
    if (column !== null) ruleOf(rules, column).notNull = true;
    return column !== null;
  }
  const expr = node.A_Expr as Node | undefined;
  const column = columnOf(expr?.lexpr, self);
  if (expr?.kind === 'AEXPR_OP') return operator(rules, expr, self, constraint);
  if (column === null) return false;
  if (expr?.kind === 'AEXPR_BETWEEN') {
    const [low, high] = (expr.rexpr.List.items as Node[]).map(literalOf);
    if (low == null || high == null) return false;
    Object.assign(ruleOf(rules, column), {
      min: { value: low, exclusive: false },
      max: { value: high, exclusive: false },
    });
    return true;
  }
  const list =
    expr?.kind === 'AEXPR_IN'
      ? expr.rexpr.List?.items
      : expr?.kind === 'AEXPR_OP_ANY' && expr.name?.[0]?.String?.sval === '='
        ? arrayItems(expr.rexpr)
        : undefined;
  const values = (list as Node[] | undefined)?.map(literalOf);
  if (values === undefined || values.some((v) => v === null)) return false;
  ruleOf(rules, column).values = values as Literal[];
  return true;
}

function arrayItems(node: Node): Node[] | undefined {
  if (node.TypeCast !== undefined) return arrayItems(node.TypeCast.arg);
  return node.A_ArrayExpr?.elements;
}

/**
 * `a OR b`: any one branch that holds makes it hold, so gen keeps one: `… OR c IS NOT NULL` (the usual
 * "shipped means it has a date") by making c never null, else `c IS NULL OR rule` by the rule.
 */
function either(rules: TableRules, args: Node[], self: string | null, constraint: string): boolean {
  const notNull = args.find((a) => a.NullTest?.nulltesttype === 'IS_NOT_NULL');
  const nullable = args.find((a) => a.NullTest?.nulltesttype === 'IS_NULL');
  const chosen = notNull ?? (nullable !== undefined ? args.find((a) => a !== nullable) : undefined);
  if (chosen !== undefined && walk(rules, chosen, self, constraint)) return true;
  // `x IS NULL OR <a form gen does not read>`: x always NULL keeps the row valid.
  const column = nullable === undefined ? null : columnOf(nullable.NullTest.arg, self);
  if (column !== null) {
    ruleOf(rules, column).alwaysNull = true;
    return true;
  }
  // `a <> 'oauth2' OR (b IS NOT NULL AND …)`: an implication; its consequence, the last branch, is kept
  // where gen reads it (the rows need not be told apart), else an earlier branch.
  for (const branch of [...args].reverse()) {
    const trial = copyOf(rules);
    if (!walk(trial, branch, self, constraint)) continue;
    for (const [name, rule] of trial.columns) rules.columns.set(name, rule);
    rules.pairs.splice(0, rules.pairs.length, ...trial.pairs);
    return true;
  }
  return false;
}

/** Rules to try a branch on, without touching the originals. */
function copyOf(rules: TableRules): TableRules {
  return {
    columns: new Map([...rules.columns].map(([name, rule]) => [name, { ...rule }])),
    pairs: [...rules.pairs],
    unhandled: [...rules.unhandled],
  };
}

/** `c LIKE 'prefix%'` (no other wildcard): the column and the prefix, else null. */
function likePrefix(node: Node): { column: Node; prefix: string } | null {
  const e = node.A_Expr as Node | undefined;
  if (e?.kind !== 'AEXPR_LIKE' || e.name?.[0]?.String?.sval !== '~~') return null;
  const pattern = literalOf(e.rexpr)?.text;
  const match = pattern === undefined ? null : /^([^%_\\]*)%$/.exec(pattern);
  return match === null ? null : { column: e.lexpr, prefix: match[1]! };
}

/** A CHECK's expression tree, from its text as `pg_get_constraintdef` prints it (`CHECK ((a > 0))`), or null. */
export async function parseCheck(definition: string): Promise<unknown> {
  const tree = (await parse(`ALTER TABLE t ADD ${definition}`).catch(() => null)) as Node | null;
  return tree?.stmts?.[0]?.stmt?.AlterTableStmt?.cmds?.[0]?.AlterTableCmd?.def?.Constraint?.raw_expr ?? null;
}

/**
 * Reads CHECK constraints (their expression trees) into rules; `self` names the column a domain's checks
 * (on `VALUE`) apply to.
 */
export function checkRules(
  rules: TableRules,
  checks: readonly { name: string; expression: unknown }[],
  self: string | null = null,
): void {
  for (const check of checks) {
    const expr = check.expression as Node | null;
    if (expr === null || !walk(rules, normalized(expr), self, check.name)) rules.unhandled.push(check.name);
  }
}

/** An empty set of rules. */
export function noRules(): TableRules {
  return { columns: new Map(), pairs: [], unhandled: [] };
}

/** One partition's bound (`FOR VALUES …`): a range (null ends are MINVALUE/MAXVALUE), a list, or neither. */
export type PartitionBound =
  | { readonly kind: 'range'; readonly from: Literal | null; readonly to: Literal | null }
  | { readonly kind: 'list'; readonly values: Literal[] }
  | { readonly kind: 'other' };

/** A partition's bound spec, from its text as `pg_get_expr(relpartbound, oid)` prints it (`FOR VALUES …`). */
export async function parseBound(bound: string): Promise<unknown> {
  const tree = (await parse(`CREATE TABLE p PARTITION OF t ${bound}`).catch(() => null)) as Node | null;
  return tree?.stmts?.[0]?.stmt?.CreateStmt?.partbound ?? null;
}

/** A partition's bound (a `PartitionBoundSpec` tree); first key column only. */
export function partitionBound(bound: unknown): PartitionBound {
  const spec = bound as Node | null;
  if (spec === null || spec.is_default === true) return { kind: 'other' };
  if (spec.strategy === 'r')
    return { kind: 'range', from: literalOf(spec.lowerdatums?.[0]), to: literalOf(spec.upperdatums?.[0]) };
  if (spec.strategy === 'l') {
    const values = (spec.listdatums as Node[]).map(literalOf).filter((v): v is Literal => v !== null);
    return { kind: 'list', values };
  }
  return { kind: 'other' };
}
