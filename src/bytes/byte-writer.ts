import { DAY_MS } from '../dates.ts';

/**
 * Writing ASCII numbers and dates straight into byte buffers: the hot path of every text encoder. Each
 * function takes `(buf, pos, value)` and returns the position after what it wrote; callers make sure the
 * buffer has room (see `MAX_NUMBER_BYTES`). No strings are built per value.
 */

/** Upper bound of the bytes any writer here emits for one value. */
export const MAX_NUMBER_BYTES = 32;

const ZERO = 48;
/** "00" "01" … "99" as byte pairs: two digits per division, as in fast integer printers. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[i * 2] = ZERO + Math.floor(i / 10);
  PAIRS[i * 2 + 1] = ZERO + (i % 10);
}

/**
 * Copies `src[start..end)` to `buf[pos..]`, four bytes per load and store through `srcView` and `view`
 * (DataViews of all of `src` and `buf`), the tail byte by byte: `encode csv` of `items` went from 23.1 to
 * 21.5 ns a value with it (medians of 9, `node dist/bench/micro-columns.js 'encode csv'`, each build in
 * turn). `buf.set` of a subarray pays a call into the runtime per value, which short values cannot repay.
 */
export function copyRange(
  view: DataView,
  buf: Uint8Array,
  pos: number,
  srcView: DataView,
  src: Uint8Array,
  start: number,
  end: number,
): number {
  let i = start;
  for (; i + 4 <= end; i += 4, pos += 4) view.setInt32(pos, srcView.getInt32(i, true), true);
  for (; i < end; i++) buf[pos++] = src[i]!;
  return pos;
}

/** Decimal digits of a non-negative safe integer, by comparisons (cheaper than a loop of multiplies). */
function digitCount(n: number): number {
  if (n < 1e8) {
    if (n < 1e4) return n < 100 ? (n < 10 ? 1 : 2) : n < 1000 ? 3 : 4;
    return n < 1e6 ? (n < 1e5 ? 5 : 6) : n < 1e7 ? 7 : 8;
  }
  if (n < 1e12) return n < 1e10 ? (n < 1e9 ? 9 : 10) : n < 1e11 ? 11 : 12;
  return n < 1e14 ? (n < 1e13 ? 13 : 14) : n < 1e15 ? 15 : n < 1e16 ? 16 : 17;
}

/** Below this, integers are done in 32-bit arithmetic (see `digitsBefore`). */
const INT32_LIMIT = 2147483648;

/** Writes the non-negative safe integer `n` in decimal. */
export function writeUint(buf: Uint8Array, pos: number, n: number): number {
  if (n < 10) {
    buf[pos] = ZERO + n;
    return pos + 1;
  }
  if (n >= INT32_LIMIT) return writeUintPadded(buf, pos, n, 1);
  const end = pos + digitCount(n);
  digitsBefore(buf, end, n | 0);
  return end;
}

/** Writes the non-negative safe integer `n` in decimal, left-padded with zeros to `width` digits. */
export function writeUintPadded(buf: Uint8Array, pos: number, n: number, width: number): number {
  const end = pos + Math.max(digitCount(n), width);
  let p: number;
  if (n < INT32_LIMIT) {
    p = digitsBefore(buf, end, n | 0);
  } else {
    // The low 8 digits, zero-padded, then the rest: both parts fit 32 bits.
    const high = Math.floor(n / 1e8);
    for (p = digitsBefore(buf, end, (n - high * 1e8) | 0); p > end - 8; ) buf[--p] = ZERO;
    p = digitsBefore(buf, p, high);
  }
  while (p > pos) buf[--p] = ZERO;
  return end;
}

/**
 * Writes the digits of the 32-bit integer `n` (>= 0) so that they end at `end`; returns where they start.
 * `(n / 100) | 0` on an int32 compiles to a multiply by V8's optimizing compiler, where `Math.floor` of a
 * float64 is a division: 16 against 25-35 ns for a 7-digit id (bench/micro.ts measures the writers).
 */
function digitsBefore(buf: Uint8Array, end: number, n: number): number {
  let p = end;
  while (n >= 100) {
    const q = (n / 100) | 0;
    const r = (n - q * 100) * 2;
    buf[--p] = PAIRS[r + 1]!;
    buf[--p] = PAIRS[r]!;
    n = q;
  }
  if (n >= 10) {
    buf[--p] = PAIRS[n * 2 + 1]!;
    buf[--p] = PAIRS[n * 2]!;
  } else {
    buf[--p] = ZERO + n;
  }
  return p;
}

/** Writes the safe integer `n` (any sign) in decimal. */
export function writeInt(buf: Uint8Array, pos: number, n: number): number {
  if (n < 0) {
    buf[pos++] = 45; // '-'
    n = -n;
  }
  return writeUint(buf, pos, n);
}

/** Writes `value` with exactly `scale` decimals (`127.50`); `unit` is `10 ** scale`. */
export function writeFixed(buf: Uint8Array, pos: number, value: number, scale: number, unit: number): number {
  let units = Math.round(value * unit);
  if (units < 0) {
    buf[pos++] = 45;
    units = -units;
  }
  if (units < INT32_LIMIT) {
    // Money and most decimals: 32-bit arithmetic throughout (see `digitsBefore`).
    // Cents divide by a constant, which compiles to a multiply.
    const whole = (scale === 2 ? (units | 0) / 100 : (units | 0) / unit) | 0;
    pos = writeUint(buf, pos, whole);
    if (scale === 0) return pos;
    buf[pos] = 46; // '.'
    const fraction = (units | 0) - whole * unit;
    if (scale !== 2) return writeUintPadded(buf, pos + 1, fraction, scale);
    buf[pos + 1] = PAIRS[fraction * 2]!; // cents, the common case
    buf[pos + 2] = PAIRS[fraction * 2 + 1]!;
    return pos + 3;
  }
  if (!Number.isSafeInteger(units)) return writeAscii(buf, pos, Math.abs(value).toFixed(scale));
  if (scale === 0) return writeUint(buf, pos, units);
  const whole = Math.floor(units / unit);
  pos = writeUint(buf, pos, whole);
  buf[pos++] = 46; // '.'
  return writeUintPadded(buf, pos, units - whole * unit, scale);
}

/** Writes a float the way JavaScript prints it (shortest round-trip form); non-finite values as `null`. */
export function writeFloat(buf: Uint8Array, pos: number, value: number): number {
  return writeAscii(buf, pos, Number.isFinite(value) ? String(value) : 'null');
}

/** Writes an ASCII string byte by byte. */
function writeAscii(buf: Uint8Array, pos: number, text: string): number {
  for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
  return pos;
}

/** Writes `n` (0-99) as two digits. */
export function write2(buf: Uint8Array, pos: number, n: number): void {
  buf[pos] = PAIRS[n * 2]!;
  buf[pos + 1] = PAIRS[n * 2 + 1]!;
}

/** A direct-mapped cache of `YYYY-MM-DDT` per day number (as three little-endian words): rows share few days. */
const DATE_CACHE_SIZE = 256;
const cachedDays = new Float64Array(DATE_CACHE_SIZE).fill(Number.NaN);
const cachedDates = new Int32Array(DATE_CACHE_SIZE * 3);
/** `HH:MM:` for every minute of a day, as two little-endian words (the last two bytes are overwritten). */
const MINUTES = new Int32Array(1440 * 2);

function word(bytes: readonly number[]): number {
  return bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24) | 0;
}

function digits2(n: number): number[] {
  return [ZERO + Math.floor(n / 10), ZERO + (n % 10)];
}

for (let m = 0; m < 1440; m++) {
  const text = [...digits2(Math.floor(m / 60)), 58, ...digits2(m % 60), 58, 0, 0];
  MINUTES[m * 2] = word(text);
  MINUTES[m * 2 + 1] = word(text.slice(4));
}

/** Fills slot `slot` of the date cache with day `days` as `YYYY-MM-DDT`. */
function cacheDate(days: number, slot: number): void {
  // Howard Hinnant's civil_from_days: https://howardhinnant.github.io/date_algorithms.html#civil_from_days
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const text = [
    ...digits2(Math.floor(year / 100)),
    ...digits2(year % 100),
    45,
    ...digits2(month),
    45,
    ...digits2(day),
    84,
    0,
  ];
  for (let i = 0; i < 3; i++) cachedDates[slot * 3 + i] = word(text.slice(i * 4));
  cachedDays[slot] = days;
}

/**
 * Writes epoch milliseconds as ISO-8601 UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ` (24 bytes), for years 0-9999,
 * through `view` (a DataView of `buf`). The date and `HH:MM:` come from caches as whole words, which
 * write a few bytes past their part; the next part overwrites them.
 */
export function writeIsoTimestamp(view: DataView, buf: Uint8Array, pos: number, ms: number): number {
  const days = Math.floor(ms / DAY_MS);
  writeDay(view, pos, days); // `YYYY-MM-DDT`: the cached words end with the 'T'
  pos = writeIsoTime(view, buf, pos + 11, ms - days * DAY_MS);
  buf[pos] = 90; // 'Z'
  return pos + 1;
}

/** Writes epoch day `days` as `YYYY-MM-DDT` from the cache (12 bytes written; the 12th is written over). */
function writeDay(view: DataView, pos: number, days: number): void {
  const slot = days & (DATE_CACHE_SIZE - 1);
  if (cachedDays[slot] !== days) cacheDate(days, slot);
  view.setInt32(pos, cachedDates[slot * 3]!, true);
  view.setInt32(pos + 4, cachedDates[slot * 3 + 1]!, true);
  view.setInt32(pos + 8, cachedDates[slot * 3 + 2]!, true);
}

/** Writes the UTC day of epoch milliseconds `ms` as `YYYY-MM-DD` (10 bytes; 2 more are written over). */
export function writeIsoDate(view: DataView, pos: number, ms: number): number {
  writeDay(view, pos, Math.floor(ms / DAY_MS));
  return pos + 10;
}

const SCRATCH = new Uint8Array(32);
const SCRATCH_VIEW = new DataView(SCRATCH.buffer);

/**
 * Writes epoch milliseconds day first, `DD/MM/YYYY` (and ` HH:MM:SS` with `time`): a date as many
 * spreadsheets and locales write it, which ISO-8601 readers refuse; `--dirty`'s malformed date.
 */
export function writeDayFirst(buf: Uint8Array, pos: number, ms: number, time: boolean): number {
  const iso = SCRATCH;
  writeIsoTimestamp(SCRATCH_VIEW, iso, 0, ms); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const day = [iso[8]!, iso[9]!, 47, iso[5]!, iso[6]!, 47, iso[0]!, iso[1]!, iso[2]!, iso[3]!]; // 47 is '/'
  buf.set(day, pos);
  if (!time) return pos + day.length;
  buf[pos + day.length] = 32; // ' '
  buf.set(iso.subarray(11, 19), pos + day.length + 1); // HH:MM:SS
  return pos + day.length + 9;
}

/** Writes milliseconds since midnight as `HH:MM:SS.mmm` (12 bytes). */
export function writeIsoTime(view: DataView, buf: Uint8Array, pos: number, inDay: number): number {
  const minute = Math.floor(inDay / 60_000);
  view.setInt32(pos, MINUTES[minute * 2]!, true);
  view.setInt32(pos + 4, MINUTES[minute * 2 + 1]!, true);
  const inMinute = inDay - minute * 60_000;
  const seconds = Math.floor(inMinute / 1000);
  const millis = inMinute - seconds * 1000;
  write2(buf, pos + 6, seconds);
  buf[pos + 8] = 46; // '.'
  const hundreds = Math.floor(millis / 100);
  buf[pos + 9] = ZERO + hundreds;
  write2(buf, pos + 10, millis - hundreds * 100);
  return pos + 12;
}
