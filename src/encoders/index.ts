import type { TableDefinition } from '../dataset/types.ts';
import { createCsvEncoder } from './csv.ts';
import { createNdjsonEncoder } from './ndjson.ts';
import type { Encoder, FormatName } from './types.ts';

const ENCODERS: { readonly [F in FormatName]: (table: TableDefinition) => Encoder } = {
  ndjson: createNdjsonEncoder,
  csv: createCsvEncoder,
};

/** The formats `createEncoder` knows, in the order help texts list them. */
export const FORMATS = Object.keys(ENCODERS) as FormatName[];

/** File name extension of each format. */
export const FORMAT_EXTENSIONS: { readonly [F in FormatName]: string } = { ndjson: 'ndjson', csv: 'csv' };

/** Creates the encoder of `format` for `table`. */
export function createEncoder(format: FormatName, table: TableDefinition): Encoder {
  return ENCODERS[format](table);
}
