import type { DatasetDefinition } from '../dataset/types.ts';
import { UsageError } from '../errors.ts';
import { suggest } from '../suggest.ts';
import { catalog } from './catalog.ts';
import { items } from './items.ts';
import { retail } from './retail.ts';
import { shinyRocks } from './shiny-rocks.ts';
import { transactions } from './transactions.ts';

/** The built-in datasets by name; the first is the default. */
export const DATASETS: readonly DatasetDefinition[] = [items, transactions, retail, catalog, shinyRocks];

/** The name of the dataset `gen` makes when none is named. */
export const DEFAULT_DATASET = items.name;

/**
 * Finds a built-in dataset.
 * @throws {UsageError} naming the known datasets when `name` is not one.
 */
export function findDataset(name: string): DatasetDefinition {
  const dataset = DATASETS.find((d) => d.name === name);
  if (dataset === undefined) {
    const names = DATASETS.map((d) => d.name);
    const hint = suggest(name, names);
    throw new UsageError(
      `unknown dataset "${name}"${hint === undefined ? '' : ` (did you mean ${hint}?)`}; known datasets: ${names.join(', ')} (see gen list)`,
    );
  }
  return dataset;
}
