import type { CatalogTable } from './catalog.ts';
import type { ColumnRule } from './check-rules.ts';

/*
 * What a schema's own triggers do while gen loads it. COPY only inserts, so only INSERT triggers fire,
 * and only on tables that get rows (gen's, or those the triggers themselves fill): such a trigger fills
 * the tables it inserts into, fails the load when it inserts where no row can go (a table that does not
 * exist, a partitioned table with no partition), and fails it when it casts a column to an enum that
 * lacks one of the column's labels. A trigger's function is SQL or PL/pgSQL text the server stores as
 * written; what it does is found by its keywords, comments and strings included, which errs on the side
 * of leaving a table out.
 */

/** An identifier as SQL writes it, unquoted or "quoted" (then case is kept). */
const IDENT = `(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const INSERT_INTO = new RegExp(String.raw`\binsert\s+into\s+(${IDENT}(?:\s*\.\s*${IDENT})?)`, 'gi');
/** `NEW.col::varchar::some_enum`: a column of the new row, and the casts it goes through. */
const NEW_CAST = new RegExp(String.raw`\bnew\s*\.\s*(${IDENT})((?:\s*::\s*${IDENT}(?:\s*\.\s*${IDENT})?)+)`, 'gi');
const CAST = new RegExp(String.raw`::\s*(?:${IDENT}\s*\.\s*)?(${IDENT})`, 'g');

function unquote(ident: string): string {
  return ident.startsWith('"') ? ident.slice(1, -1).replace(/""/g, '"') : ident.toLowerCase();
}

/**
 * The tables a function body inserts into (`INSERT INTO [schema.]table`), as `{ schema, name }` (schema
 * null when unqualified).
 */
export function insertTargets(body: string): { schema: string | null; name: string }[] {
  return [...body.matchAll(INSERT_INTO)].map((m) => {
    const parts = m[1]!.split(/\s*\.\s*(?=[A-Za-z_"])/).map(unquote);
    return parts.length === 2 ? { schema: parts[0]!, name: parts[1]! } : { schema: null, name: parts[0]! };
  });
}

/** How a table's triggers are judged: tables by their names in the file, and which schemas were read. */
export interface TriggerContext {
  readonly keyOf: (schema: string, name: string) => string | undefined;
  /** A qualified name in one of these schemas that `keyOf` does not know does not exist. */
  readonly complete: (schema: string) => boolean;
}

type Target = { readonly key: string } | { readonly missing: string } | null;

/** Where an INSERT of a trigger on `table` goes: a table read, one that does not exist, or unknown (null). */
function resolve(
  table: CatalogTable,
  target: { schema: string | null; name: string },
  context: TriggerContext,
): Target {
  const key = context.keyOf(target.schema ?? table.schema, target.name) ?? context.keyOf('public', target.name);
  if (key !== undefined) return { key };
  // An unqualified name may be a temporary table or a CTE of the function: not known to be missing.
  return target.schema !== null && context.complete(target.schema)
    ? { missing: `${target.schema}.${target.name}` }
    : null;
}

/**
 * Tables whose INSERT triggers would fail the load: they insert into a table that does not exist, or
 * into one of `empty` (partitioned, with no partition). By their names in the file, with the reason.
 */
export function brokenTriggers(
  tables: readonly CatalogTable[],
  nameOf: (table: CatalogTable) => string,
  empty: ReadonlySet<string>,
  context: TriggerContext,
): Map<string, string> {
  const broken = new Map<string, string>();
  for (const table of tables)
    for (const trigger of table.triggers.filter((t) => t.onInsert))
      for (const target of insertTargets(trigger.body)) {
        const to = resolve(table, target, context);
        const why =
          to === null
            ? null
            : 'missing' in to
              ? `${to.missing}, which does not exist`
              : empty.has(to.key)
                ? `${to.key}, which is partitioned and has no partition yet`
                : null;
        if (why !== null && !broken.has(nameOf(table)))
          broken.set(nameOf(table), `its trigger ${trigger.name} inserts into ${why}, so every insert would fail`);
      }
  return broken;
}

/**
 * The tables the INSERT triggers of `sources` (the tables gen fills) insert into, with the trigger that
 * does, by name in the file; a table so filled fires its own triggers in turn. A table whose trigger
 * inserts into itself is left out too: each of gen's rows would bring more (or never end).
 */
export function triggerFilled(
  sources: readonly CatalogTable[],
  byName: ReadonlyMap<string, CatalogTable>,
  nameOf: (table: CatalogTable) => string,
  context: TriggerContext,
): Map<string, string> {
  const filled = new Map<string, string>();
  const queue = [...sources];
  for (let table = queue.shift(); table !== undefined; table = queue.shift())
    for (const trigger of table.triggers.filter((t) => t.onInsert))
      for (const target of insertTargets(trigger.body)) {
        const to = resolve(table, target, context);
        if (to === null || !('key' in to) || filled.has(to.key)) continue;
        filled.set(to.key, `filled by trigger ${trigger.name} on ${nameOf(table)} during the load`);
        const next = byName.get(to.key);
        if (next !== undefined && !sources.includes(next)) queue.push(next);
      }
  return filled;
}

/**
 * Columns an INSERT trigger casts to an enum (`NEW."limitStrategy"::varchar::v1_concurrency_strategy`):
 * the cast fails for a label the target enum lacks, so the column keeps to the labels both share.
 * `enums`: every enum's labels by its name (unqualified). Adds `values` to the rules of such columns.
 */
export function enumCastRules(
  table: CatalogTable,
  enums: ReadonlyMap<string, readonly string[]>,
  rules: Map<string, ColumnRule>,
): void {
  for (const trigger of table.triggers.filter((t) => t.onInsert))
    for (const [, ident, casts] of trigger.body.matchAll(NEW_CAST)) {
      const column = table.columns.find((c) => c.name === unquote(ident!));
      const labels = column?.type.kind === 'e' ? column.type.labels : null;
      const target = [...casts!.matchAll(CAST)].map((m) => enums.get(unquote(m[1]!))).find((l) => l !== undefined);
      if (labels === null || target === undefined || labels.every((l) => target.includes(l))) continue;
      const rule = rules.get(column!.name) ?? {};
      const allowed = (rule.values?.map((v) => v.text) ?? labels).filter((l) => target.includes(l));
      if (allowed.length === 0) continue;
      rule.values = allowed.map((text) => ({ text, number: null }));
      rule.valuesWhy = `a label its enum shares with the enum trigger ${trigger.name} casts it to`;
      rules.set(column!.name, rule);
    }
}
