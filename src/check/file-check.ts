import type { TableDefinition } from '../dataset/types.ts';
import type { RunPlan } from '../planner/run-plan.ts';
import type { FileReader } from './file-reader.ts';
import type { Finding } from './findings.ts';
import type { ManifestTable } from './output-manifest.ts';

/** One file of a manifest being checked: its run, its table, its bytes, and where findings go. */
export interface FileCheck {
  readonly plan: RunPlan;
  readonly table: TableDefinition;
  readonly reader: FileReader;
  readonly report: (finding: Omit<Finding, 'table'>) => void;
}

/** The file's bytes and SHA-256 against the manifest's (the reader hashes all it reads, then the rest). */
export async function checkIntegrity(file: FileCheck, entry: ManifestTable): Promise<void> {
  const { reader, report } = file;
  const read = await reader.finish();
  if (entry.sha256 !== null && (read.sha256 !== entry.sha256 || read.bytes !== entry.bytes))
    report({
      column: null,
      kind: 'integrity',
      key: null,
      detail: `${entry.file}: ${read.bytes} bytes, sha256 ${read.sha256.slice(0, 16)}…; the manifest says ${entry.bytes} bytes, ${entry.sha256.slice(0, 16)}…`,
    });
}
