import { type CompiledTable, compileTable } from '../generators/index.ts';
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
  const stateOf = (index: number): TableState => {
    let state = tables.get(index);
    if (state === undefined) {
      const table = config.dataset.tables[index]!;
      // A worker compiles only the tables it is given chunks of; an inline run takes the planner's.
      const columns = compiled?.[index] ?? compileTable(config.dataset, table, config.params);
      state = {
        compiled: columns,
        encoder: createEncoder(table, config.encoder.options),
        vectors: [],
        masks: [],
        capacity: -1,
      };
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
