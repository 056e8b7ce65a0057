/** One problem found: `key` is the row's primary key as gen makes it (an array for several columns). */
export interface Finding {
  readonly table: string;
  readonly column: string | null;
  readonly kind: string;
  readonly key: unknown;
  readonly detail: string;
}

/** What was checked: per table, its files, rows and findings by kind. */
export interface CheckSummary {
  readonly tables: { name: string; files: number; rows: number; findings: Record<string, number> }[];
  readonly findings: number;
}

/** A finding of one table (the tally adds its table). */
export type TableFinding = Omit<Finding, 'table'>;

/**
 * The findings of a check, counted per table and kind as they go to `onFinding`: `table(name)` gives that
 * table's line of the summary (made on first use) and its reporter.
 */
export function createTally(onFinding: (finding: Finding) => void) {
  const tables: CheckSummary['tables'] = [];
  let findings = 0;
  return {
    table(name: string) {
      let line = tables.find((t) => t.name === name);
      if (line === undefined) {
        line = { name, files: 0, rows: 0, findings: {} };
        tables.push(line);
      }
      const counts = line.findings;
      const report = (finding: TableFinding): void => {
        findings++;
        counts[finding.kind] = (counts[finding.kind] ?? 0) + 1;
        onFinding({ table: name, ...finding });
      };
      return { line, report };
    },
    summary: (): CheckSummary => ({ tables, findings }),
  };
}

export type Tally = ReturnType<typeof createTally>;
