import type { ColumnDefinition, ColumnType, DatasetDefinition, GenerationParams, GeneratorSpec } from '../dataset/types.ts';
import { DatasetError } from '../errors.ts';
import { streamKey } from '../random/counter-rng.ts';
import { bool } from './bool.ts';
import { choice } from './choice.ts';
import { float } from './float.ts';
import { int } from './int.ts';
import { sequence } from './sequence.ts';
import { template } from './template.ts';
import { timestamp } from './timestamp.ts';
import { childIndex } from './child-index.ts';
import { dayTime } from './day-time.ts';
import { email } from './email.ts';
import { faker, fakerWords } from './faker.ts';
import { parent } from './parent.ts';
import { parentColumn } from './parent-column.ts';
import { lognormal } from './lognormal.ts';
import { normal } from './normal.ts';
import { reference } from './reference.ts';
import { zipf } from './zipf.ts';
import type { ColumnGenerator, GeneratorContext, GeneratorFactory } from './types.ts';

type Kind = GeneratorSpec['kind'];
type SpecOf<K extends Kind> = Extract<GeneratorSpec, { kind: K }>;

interface Registration<K extends Kind> {
  readonly factory: GeneratorFactory<SpecOf<K>>;
  /** The column types this generator can fill. */
  readonly types: readonly ColumnType['kind'][];
}

/** Every generator kind, the column types it fills, and its factory. Checked for completeness by the compiler. */
const GENERATORS: { readonly [K in Kind]: Registration<K> } = {
  sequence: { factory: sequence, types: ['int64', 'float64', 'decimal'] },
  int: { factory: int, types: ['int64', 'float64', 'decimal'] },
  float: { factory: float, types: ['float64', 'decimal'] },
  choice: { factory: choice, types: ['utf8', 'int64'] },
  bool: { factory: bool, types: ['bool'] },
  timestamp: { factory: timestamp, types: ['timestamp'] },
  template: { factory: template, types: ['utf8'] },
  normal: { factory: normal, types: ['float64', 'decimal', 'int64'] },
  lognormal: { factory: lognormal, types: ['float64', 'decimal', 'int64'] },
  zipf: { factory: zipf, types: ['int64'] },
  reference: { factory: reference, types: ['int64'] },
  faker: { factory: faker, types: ['utf8'] },
  dayTime: { factory: dayTime, types: ['timestamp'] },
  parent: { factory: parent, types: ['int64'] },
  childIndex: { factory: childIndex, types: ['int64'] },
  email: { factory: email, types: ['utf8'] },
  parentColumn: { factory: parentColumn, types: ['int64', 'float64', 'decimal', 'timestamp'] },
};

/**
 * The fixed set of values a text column draws from, when it has one (`choice`, `faker`): encoders encode
 * each entry once and then copy it per row; Parquet writes these columns dictionary-encoded.
 */
export function dictionaryOf(column: ColumnDefinition): readonly string[] | undefined {
  if (column.type.kind !== 'utf8') return undefined;
  if (column.generator.kind === 'choice') return column.generator.values;
  if (column.generator.kind === 'faker') return fakerWords(column.generator.data);
  return undefined;
}

/** Generators that can make every row's value different (see `ColumnDefinition.unique`). */
const UNIQUE_KINDS: readonly Kind[] = ['sequence', 'template', 'email', 'int'];

/** The generator kinds, for help texts and schema errors. */
export const GENERATOR_KINDS = Object.keys(GENERATORS) as Kind[];

/**
 * Compiles a column's generator spec for one run.
 * @throws {DatasetError} when the kind is unknown, does not fit the column type, or its options are invalid.
 */
export function compileColumn(table: string, column: ColumnDefinition, params: GenerationParams, dataset?: DatasetDefinition): ColumnGenerator {
  const kind = column.generator.kind;
  const registration = GENERATORS[kind] as Registration<Kind> | undefined;
  const where = `tables.${table}.columns.${column.name}`;
  if (registration === undefined) {
    throw new DatasetError(`${where}: unknown generator "${String(kind)}"; use one of ${GENERATOR_KINDS.join(', ')}`);
  }
  if (!registration.types.includes(column.type.kind)) {
    throw new DatasetError(`${where}: generator "${kind}" cannot fill a ${column.type.kind} column (it fills ${registration.types.join(', ')})`);
  }
  const context: GeneratorContext = { params, table, column, key: streamKey(params.seed, table, column.name), dataset };
  if (column.unique === true && !UNIQUE_KINDS.includes(kind)) {
    throw new DatasetError(`${where}: generator "${kind}" cannot promise unique values; unique works with ${UNIQUE_KINDS.join(', ')}`);
  }
  if (column.unique === true && kind === 'template' && !(column.generator as { template: string }).template.includes('{id')) {
    throw new DatasetError(`${where}: a unique template needs {id} in it`);
  }
  return registration.factory(column.generator as SpecOf<Kind>, context);
}
