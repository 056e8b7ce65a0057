/**
 * Baseline: the fastest single-threaded Node loop we could write for the items table, with no engine at
 * all: an inlined xorshift PRNG (sequential, not counter-based), bytes written straight into a reused
 * Buffer (constant parts four bytes per store, as gen does), flushed with writeSync. Same columns and
 * value ranges as `gen`, so rows/s compare.
 *
 * Usage: node dist/bench/baselines/hand-loop.js ROWS ndjson|csv OUTFILE
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const [rowsArg = '1000000', format = 'ndjson', outFile = '/dev/null'] = process.argv.slice(2);
const rows = Number(rowsArg);
const REF = Date.UTC(2026, 0, 1);
const SPAN = 30 * 86_400_000;
const FLUSH = 4 << 20;
const buf = Buffer.allocUnsafeSlow(FLUSH + 1024);
const fd = openSync(outFile, 'w');
const digits = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  digits[i * 2] = 48 + Math.floor(i / 10);
  digits[i * 2 + 1] = 48 + (i % 10);
}
let s0 = 0x9e3779b9 | 0;
let s1 = 0x243f6a88 | 0;
function next(): number {
  // xorshift32-pair step: the cheapest decent PRNG in JS int math
  let x = s0;
  const y = s1;
  s0 = y;
  x ^= x << 23;
  x ^= x >>> 17;
  x ^= y ^ (y >>> 26);
  s1 = x;
  return (x + y) >>> 0;
}
function uint(p: number, n: number): number {
  if (n < 10) {
    buf[p] = 48 + n;
    return p + 1;
  }
  let len = 2;
  for (let b = 100; n >= b; b *= 10) len++;
  let q = p + len;
  while (n >= 100) {
    const d = Math.floor(n / 100);
    const r = (n - d * 100) * 2;
    buf[--q] = digits[r + 1]!;
    buf[--q] = digits[r]!;
    n = d;
  }
  if (n >= 10) {
    buf[--q] = digits[n * 2 + 1]!;
    buf[--q] = digits[n * 2]!;
  } else buf[--q] = 48 + n;
  return p + len;
}
function two(p: number, n: number): void {
  buf[p] = digits[n * 2]!;
  buf[p + 1] = digits[n * 2 + 1]!;
}
const dayCache = new Map<number, Buffer>();
function iso(p: number, ms: number): number {
  const day = Math.floor(ms / 86_400_000);
  let prefix = dayCache.get(day);
  if (prefix === undefined) {
    prefix = Buffer.from(new Date(day * 86_400_000).toISOString().slice(0, 11), 'latin1');
    dayCache.set(day, prefix);
  }
  for (let i = 0; i < 11; i++) buf[p + i] = prefix[i]!;
  let rest = ms - day * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  two(p + 11, h);
  buf[p + 13] = 58;
  two(p + 14, m);
  buf[p + 16] = 58;
  two(p + 17, s);
  buf[p + 19] = 46;
  buf[p + 20] = 48 + Math.floor(milli / 100);
  two(p + 21, milli % 100);
  buf[p + 23] = 90;
  return p + 24;
}
const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
interface Lit {
  readonly bytes: Buffer;
  readonly words: Int32Array;
}
function lit(p: number, l: Lit): number {
  const { bytes, words } = l;
  for (let i = 0; i < words.length; i++) view.setInt32(p + i * 4, words[i]!, true);
  for (let i = words.length * 4; i < bytes.length; i++) buf[p + i] = bytes[i]!;
  return p + bytes.length;
}
const json = format === 'ndjson';
const L = (s: string): Lit => {
  const bytes = Buffer.from(s, 'latin1');
  return { bytes, words: Int32Array.from({ length: bytes.length >> 2 }, (_, i) => bytes.readInt32LE(i * 4)) };
};
const K = json
  ? [
      L('{"id":'),
      L(',"name":"Item '),
      L('","category":"'),
      L('","value":'),
      L(',"quantity":'),
      L(',"is_active":'),
      L(',"created_at":"'),
      L('"}\n'),
    ]
  : [L(''), L(',Item '), L(','), L(','), L(','), L(','), L(','), L('\n')];
const CAT = [65, 66, 67, 68];
const TRUE = L('true');
const FALSE = L('false');
let pos = 0;
if (!json) pos = lit(pos, L('id,name,category,value,quantity,is_active,created_at\n'));
for (let id = 0; id < rows; id++) {
  pos = lit(pos, K[0]!);
  pos = uint(pos, id);
  pos = lit(pos, K[1]!);
  pos = uint(pos, id);
  pos = lit(pos, K[2]!);
  buf[pos++] = CAT[next() >>> 30]!;
  pos = lit(pos, K[3]!);
  const cents = 1000 + Math.floor((next() * 99001) / 4294967296);
  pos = uint(pos, Math.floor(cents / 100));
  buf[pos++] = 46;
  two(pos, cents % 100);
  pos += 2;
  pos = lit(pos, K[4]!);
  pos = uint(pos, 1 + Math.floor((next() * 100) / 4294967296));
  pos = lit(pos, K[5]!);
  pos = lit(pos, next() < 2147483648 ? TRUE : FALSE);
  pos = lit(pos, K[6]!);
  pos = iso(pos, REF - SPAN + Math.floor((next() * SPAN) / 4294967296));
  pos = lit(pos, K[7]!);
  if (pos >= FLUSH) {
    writeSync(fd, buf, 0, pos);
    pos = 0;
  }
}
writeSync(fd, buf, 0, pos);
closeSync(fd);
