/**
 * Raw 32-bit words of the counter-based generator (`src/random/counter-rng.ts`), for statistical test
 * suites that read a stream from stdin (dieharder's `-g 200`), in three views of the same generator:
 *
 * - `rows`:    one column over consecutive rows: draw(key(seed, table, column), 0, 1, 2, …);
 * - `columns`: one row across consecutive columns: draw(key(seed, table, "c0", "c1", …), row);
 * - `seeds`:   one row of one column across consecutive seeds: draw(key(0, 1, 2, …, table, column), row).
 *
 * Each view is how a column, a row or a set of runs actually reads its values, so a defect that shows in
 * one of them is a defect users would see. Writes little-endian words until stdout closes.
 *
 * Usage: node dist/bench/rng-stream.js rows|columns|seeds [seed]
 */

import {
  drawU32,
  FNV_OFFSET,
  fnvStep,
  foldName,
  hashString,
  mix32,
  seedKey,
  streamKey,
} from '../src/random/counter-rng.ts';

const VIEWS = {
  rows: (seed: number) => {
    const key = streamKey(seed, 'items', 'value');
    return (i: number) => drawU32(key, i);
  },
  // streamKey folds its names one at a time (foldName), so the table's key is the prefix of every column's
  // key: the same keys as streamKey(seed, 'items', `c${i}`), without hashing the seed and table per word.
  // hashString(`c${i}`) is FNV-1a over 'c' and i's decimal digits, then mix32: folded here without the string.
  columns: (seed: number) => {
    const table = streamKey(seed, 'items');
    const afterC = fnvStep(FNV_OFFSET, 0x63);
    const digits = new Uint8Array(16);
    return (i: number) => {
      let n = 0;
      for (let v = i; n === 0 || v > 0; v = Math.floor(v / 10)) digits[n++] = 0x30 + (v % 10);
      let h = afterC;
      while (n > 0) h = fnvStep(h, digits[--n]!);
      return drawU32(foldName(table, mix32(h)), 12345);
    };
  },
  // streamKey(seed + i, 'items', 'value') with the two names hashed once.
  seeds: (seed: number) => {
    const [items, value] = [hashString('items'), hashString('value')];
    return (i: number) => drawU32(foldName(foldName(seedKey(seed + i), items), value), 12345);
  },
} as const;

const WORDS = 1 << 16;

function main(): void {
  const view = process.argv[2] as keyof typeof VIEWS;
  const make = Object.hasOwn(VIEWS, view) ? VIEWS[view] : undefined;
  if (make === undefined) {
    process.stderr.write(`usage: rng-stream ${Object.keys(VIEWS).join('|')} [seed]\n`);
    process.exitCode = 2;
    return;
  }
  const next = make(Number(process.argv[3] ?? 42));
  let i = 0;
  const write = (): void => {
    let more = true;
    while (more) {
      const words = new Uint32Array(WORDS);
      for (let w = 0; w < WORDS; w++) words[w] = next(i++);
      more = process.stdout.write(new Uint8Array(words.buffer));
    }
    process.stdout.once('drain', write);
  };
  // dieharder closes its end when it has read enough: that ends the stream, not an error.
  process.stdout.on('error', () => process.exit(0));
  write();
}

main();
