import type { DatasetDefinition } from '../dataset/types.ts';
import { FORMATS, type FormatName, formatOf, formatOptionNames, formatsTaking } from '../encoders/formats.ts';
import type { DatasetColumns, FormatRecord } from '../encoders/types.ts';
import { UsageError } from '../errors.ts';
import { integerIn } from '../option-checks.ts';
import type { Namer } from '../plan/sizing.ts';
import { KEPT_TABLES } from '../worker/kept-tables.ts';
import type { PlanOptions } from './options.ts';

/** The chosen format, its chunk size and its own options (plain data, for the encoders). */
export interface FormatPlan {
  readonly record: FormatRecord<FormatName>;
  readonly chunkRows: number;
  readonly options: Readonly<Record<string, string>>;
}

/** The error for option `key` given with a format that does not take it. */
function onlyFor(key: string, name: Namer): UsageError {
  return new UsageError(`${name(key)} applies to ${name('format')} ${formatsTaking(key).join(' or ')} only`);
}

/** The option of `record`'s chunking that the user may not give for other formats, and the other one. */
function checkChunkOptions(options: PlanOptions, record: FormatRecord<FormatName>, name: Namer): void {
  const own = record.chunking.option;
  if (own === 'rowGroupRows' && options.chunkRows !== undefined) {
    throw new UsageError(
      `${name('chunkRows')} applies to text formats; Parquet chunks are row groups: use ${name('rowGroupRows')}`,
    );
  }
  if (own === 'chunkRows' && options.rowGroupRows !== undefined) throw onlyFor('rowGroupRows', name);
}

/** Each format option given: one the chosen format takes, with one of its values; else the default. */
function formatOptions(options: PlanOptions, record: FormatRecord<FormatName>, name: Namer): Record<string, string> {
  const given = options as Readonly<Record<string, unknown>>;
  for (const key of formatOptionNames()) {
    if (given[key] !== undefined && record.options[key] === undefined) {
      throw onlyFor(key, name);
    }
  }
  return Object.fromEntries(
    Object.entries(record.options).map(([key, values]) => {
      const value = given[key] ?? values[0];
      if (!values.includes(value as string)) {
        throw new UsageError(`${name(key)} must be one of ${values.join(', ')} (got ${JSON.stringify(value)})`);
      }
      return [key, value as string];
    }),
  );
}

/**
 * The columns of the widest table, and of the tables a worker holds at once: what the memory models and
 * chunk defaults count. A worker keeps at most `KEPT_TABLES` tables compiled (`worker/kept-tables.ts`),
 * so of a schema of hundreds of tables only the widest few count: counting all of them, the 218 tables of
 * test/fixtures/corpus/postgrest planned 1,162 MiB (2 workers) for a run that took ~225.
 */
export function datasetColumns(dataset: DatasetDefinition): DatasetColumns {
  const widths = dataset.tables.map((t) => t.columns.length).sort((a, b) => b - a);
  const held = widths.slice(0, KEPT_TABLES);
  return { widest: Math.max(1, widths[0] ?? 0), total: held.reduce((a, b) => a + b, 0) };
}

/**
 * The format of a run and how it is cut into chunks: Parquet's chunks are row groups (`rowGroupRows`), text
 * formats' chunks are `chunkRows` (by default larger for a dataset of few columns, `Chunking.narrow`).
 * @throws {UsageError} naming the option that does not fit the format.
 */
export function planFormat(options: PlanOptions, columns: DatasetColumns, name: Namer): FormatPlan {
  const format = options.format ?? (options.url === undefined ? 'ndjson' : 'pg');
  const record = formatOf(format);
  if (record === undefined) {
    throw new UsageError(`${name('format')} must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(format)})`);
  }
  checkChunkOptions(options, record, name);
  const { option, defaultRows, maxRows, narrow } = record.chunking;
  const hint = `a whole number from 1 to ${maxRows}`;
  const fallback = narrow !== undefined && columns.total <= narrow.columns ? narrow.rows : defaultRows;
  const chunkRows = integerIn(options[option] ?? fallback, 1, maxRows, name(option), hint);
  return { record, chunkRows, options: formatOptions(options, record, name) };
}
