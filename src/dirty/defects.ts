/**
 * Labelled dirty data (`--dirty RATE`): defects injected into the output, each a pure function of (seed,
 * table, row) like every value, so any worker, chunk or shard makes the same ones, and `gen check` can be
 * held to finding exactly them. The generators never see a defect: a lookup through a soiled column still
 * reads its clean value, as a pipeline's upstream would have.
 */

import {
  type ColumnDefinition,
  DEFECT_KINDS,
  type DefectKind,
  foreignKeys,
  isNullable,
  type TableDefinition,
} from '../dataset/types.ts';
import { DAY_MS } from '../dates.ts';
import { drawBelow, drawUnit, streamKey, subKey } from '../random/counter-rng.ts';
import {
  type Batch,
  type ColumnVector,
  MALFORMED_DATE,
  type NumberVector,
  type Utf8Vector,
} from '../vectors/column-vector.ts';

/** The kinds of defect, as findings name them. */
export { DEFECT_KINDS, type DefectKind };

/** Rows of each table in the whole run (every shard alike): the keys that exist. */
export type TableRanges = Readonly<Record<string, { readonly start: number; readonly end: number }>>;

/** A run's defects: plain data, given to every worker. */
export interface DirtyConfig {
  /** `--dirty`: the share of rows with a defect, split evenly among the kinds a table can have; or null. */
  readonly rate: number | null;
  /** A schema file's `defects`: the share of rows with each kind (where a table can have it); or null. */
  readonly rates: Readonly<Partial<Record<DefectKind, number>>> | null;
  readonly ranges: TableRanges;
  /** The format writes dates as text (NDJSON, CSV): a date can then be malformed, written day first. */
  readonly textDates: boolean;
}

/** How one kind of defect changes a value of one column at a row. */
interface Target {
  readonly kind: DefectKind;
  readonly column: number;
  /** Changes the value in the column's vector, or with `mark`, leaves it be. */
  readonly soil: (vector: ColumnVector, i: number, row: number) => void;
  /** What the defect sets in the column's NULL mask instead (1 for a NULL, `MALFORMED_DATE`), or 0. */
  readonly mark: number;
}

/** One table's defects: the kinds and columns it can have, and its draws. */
export interface TableDefects {
  /** The share of rows with a defect. */
  readonly rate: number;
  /** Per kind that applies, its columns. */
  readonly kinds: readonly (readonly Target[])[];
  /** Per kind, the upper end of its draws: kind i where `bounds[i - 1] <= u < bounds[i]`. */
  readonly bounds: readonly number[];
  readonly key: number;
  readonly key2: number;
}

/** The defect drawn for `row`, or null: one draw says whether and which kind, a second which column. */
function defectAt(defects: TableDefects, row: number): Target | null {
  const u = drawUnit(defects.key, row);
  if (u >= defects.rate) return null;
  let kind = 0;
  while (u >= defects.bounds[kind]!) kind++;
  const targets = defects.kinds[kind]!;
  return targets[drawBelow(defects.key2, defects.key2, row, targets.length)]!;
}

/**
 * A row's primary key as findings and the ground truth name it, from `values` in table order: the key's
 * one value, an array for several columns, or null for a table without one.
 */
export function rowKey(table: TableDefinition, values: readonly unknown[]): unknown {
  const parts = (table.primaryKey ?? []).map((name) => values[table.columns.findIndex((c) => c.name === name)] ?? null);
  return parts.length === 0 ? null : parts.length === 1 ? parts[0] : parts;
}

/** A table's key when a sequence makes it (`start + row × step`), else null. */
export function sequenceOf(table: TableDefinition | undefined): { start: number; step: number } | null {
  const name = table?.primaryKey?.length === 1 ? table.primaryKey[0] : undefined;
  const spec = table?.columns.find((c) => c.name === name)?.generator;
  return spec?.kind === 'sequence' ? { start: spec.start ?? 0, step: spec.step ?? 1 } : null;
}

const setNumber = (at: (value: number, row: number) => number) => (vector: ColumnVector, i: number, row: number) => {
  const values = (vector as NumberVector).values;
  values[i] = at(values[i]!, row);
};

/** A numeric column's [min, max] from its generator, when it has both. */
export function rangeOf(column: ColumnDefinition): [number, number] | null {
  const spec = column.generator as { kind: string; min?: number; max?: number };
  if (!['int', 'float', 'zipf', 'normal', 'lognormal'].includes(spec.kind)) return null;
  return spec.min === undefined || spec.max === undefined ? null : [spec.min, spec.max];
}

/**
 * The table a foreign-key column points at by its key: a reference's table, a children or cross table's
 * parent (not a reference rendered through a code, nor one to earlier rows of its own table).
 */
export function parentOf(table: TableDefinition, column: ColumnDefinition): string | null {
  const spec = column.generator;
  if (spec.kind === 'reference') return spec.column === undefined && spec.earlier !== true ? spec.table : null;
  if (spec.kind !== 'parent') return null;
  return spec.table ?? (table.shape?.kind === 'children' ? table.shape.parent : null);
}

/** The target of `kind` in column `c`, or null where that defect cannot be made or recognised. */
function targetOf(
  kind: DefectKind,
  table: TableDefinition,
  c: number,
  tables: readonly TableDefinition[],
  dirty: DirtyConfig,
): Target | null {
  const column = table.columns[c]!;
  const inKey = table.primaryKey?.includes(column.name) === true;
  // A changed value must show: never under a NULL the column may hold anyway.
  if (isNullable(column)) return null;
  const numeric = ['int64', 'float64', 'decimal'].includes(column.type.kind);
  const at = (soil: Target['soil'], mark = 0): Target => ({ kind, column: c, soil, mark });
  const dated = column.type.kind === 'timestamp' || column.type.kind === 'date';
  switch (kind) {
    case 'null':
      return inKey ? null : at(() => {}, 1);
    case 'out_of_range': {
      const range = numeric && !inKey ? rangeOf(column) : null;
      return range === null ? null : at(setNumber(() => range[1] + (range[1] - range[0]) + 1));
    }
    case 'malformed':
      if (dated) return dirty.textDates && !inKey ? at(() => {}, MALFORMED_DATE) : null;
      return column.generator.kind === 'email' && column.type.kind === 'utf8' ? at(withoutAt) : null;
    case 'duplicate_key': {
      // The previous row's key, so the row's own is gone: only where no foreign key points at the table,
      // which would then have orphans the ground truth does not list.
      const referenced = tables.some((t) => foreignKeys(t).some((fk) => fk.table === table.name));
      const keys = table.primaryKey?.length === 1 && inKey && !referenced ? sequenceOf(table) : null;
      return keys === null || keys.step === 0 ? null : at(setNumber((value) => value - keys.step));
    }
    case 'orphan': {
      const parent = parentOf(table, column);
      const keys = parent === null ? null : sequenceOf(tables.find((t) => t.name === parent));
      const end = parent === null ? undefined : dirty.ranges[parent]?.end;
      if (keys === null || keys.step === 0 || end === undefined || inKey) return null;
      return at(setNumber((_, row) => keys.start + (end + 1 + (row % 997)) * keys.step));
    }
    case 'late':
      return column.generator.kind === 'dayTime' && column.type.kind === 'timestamp' && table.shape?.kind === 'daily'
        ? at(setNumber((value, row) => value + DAY_MS * (1 + (row % 3))))
        : null;
  }
}

/** An email without its `@` (`#` in its place: the same length, so the row's other bytes stay put). */
function withoutAt(vector: ColumnVector, i: number): void {
  const { bytes, offsets } = vector as Utf8Vector;
  for (let b = offsets[i]!; b < offsets[i + 1]!; b++) if (bytes[b] === 0x40) bytes[b] = 0x23;
}

/** The defects table `table` can have in a run of `seed`, or null when it can have none. */
export function tableDefects(
  tables: readonly TableDefinition[],
  table: TableDefinition,
  seed: number,
  dirty: DirtyConfig,
): TableDefects | null {
  const kinds = DEFECT_KINDS.filter((kind) => dirty.rates === null || (dirty.rates[kind] ?? 0) > 0)
    .map((kind) => table.columns.flatMap((_, c) => targetOf(kind, table, c, tables, dirty) ?? []))
    .filter((targets) => targets.length > 0);
  if (kinds.length === 0) return null;
  const rateOf = (targets: readonly Target[]): number =>
    dirty.rates === null ? (dirty.rate ?? 0) / kinds.length : (dirty.rates[targets[0]!.kind] ?? 0);
  const bounds: number[] = [];
  for (const targets of kinds) bounds.push((bounds.at(-1) ?? 0) + rateOf(targets));
  const rate = bounds.at(-1)!;
  if (rate <= 0) return null;
  const key = streamKey(seed, table.name, '#dirty');
  return { rate, kinds, bounds, key, key2: subKey(key, 1) };
}

/** The copy of a column's vector or NULL mask that a batch's defects may change. */
function copyOf(vector: ColumnVector): ColumnVector {
  if (vector.kind === 'number') return { kind: 'number', values: vector.values.slice() };
  if (vector.kind === 'utf8') return { ...vector, bytes: vector.bytes.slice(), offsets: vector.offsets };
  return vector;
}

/**
 * `batch` with its rows' defects: the columns they touch are copied first (a batch's vectors are the
 * generators' cached values, which other columns may read again). The first row of the table in the run
 * has no duplicate key (no row before it).
 */
export function soil(defects: TableDefects, batch: Batch, first: number): Batch {
  const columns = [...batch.columns];
  const nulls = [...batch.nulls];
  const copied = new Set<number>();
  for (let i = 0; i < batch.count; i++) {
    const row = batch.start + i;
    const target = defectOfRow(defects, row, first);
    if (target === null) continue;
    const c = target.column;
    if (!copied.has(c)) {
      copied.add(c);
      columns[c] = copyOf(columns[c]!);
      nulls[c] = nulls[c]?.slice() ?? new Uint8Array(batch.count);
    }
    if (target.mark !== 0) nulls[c]![i] = target.mark;
    else target.soil(columns[c]!, i, row);
  }
  return copied.size === 0 ? batch : { ...batch, columns, nulls };
}

/**
 * Whether row `row` of a table whose run starts at `first` has a defect, and which (as `soil` makes it). A
 * duplicate key copies the previous row's key: not on the first row (none before it), nor after another
 * duplicate (whose own key is gone, so the copy would be unique): each such key is then in exactly two rows.
 */
export function defectOfRow(defects: TableDefects, row: number, first: number): Target | null {
  const target = defectAt(defects, row);
  if (target?.kind !== 'duplicate_key') return target;
  return row === first || defectAt(defects, row - 1)?.kind === 'duplicate_key' ? null : target;
}

/** The constraints a dirty run leaves out of a database: those its defects may break ("table.column", tables). */
export interface LooseConstraints {
  /** `table.column`: NOT NULL left out (NULL defects). */
  readonly notNull: ReadonlySet<string>;
  /** Tables without their primary key (duplicate keys), so also without the foreign keys to it. */
  readonly primaryKeys: ReadonlySet<string>;
  /** `table.column`: foreign keys left out (orphans, or a parent without its primary key). */
  readonly foreignKeys: ReadonlySet<string>;
}

/** What `dirty` may break in `tables`, for a load that must still succeed. */
export function looseConstraints(
  tables: readonly TableDefinition[],
  seed: number,
  dirty: DirtyConfig,
): LooseConstraints {
  const notNull = new Set<string>();
  const primaryKeys = new Set<string>();
  const foreign = new Set<string>();
  for (const table of tables) {
    for (const targets of tableDefects(tables, table, seed, dirty)?.kinds ?? []) {
      for (const { kind, column } of targets) {
        const name = `${table.name}.${table.columns[column]!.name}`;
        if (kind === 'null') notNull.add(name);
        if (kind === 'duplicate_key') primaryKeys.add(table.name);
        if (kind === 'orphan') foreign.add(name);
      }
    }
  }
  for (const table of tables)
    for (const fk of foreignKeys(table))
      if (fk.target === undefined && primaryKeys.has(fk.table)) foreign.add(`${table.name}.${fk.column}`);
  return { notNull, primaryKeys, foreignKeys: foreign };
}

/** The constraints left out, in words (for the run's output). */
export function looseText(loose: LooseConstraints): string {
  const list = (set: ReadonlySet<string>): string => [...set].join(', ') || 'none';
  return `NOT NULL on ${list(loose.notNull)}; primary keys of ${list(loose.primaryKeys)}; foreign keys of ${list(loose.foreignKeys)}`;
}

/** `table` with the columns that get NULL defects marked nullable, for encoders that declare nullability. */
export function withNullDefects(table: TableDefinition, defects: TableDefects): TableDefinition {
  const nulls = new Set(
    defects.kinds
      .flat()
      .filter((t) => t.kind === 'null')
      .map((t) => t.column),
  );
  if (nulls.size === 0) return table;
  return { ...table, columns: table.columns.map((c, i) => (nulls.has(i) ? { ...c, nullable: true } : c)) };
}
