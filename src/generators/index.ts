import type { ColumnDefinition, DatasetDefinition, TableDefinition } from '../dataset/types.ts';
import { DatasetError } from '../errors.ts';
import { streamKey } from '../random/counter-rng.ts';
import { columnPath } from './check.ts';
import { withLength } from './length.ts';
import { compileNulls, type NullFiller } from './nulls.ts';
import { GENERATOR_KINDS, registrationOf } from './registry.ts';
import type { ColumnGenerator, GenerationParams, GeneratorContext, GeneratorKind, SpecOf } from './types.ts';

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
 * Compiles a column's generator spec for one run.
 * @throws {DatasetError} when the kind is unknown, does not fit the column type, or its options are invalid.
 */
export function compileColumn(
  table: string,
  column: ColumnDefinition,
  params: GenerationParams,
  dataset?: DatasetDefinition,
): ColumnGenerator {
  const registration = registrationFor(table, column);
  const context: GeneratorContext = {
    params,
    table,
    column,
    key: streamKey(params.seed, table, column.name),
    dataset,
    compile: (other, otherColumn) => compileColumn(other, otherColumn, params, dataset),
  };
  const generator = registration.create(column.generator as SpecOf<GeneratorKind>, context);
  return column.length === undefined ? generator : withLength(generator, column.length);
}

/** A table's compiled columns: a generator and a null filler (or null) per column, in column order. */
export interface CompiledTable {
  readonly generators: readonly ColumnGenerator[];
  readonly nullFillers: readonly (NullFiller | null)[];
}

/** Compiles every column of `table` (a table of `dataset`) for one run. */
export function compileTable(
  dataset: DatasetDefinition,
  table: TableDefinition,
  params: GenerationParams,
): CompiledTable {
  return {
    generators: table.columns.map((column) => compileColumn(table.name, column, params, dataset)),
    nullFillers: table.columns.map((column) => compileNulls(table.name, column, params)),
  };
}

/**
 * Compiles every column of every table for one run: what checks a dataset's generators before anything
 * runs (and what an inline run then generates with).
 * @throws {DatasetError} naming the first column whose generator cannot be compiled.
 */
export function compileDataset(dataset: DatasetDefinition, params: GenerationParams): CompiledTable[] {
  return dataset.tables.map((table) => compileTable(dataset, table, params));
}
