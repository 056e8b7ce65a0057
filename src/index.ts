/**
 * shardgen: deterministic, sharded generation of realistic fake data.
 * @packageDocumentation
 */

export type { GenerateEvent, GenerateReport, TableReport } from './coordinator/events.ts';
export { generate } from './coordinator/generate.ts';
export type { GenerateOptions } from './coordinator/options.ts';
export { defineDataset } from './dataset/define.ts';
export type {
  ColumnDefinition,
  ColumnType,
  DatasetDefinition,
  GeneratorSpec,
  TableDefinition,
} from './dataset/types.ts';
export { DATASETS, findDataset } from './datasets/index.ts';
export { FORMATS, type FormatName } from './encoders/formats.ts';
export * from './errors.ts';
export { planRun, type RunPlan } from './planner/run-plan.ts';

import type { CheckOptions, CheckSummary } from './check/check-output.ts';
import type { InitOptions, InitOutput } from './init/init.ts';

export type { InitOptions, InitOutput };

/**
 * A schema file (YAML text) of a live Postgres schema: what `gen init` writes. Loaded on first use, so
 * that the SQL parser it reads CHECK constraints with costs nothing to callers that never use it.
 */
export async function initSchema(options: InitOptions): Promise<InitOutput> {
  return (await import('./init/init.ts')).initSchema(options);
}

export type { CheckOptions, CheckSummary, Finding } from './check/check-output.ts';

/**
 * Checks a directory gen wrote against what gen makes (what `gen check` runs): each finding goes to
 * `onFinding`; the summary counts them per table and kind. Loaded on first use.
 */
export async function checkOutput(options: CheckOptions): Promise<CheckSummary> {
  return (await import('./check/check-output.ts')).checkOutput(options);
}
