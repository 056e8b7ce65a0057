import type { ColumnType, GeneratorSpec } from '../dataset/types.ts';
import type { CatalogColumn } from './catalog.ts';
import type { ColumnRule, Literal } from './check-rules.ts';

/** What `init` knows of one column beside its catalog entry. */
export interface ColumnFacts {
  readonly table: string;
  readonly column: CatalogColumn;
  readonly rule: ColumnRule;
  /** `key`: the table's one-column primary key; `unique`: a one-column unique constraint. */
  readonly role: 'key' | 'unique' | 'plain';
  /**
   * A one-column foreign key gen makes: the table it references, and the column it targets when that is
   * not the table's sequence or uuid key (a unique code: the reference renders it); `once` when the
   * column is also unique here (one-to-one: a profile per user).
   */
  readonly reference: { readonly table: string; readonly column: string | null; readonly once: boolean } | null;
  /** In a key of several columns (its values are then digits of the key's combinations, drawn evenly). */
  readonly inKey: boolean;
  /** The other columns of the table, for guesses that read them (an email from the name columns). */
  readonly siblings: readonly string[];
  /** The run's reference day for absolute bounds (`YYYY-MM-DD`): init's `--date`. */
  readonly today: string;
}

/**
 * A column gen cannot fill (a NOT NULL column of a type it cannot make, a key of such a type): `init`
 * leaves its table out of the file with this reason, instead of writing a file that cannot load.
 */
export class Unfillable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Unfillable';
  }
}

/** A column's type, generator and the reason for it, as each guess makes it. */
export type Made = { type: ColumnType; generator: GeneratorSpec; note: string; unique?: boolean; nullRate?: number };

export /** A column a table declares NOT NULL (or whose domain or checks do), or a key. */
function required(facts: ColumnFacts): boolean {
  const { column, rule, role } = facts;
  return column.notNull || column.type.domainNotNull || rule.notNull === true || role === 'key';
}

export /** Values from a list: a check's `IN (…)`, an enum's labels or a list partition's values; `not` left out. */
function choiceOf(values: readonly Literal[], type: ColumnType, why: string, not: readonly Literal[] = []): Made {
  const texts = values.map((v) => v.text).filter((t) => !not.some((n) => n.text === t));
  // The first values the most frequent (1/k), as statuses usually are; edit the weights to taste.
  const weights = texts.length > 2 ? texts.map((_, k) => Math.round(1000 / (k + 1)) / 1000) : undefined;
  return {
    type,
    generator: { kind: 'choice', values: texts, ...(weights === undefined ? {} : { weights }) },
    note: `${why}${weights === undefined ? '' : ', the first most frequent'}`,
  };
}
