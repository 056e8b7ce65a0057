import type { TableDefinition } from '../dataset/types.ts';
import type { EncoderFactory } from '../encoders/index.ts';
import type { Encoder } from '../encoders/types.ts';
import { compileColumn } from '../generators/index.ts';
import { type NullFiller, compileNulls } from '../generators/nulls.ts';
import type { ColumnGenerator, ColumnVector } from '../generators/types.ts';
import type { ChunkResult, ChunkTask, WorkerConfig } from './messages.ts';

interface CompiledTable {
  readonly generators: readonly ColumnGenerator[];
  readonly nullFillers: readonly (NullFiller | null)[];
  readonly encoder: Encoder;
  vectors: ColumnVector[];
  masks: (Uint8Array | null)[];
  capacity: number;
}

/** Generates and encodes chunks of one run; the same code runs inline and in every pool worker. */
export interface ChunkGenerator {
  generate(task: ChunkTask): ChunkResult;
}

function compileTable(table: TableDefinition, config: WorkerConfig, createEncoder: EncoderFactory): CompiledTable {
  const generators = table.columns.map((column) => compileColumn(table.name, column, config.params, config.dataset));
  const nullFillers = table.columns.map((column) => compileNulls(table.name, column, config.params));
  return { generators, nullFillers, encoder: createEncoder(table, config.encoder), vectors: [], masks: [], capacity: -1 };
}

/**
 * Creates the chunk generator of a run (`createEncoder` from `loadEncoderFactory(config.format)`). Tables are
 * compiled on first use; column vectors are allocated once per table and reused.
 * @throws {DatasetError} when a column of the dataset cannot be compiled.
 */
export function createChunkGenerator(config: WorkerConfig, createEncoder: EncoderFactory): ChunkGenerator {
  const tables = new Map<number, CompiledTable>();
  return {
    generate(task) {
      let compiled = tables.get(task.table);
      if (compiled === undefined) {
        compiled = compileTable(config.dataset.tables[task.table]!, config, createEncoder);
        tables.set(task.table, compiled);
      }
      if (compiled.capacity < task.count) {
        compiled.vectors = compiled.generators.map((g) => g.createVector(task.count));
        compiled.masks = compiled.nullFillers.map((f) => (f === null ? null : new Uint8Array(task.count)));
        compiled.capacity = task.count;
      }
      const { generators, nullFillers, vectors, masks } = compiled;
      for (let c = 0; c < generators.length; c++) {
        generators[c]!.fill(task.start, task.count, vectors[c]!);
        nullFillers[c]?.(task.start, task.count, masks[c]!);
      }
      return compiled.encoder.encode({ start: task.start, count: task.count, columns: vectors, nulls: masks }, task.slot);
    },
  };
}
