import { csvFormat } from './csv.ts';
import { jsonFormat } from './json.ts';
import { ndjsonFormat } from './ndjson.ts';
import { parquetFormat } from './parquet-format.ts';
import { pgFormat } from './pg-binary.ts';
import type { FormatRecord } from './types.ts';

/** Every output format, one line each, in the order help texts list them; the first is the default. */
const FORMAT_RECORDS = [ndjsonFormat, csvFormat, parquetFormat, pgFormat, jsonFormat] as const;

/** The output formats; `pg` is PostgreSQL's binary COPY format, loaded by the Postgres sink. */
export type FormatName = (typeof FORMAT_RECORDS)[number]['name'];

/** The format names, in the order help texts list them. */
export const FORMATS: readonly FormatName[] = FORMAT_RECORDS.map((f) => f.name);

/** The record of format `name`, or undefined when there is none. */
export function formatOf(name: unknown): FormatRecord<FormatName> | undefined {
  return FORMAT_RECORDS.find((f) => f.name === name);
}

/** Every format's own options (e.g. `compression`), for checking that the chosen format takes them. */
export function formatOptionNames(): string[] {
  return [...new Set(FORMAT_RECORDS.flatMap((f) => Object.keys(f.options)))];
}

/** The formats that take option `key`: as their own option, or as their chunk size. */
export function formatsTaking(key: string): FormatName[] {
  return FORMAT_RECORDS.filter((f) => Object.hasOwn(f.options, key) || f.chunking.option === key).map((f) => f.name);
}
