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
