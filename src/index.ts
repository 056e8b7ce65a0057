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
