import { mix32, type StreamKey, subKey } from './counter-rng.ts';

const ROUNDS = 4;

/**
 * A keyed bijection of `[0, n)` (n ≤ 2^52): a balanced Feistel network over the smallest even number of
 * bits that covers n, with cycle walking for values that land outside (Black & Rogaway, "Ciphers with
 * Arbitrary Finite Domains", 2002). Every row gets a different value, still a pure function of
 * (key, row), in O(1) expected time (the covering domain is < 4n, so < 4 steps on average).
 */
export function permutation(key: StreamKey, n: number): (row: number) => number {
  let bits = 2;
  while (2 ** bits < n) bits += 2;
  const half = bits / 2;
  const size = 2 ** half;
  const mask = size - 1;
  const keys = Array.from({ length: ROUNDS }, (_, i) => subKey(key, 200 + i));
  const round = (x: number): number => {
    let left = Math.floor(x / size);
    let right = x % size;
    for (const k of keys) {
      const next = left ^ (mix32(right ^ k) & mask);
      left = right;
      right = next >>> 0;
    }
    return left * size + right;
  };
  return (row) => {
    let x = round(row);
    while (x >= n) x = round(x);
    return x;
  };
}
