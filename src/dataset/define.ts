import type { DatasetDefinition } from './types.ts';

/**
 * Gives a dataset literal its type, checked by the compiler; does nothing at run time.
 * @example
 * export const items = defineDataset({ name: 'items', version: 1, description: '…', tables: [ ... ] });
 */
export function defineDataset<const T extends DatasetDefinition>(definition: T): T {
  return definition;
}
