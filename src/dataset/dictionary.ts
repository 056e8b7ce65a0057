import { fakerWords } from '../vocabulary/faker-words.ts';
import type { ColumnDefinition } from './types.ts';

/**
 * The first `length` characters (code points) of `text`, without the spaces a cut would leave at its end
 * (`New York` in `varchar(4)` is `New`): a column's `length` (`varchar(n)`, `char(n)`) holds every value,
 * and `CHECK (btrim(c) = c)`, common in real schemas, holds too.
 */
export function cutText(text: string, length: number): string {
  const chars = [...text];
  return chars.length <= length ? text : chars.slice(0, length).join('').trimEnd();
}

/**
 * The fixed set of values a text column draws from, when it has one (`choice`, `faker`), cut to the
 * column's `length`: encoders encode each entry once and then copy it per row; Parquet writes these
 * columns dictionary-encoded.
 */
export function dictionaryOf(column: ColumnDefinition): readonly string[] | undefined {
  if (column.type.kind !== 'utf8') return undefined;
  const values =
    column.generator.kind === 'choice'
      ? column.generator.values
      : column.generator.kind === 'faker'
        ? fakerWords(column.generator.data)
        : undefined;
  const length = column.length;
  return values === undefined || length === undefined ? values : values.map((v) => cutText(v, length));
}
