import type { TableDefinition } from '../dataset/types.ts';
import { rowKey } from '../dirty/defects.ts';
import type { RunPlan } from '../planner/run-plan.ts';
import { missingRow, type RowValues, reportDifferences } from './classify.ts';
import type { Finding } from './findings.ts';
import { rowValues } from './row-lines.ts';

/** A row of CSV values and its primary key's values. */
export interface Row {
  readonly values: RowValues;
  readonly key: readonly unknown[];
}

/** Two sequences of rows in key order walked side by side: what a database holds, what gen makes. */
export interface Walk {
  /** An actual row from a CSV line (a line that is not a row has no values and an empty key). */
  row(line: string): Row;
  run(actual: () => Promise<Row | null>, expected: Iterable<string>): Promise<void>;
}

/** Tuple order: numbers as numbers, text by code unit, NULL first. */
function compare(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return (x as number | string) < (y as number | string) ? -1 : 1;
  }
  return 0;
}

/** Rows looked at first to see whether keys rise with row ids. */
const LOOK_AHEAD = 1000;

/**
 * The walk of one table: equal keys compare their values (each difference classified), a key only gen
 * makes is a missing row, one only the database holds an extra row, and of two rows under one key the one
 * that is the next row with the previous row's key is that next row's `duplicate_key`. When gen's keys do
 * not rise with its rows (a permuted or text key), rows are only counted.
 */
export function rowWalk(plan: RunPlan, table: TableDefinition, report: (f: Omit<Finding, 'table'>) => void): Walk {
  const keyIndexes = (table.primaryKey ?? []).map((name) => table.columns.findIndex((c) => c.name === name));
  const single = keyIndexes.length === 1 ? keyIndexes[0]! : -1;
  const row = (line: string): Row => {
    const values = rowValues('csv', table, line) ?? [];
    return { values, key: keyIndexes.map((i) => values[i] ?? null) };
  };
  const differences = (a: Row, b: Row, skipKey: boolean): number =>
    table.columns.filter((_, c) => !(skipKey && c === single) && a.values[c] !== b.values[c]).length;
  const findings = (found: Row, want: Row): void => {
    reportDifferences(
      plan.dataset.tables,
      table,
      plan.ranges,
      found.values,
      want.values,
      rowKey(table, want.values),
      report,
    );
  };
  const extra = (r: Row): void =>
    report({ column: null, kind: 'extra_rows', key: rowKey(table, r.values), detail: 'a row gen did not make' });
  return {
    row,
    async run(actual, expected) {
      const wanted = wantedRows(expected, row, keyIndexes.length > 0);
      let a = await actual();
      let e = wanted.next();
      if (!wanted.rising) return countRest(a, actual, e, wanted.next, report);
      let after = wanted.next();
      let previous: Row | null = null;
      while (e !== null) {
        if (previous !== null && compare(e.key, previous.key) <= 0) return countRest(a, actual, e, wanted.next, report);
        previous = e;
        for (; a !== null && compare(a.key, e.key) < 0; a = await actual()) extra(a);
        const group: Row[] = [];
        for (; a !== null && compare(a.key, e.key) === 0; a = await actual()) group.push(a);
        const paired = settle(group, e, after);
        e = paired ? wanted.next() : after;
        after = wanted.next();
      }
      for (; a !== null; a = await actual()) extra(a);
    },
  };

  /**
   * The rows that hold `want`'s key: the closest is compared value by value; another that is the next row
   * (`after`) but for its key is that row's duplicate key (true: `after` is settled too); others are extra.
   */
  function settle(group: Row[], want: Row, after: Row | null): boolean {
    if (group.length === 0) {
      report(missingRow(table, want.values));
      return false;
    }
    group.sort((x, y) => differences(x, want, false) - differences(y, want, false));
    findings(group[0]!, want);
    let paired = false;
    for (const other of group.slice(1)) {
      if (after !== null && !paired && differences(other, after, true) === 0) {
        const detail = `the key of the row before it, ${JSON.stringify(rowKey(table, want.values))}`;
        report({
          column: table.columns[single]?.name ?? null,
          kind: 'duplicate_key',
          key: rowKey(table, after.values),
          detail,
        });
        paired = true;
      } else extra(other);
    }
    return paired;
  }
}

/**
 * Gen's rows one at a time, and whether their keys rise with them at all, judged on the first rows (a
 * permuted or text key would make every row look misplaced).
 */
function wantedRows(expected: Iterable<string>, row: (line: string) => Row, keyed: boolean) {
  const lines = expected[Symbol.iterator]();
  const head: Row[] = [];
  while (head.length < LOOK_AHEAD) {
    const n = lines.next();
    if (n.done === true) break;
    head.push(row(n.value));
  }
  return {
    rising: keyed && head.every((r, i) => i === 0 || compare(r.key, head[i - 1]!.key) > 0),
    next(): Row | null {
      if (head.length > 0) return head.shift()!;
      const n = lines.next();
      return n.done === true ? null : row(n.value);
    },
  };
}

/** What is left once keys stop rising (or either side ends): rows counted on both sides. */
async function countRest(
  a: Row | null,
  actual: () => Promise<Row | null>,
  e: Row | null,
  nextWanted: () => Row | null,
  report: (f: Omit<Finding, 'table'>) => void,
): Promise<void> {
  let found = 0;
  for (let r = a; r !== null; r = await actual()) found++;
  let wanted = 0;
  for (let r = e; r !== null; r = nextWanted()) wanted++;
  if (found > wanted)
    report({ column: null, kind: 'extra_rows', key: null, detail: `${found - wanted} rows more than gen made` });
  if (wanted > found)
    report({ column: null, kind: 'missing_rows', key: null, detail: `${wanted - found} rows fewer than gen made` });
}
