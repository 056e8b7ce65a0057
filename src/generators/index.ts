import type { ColumnDefinition, DatasetDefinition, TableDefinition } from '../dataset/types.ts';
import { DatasetError } from '../errors.ts';
import { streamKey } from '../random/counter-rng.ts';
import { columnPath } from './check.ts';
import { compileCondition } from './expr/condition.ts';
import { withLength } from './length.ts';
import { compileNulls } from './nulls.ts';
import { GENERATOR_KINDS, registrationOf } from './registry.ts';
import { cachedSource } from './source.ts';
import type {
  ColumnGenerator,
  ColumnSource,
  GenerationParams,
  GeneratorContext,
  GeneratorKind,
  NullFiller,
  SpecOf,
} from './types.ts';

/** Checks that a column may use its generator: a known kind, a column type it fills, a uniqueness it keeps. */
function registrationFor(table: string, column: ColumnDefinition) {
  const kind = column.generator.kind;
  const registration = registrationOf(kind);
  const where = columnPath(table, column.name);
  if (registration === undefined) {
    throw new DatasetError(where, `unknown generator "${String(kind)}"; use one of ${GENERATOR_KINDS.join(', ')}`);
  }
  if (!registration.types.includes(column.type.kind)) {
    const fills = registration.types.join(', ');
    throw new DatasetError(where, `generator "${kind}" cannot fill a ${column.type.kind} column (it fills ${fills})`);
  }
  if (column.unique === true) {
    const { unique } = registration;
    const why = typeof unique === 'function' ? unique(column.generator as SpecOf<GeneratorKind>) : null;
    if (unique === false) {
      const able = GENERATOR_KINDS.filter((k) => registrationOf(k)?.unique !== false).join(', ');
      throw new DatasetError(where, `generator "${kind}" cannot promise unique values; unique works with ${able}`);
    }
    if (why !== null) throw new DatasetError(where, why);
  }
  return registration;
}

/**
 * One compilation: the columns being compiled, innermost last (a column that reads itself through others is
 * a cycle), and the sources compiled so far, shared by every column that reads them.
 */
interface Session {
  readonly path: readonly string[];
  readonly sources: Map<string, ColumnSource>;
}

const newSession = (): Session => ({ path: [], sources: new Map() });

function contextFor(
  table: string,
  column: ColumnDefinition,
  params: GenerationParams,
  dataset: DatasetDefinition | undefined,
  session: Session,
): GeneratorContext {
  const here = `${table}.${column.name}`;
  const { path } = session;
  if (path.includes(here)) {
    const cycle = [...path.slice(path.indexOf(here)), here].join(' → ');
    throw new DatasetError(columnPath(table, column.name), `reads itself: ${cycle}`);
  }
  const inner = { path: [...path, here], sources: session.sources };
  return {
    params,
    table,
    column,
    key: streamKey(params.seed, table, column.name),
    dataset,
    compile: (other, otherColumn) => compileWithin(other, otherColumn, params, dataset, inner),
    contextOf: (other, otherColumn) => contextFor(other, otherColumn, params, dataset, inner),
    source: (other, otherColumn) => sourceWithin(other, otherColumn, params, dataset, inner),
  };
}

function compileWithin(
  table: string,
  column: ColumnDefinition,
  params: GenerationParams,
  dataset: DatasetDefinition | undefined,
  session: Session,
): ColumnGenerator {
  const registration = registrationFor(table, column);
  const context = contextFor(table, column, params, dataset, session);
  const generator = registration.create(column.generator as SpecOf<GeneratorKind>, context);
  return column.length === undefined ? generator : withLength(generator, column.length);
}

/** The session's source of a column, compiled on first use. */
function sourceWithin(
  table: string,
  column: ColumnDefinition,
  params: GenerationParams,
  dataset: DatasetDefinition | undefined,
  session: Session,
): ColumnSource {
  const name = `${table}.${column.name}`;
  const known = session.sources.get(name);
  if (known !== undefined) return known;
  const generator = compileWithin(table, column, params, dataset, session);
  const condition =
    column.nullWhen === undefined
      ? null
      : compileCondition(column.nullWhen, contextFor(table, column, params, dataset, session), 'nullWhen');
  const nulls = joinNulls(compileNulls(table, column, params), condition, generator);
  const source = cachedSource(generator, nulls);
  session.sources.set(name, source);
  return source;
}

/** One filler for a column's NULLs: its random rate, its `nullWhen` rows, and the rows its generator left empty. */
function joinNulls(rate: NullFiller | null, when: NullFiller | null, generator: ColumnGenerator): NullFiller | null {
  const { markNulls } = generator;
  if (when === null && markNulls === undefined) return rate;
  let extra: Uint8Array = new Uint8Array(0);
  return (start, count, mask) => {
    if (rate === null) mask.fill(0, 0, count);
    else rate(start, count, mask);
    markNulls?.(count, mask);
    if (when === null) return;
    if (extra.length < count) extra = new Uint8Array(count);
    when(start, count, extra);
    for (let i = 0; i < count; i++) mask[i]! |= extra[i]!;
  };
}

/**
 * Compiles a column's generator spec for one run.
 * @throws {DatasetError} when the kind is unknown, does not fit the column type, or its options are invalid.
 */
export function compileColumn(
  table: string,
  column: ColumnDefinition,
  params: GenerationParams,
  dataset?: DatasetDefinition,
): ColumnGenerator {
  return compileWithin(table, column, params, dataset, newSession());
}

/** A table's compiled columns: one source per column, in column order. */
export interface CompiledTable {
  readonly sources: readonly ColumnSource[];
}

/** Compiles every column of `table` (a table of `dataset`) for one run. */
export function compileTable(
  dataset: DatasetDefinition,
  table: TableDefinition,
  params: GenerationParams,
): CompiledTable {
  return compiledIn(dataset, table, params, newSession());
}

function compiledIn(
  dataset: DatasetDefinition,
  table: TableDefinition,
  params: GenerationParams,
  session: Session,
): CompiledTable {
  return { sources: table.columns.map((column) => sourceWithin(table.name, column, params, dataset, session)) };
}

/**
 * Compiles every column of every table for one run, sharing sources across tables: what checks a
 * dataset's generators before anything runs (and what an inline run then generates with).
 * @throws {DatasetError} naming the first column whose generator cannot be compiled.
 */
export function compileDataset(dataset: DatasetDefinition, params: GenerationParams): CompiledTable[] {
  const session = newSession();
  return dataset.tables.map((table) => compiledIn(dataset, table, params, session));
}
