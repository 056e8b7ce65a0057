import type { CatalogConstraint } from './catalog.ts';

/*
 * Constraints declared on partitions rather than on their parent (`ALTER TABLE payment_2026_01 ADD FOREIGN
 * KEY …`, `CREATE UNIQUE INDEX ON payment_2026_01 (…)`), as real schemas that were partitioned after the
 * fact have them. Rows go to the parent and land in any partition, so gen holds each such key or
 * reference in every row: a foreign key or a uniqueness that holds for all rows holds for each partition's.
 */

/** What makes two constraints the same rule: kind, columns and target. */
function ruleKey(c: CatalogConstraint): string {
  const target = c.references === null ? '' : `${c.references.schema}.${c.references.table}(${c.references.columns})`;
  return `${c.type}:${c.columns.join(',')}:${target}`;
}

/**
 * A table's constraints with those declared on its partitions merged in: one per rule (the parent's own
 * first), however many partitions repeat it.
 */
export function ownConstraints(constraints: readonly CatalogConstraint[]): CatalogConstraint[] {
  const seen = new Set<string>();
  const out: CatalogConstraint[] = [];
  const ordered = [...constraints.filter((c) => c.onPartition !== true), ...constraints.filter((c) => c.onPartition)];
  for (const constraint of ordered) {
    if (constraint.type === 'c') {
      out.push(constraint);
      continue;
    }
    const key = ruleKey(constraint);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(constraint);
  }
  return out;
}
