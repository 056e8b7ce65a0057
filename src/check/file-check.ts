import { type ChecksumAlgorithm, checksumAlgorithm } from '../checksums.ts';
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

/**
 * The file's bytes and checksum against the manifest's (the reader hashes all it reads, then the rest,
 * with the manifest's algorithm: `readerAlgorithm`).
 */
export async function checkIntegrity(file: FileCheck, entry: ManifestTable): Promise<void> {
  const { reader, report } = file;
  const read = await reader.finish();
  const expected = entry.checksum ?? null;
  if (read.bytes !== entry.bytes || (expected !== null && read.checksum !== expected))
    report({
      column: null,
      kind: 'integrity',
      key: null,
      detail: `${entry.file}: ${read.bytes} bytes, ${short(read.checksum)}; the manifest says ${entry.bytes} bytes, ${short(expected)}`,
    });
}

/** The algorithm the file of `entry` is hashed with as it is read: the manifest's, or none. */
export function readerAlgorithm(entry: ManifestTable): ChecksumAlgorithm | null {
  return entry.checksum === null || entry.checksum === undefined ? null : checksumAlgorithm(entry.checksum);
}

const short = (checksum: string | null): string => (checksum === null ? 'no checksum' : `${checksum.slice(0, 23)}…`);
