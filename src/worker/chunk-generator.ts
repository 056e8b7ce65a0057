import type { DatasetDefinition } from '../dataset/types.ts';
import { type CompiledTable, compileDataset } from '../generators/index.ts';
import type { GenerationParams } from '../generators/types.ts';
import type { ColumnVector } from '../vectors/column-vector.ts';
import type { Encoder, EncoderFactory } from './encoder.ts';
import type { ChunkResult, ChunkTask, WorkerConfig } from './messages.ts';

/** A table ready to generate: its compiled columns, its encoder, and vectors reused chunk after chunk. */
interface TableState {
  readonly compiled: CompiledTable;
  readonly encoder: Encoder;
  vectors: ColumnVector[];
  masks: (Uint8Array | null)[];
  capacity: number;
}

/** Generates and encodes chunks of one run; the same code runs inline and in every pool worker. */
export interface ChunkGenerator {
  generate(task: ChunkTask): ChunkResult;
}

/** The compiled tables of a run: given (already compiled by the planner) or compiled here, once. */
function compiledTables(dataset: DatasetDefinition, params: GenerationParams, given?: readonly CompiledTable[]) {
  let tables = given;
  return (index: number): CompiledTable => {
    tables ??= compileDataset(dataset, params);
    return tables[index]!;
  };
}

/**
 * Creates the chunk generator of a run (`createEncoder`: the run's format's). Columns are
 * compiled once (or taken from `compiled`); vectors are allocated once per table and reused.
 * @throws {DatasetError} when a column of the dataset cannot be compiled.
 */
export function createChunkGenerator(
  config: WorkerConfig,
  createEncoder: EncoderFactory,
  compiled?: readonly CompiledTable[],
): ChunkGenerator {
  const tables = new Map<number, TableState>();
  const compile = compiledTables(config.dataset, config.params, compiled);
  const stateOf = (index: number): TableState => {
    let state = tables.get(index);
    if (state === undefined) {
      const encoder = createEncoder(config.dataset.tables[index]!, config.encoder.options);
      state = { compiled: compile(index), encoder, vectors: [], masks: [], capacity: -1 };
      tables.set(index, state);
    }
    return state;
  };
  return {
    generate(task) {
      const state = stateOf(task.table);
      const { generators, nullFillers } = state.compiled;
      if (state.capacity < task.count) {
        state.vectors = generators.map((g) => g.createVector(task.count));
        state.masks = nullFillers.map((f) => (f === null ? null : new Uint8Array(task.count)));
        state.capacity = task.count;
      }
      const { vectors, masks } = state;
      for (let c = 0; c < generators.length; c++) {
        generators[c]!.fill(task.start, task.count, vectors[c]!);
        nullFillers[c]?.(task.start, task.count, masks[c]!);
      }
      const batch = { start: task.start, count: task.count, columns: vectors, nulls: masks };
      return state.encoder.encode(batch, task.slot);
    },
  };
}
