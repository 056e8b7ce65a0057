/**
 * shardgen: deterministic, sharded generation of realistic fake data.
 * @packageDocumentation
 */
export { generate } from './coordinator/generate.ts';
export { planRun, type RunPlan } from './planner/run-plan.ts';
export type { GenerateOptions } from './coordinator/options.ts';
export type { GenerateEvent, GenerateReport, TableReport } from './coordinator/events.ts';
export { defineDataset } from './dataset/define.ts';
export type { ColumnDefinition, ColumnType, DatasetDefinition, GeneratorSpec, TableDefinition } from './dataset/types.ts';
export { DATASETS, findDataset } from './datasets/index.ts';
export { FORMATS, type FormatName } from './encoders/formats.ts';
export * from './errors.ts';
