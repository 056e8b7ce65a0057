import type { ColumnGenerator, ColumnRead, ColumnSource, NullFiller } from './types.ts';

/**
 * A column source over a compiled generator and its NULL filler (`types.ts`): buffers grown to the largest
 * read, and the rows of the last read remembered so that a repeat costs nothing.
 */
export function cachedSource(generator: ColumnGenerator, nulls: NullFiller | null): ColumnSource {
  const view: { vector: ColumnRead['vector']; mask: Uint8Array | null } = {
    vector: generator.createVector(0),
    mask: nulls === null ? null : new Uint8Array(0),
  };
  let capacity = 0;
  let first = -1;
  let held = -1;
  return {
    nullable: nulls !== null,
    createVector: (n) => generator.createVector(n),
    read(start, count) {
      if (start === first && count === held) return view;
      if (capacity < count) {
        view.vector = generator.createVector(count);
        if (nulls !== null) view.mask = new Uint8Array(count);
        capacity = count;
      }
      first = -1; // not valid while it is being filled
      generator.fill(start, count, view.vector);
      nulls?.(start, count, view.mask!);
      first = start;
      held = count;
      return view;
    },
    holds: (start, count) => start === first && count === held,
  };
}
