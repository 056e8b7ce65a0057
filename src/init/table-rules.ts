import type { CatalogTable } from './catalog.ts';
import { checkRules, type Literal, noRules, partitionBound, type TableRules } from './check-rules.ts';
import { namedPairs } from './name-pairs.ts';
import { enumCastRules } from './triggers.ts';

/**
 * Everything a table's constraints require of its columns: its CHECKs, its columns' domain CHECKs, a
 * partitioned table's bounds (rows go to the parent, and each must fall in some partition), the labels its
 * triggers can cast to another enum (`enums`: every enum's labels by name), and the order its columns'
 * names give times (`name-pairs.ts`).
 */
export function tableRules(table: CatalogTable, enums: ReadonlyMap<string, readonly string[]> = new Map()): TableRules {
  const rules = noRules();
  checkRules(
    rules,
    table.constraints.filter((c) => c.type === 'c'),
  );
  for (const column of table.columns) checkRules(rules, column.type.domainChecks, column.name);
  partitionRules(rules, table);
  enumCastRules(table, enums, rules.columns);
  rules.pairs.push(...namedPairs(table, rules.pairs));
  return rules;
}

/**
 * A range-partitioned table's key stays inside its partitions: from the lowest bound to the highest when
 * they join up, else within the latest partition; a list-partitioned key takes the listed values. A
 * DEFAULT partition takes any value, and a key of several columns is left to its checks.
 */
function partitionRules(rules: TableRules, table: CatalogTable): void {
  const partitioning = table.partitioning;
  if (partitioning === null || partitioning.columns.length !== 1) return;
  const bounds = partitioning.bounds.map(partitionBound);
  if (bounds.length === 0 || bounds.some((b) => b.kind === 'other')) return;
  const column = partitioning.columns[0]!;
  const rule = rules.columns.get(column) ?? {};
  rules.columns.set(column, rule);
  if (bounds.every((b) => b.kind === 'list')) {
    rule.values = bounds.flatMap((b) => (b.kind === 'list' ? b.values : []));
    return;
  }
  const ranges = bounds.flatMap((b) => (b.kind === 'range' ? [b] : [])).sort((x, y) => compareLiterals(x.from, y.from));
  let run = ranges[ranges.length - 1]!;
  for (let i = ranges.length - 2; i >= 0 && ranges[i]!.to?.text === run.from?.text; i--)
    run = { ...run, from: ranges[i]!.from };
  if (run.from !== null) rule.min = { value: run.from, exclusive: false };
  if (run.to !== null) rule.max = { value: run.to, exclusive: true };
}

/** Orders bounds: MINVALUE (null) first, numbers as numbers, dates and text as text (ISO dates sort so). */
function compareLiterals(a: Literal | null, b: Literal | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (a.number !== null && b.number !== null) return a.number - b.number;
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}
