import { fakerWords } from '../vocabulary/faker-words.ts';
import type { ColumnDefinition } from './types.ts';

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
