import { rowKey } from '../dirty/defects.ts';
import { reportDifferences } from './classify.ts';
import { expectedLines } from './expected-rows.ts';
import { checkIntegrity, type FileCheck } from './file-check.ts';
import type { ManifestTable } from './output-manifest.ts';
import { parquetRowGroups } from './parquet-rows.ts';
import { rowValues } from './row-lines.ts';

/**
 * A Parquet file of gen's: each row group's values, read back, against gen's rows at the same ids (its
 * CSV values, remade on this thread); each value that differs is classified as in text files. Then the
 * row count and the file's bytes and SHA-256 against the manifest.
 */
export async function checkParquet(file: FileCheck, entry: ManifestTable, path: string): Promise<void> {
  const { plan, table, report } = file;
  const lines = expectedLines(plan);
  let start = entry.rowStart;
  for await (const rows of parquetRowGroups(path, table)) {
    const count = Math.max(0, Math.min(rows.length, entry.rowEnd - start));
    const wanted = lines(table, start, count).map((line) => rowValues('csv', table, line)!);
    wanted.forEach((want, i) => {
      reportDifferences(plan.dataset.tables, table, plan.ranges, rows[i]!, want, rowKey(table, want), report);
    });
    start += rows.length;
  }
  if (start < entry.rowEnd)
    report({
      column: null,
      kind: 'missing_rows',
      key: null,
      detail: `${entry.rowEnd - start} rows fewer than gen made`,
    });
  if (start > entry.rowEnd)
    report({ column: null, kind: 'extra_rows', key: null, detail: `${start - entry.rowEnd} rows more than gen made` });
  await checkIntegrity(file, entry);
}
