/**
 * Writing ASCII numbers and dates straight into byte buffers: the hot path of every text encoder. Each
 * function takes `(buf, pos, value)` and returns the position after what it wrote; callers make sure the
 * buffer has room (see `MAX_NUMBER_BYTES`). No strings are built per value.
 */

/** Upper bound of the bytes any writer here emits for one value. */
export const MAX_NUMBER_BYTES = 32;

const ZERO = 48;
const DAY_MS = 86_400_000;
/** "00" "01" … "99" as byte pairs: two digits per division, as in fast integer printers. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[i * 2] = ZERO + Math.floor(i / 10);
  PAIRS[i * 2 + 1] = ZERO + (i % 10);
}

/** Copies `src` to `buf[pos..]`; a plain loop beats `set()` for the short literals and keys we copy. */
export function copyBytes(buf: Uint8Array, pos: number, src: Uint8Array): number {
  for (let i = 0; i < src.length; i++) buf[pos + i] = src[i]!;
  return pos + src.length;
}

/** Copies `src[start..end)` to `buf[pos..]`. */
export function copyRange(buf: Uint8Array, pos: number, src: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) buf[pos++] = src[i]!;
  return pos;
}

function digitCount(n: number): number {
  let digits = 1;
  for (let bound = 10; n >= bound && digits < 16; bound *= 10) digits++;
  return n >= 1e16 ? String(n).length : digits;
}

/** Writes the non-negative safe integer `n` in decimal. */
export function writeUint(buf: Uint8Array, pos: number, n: number): number {
  if (n < 10) {
    buf[pos] = ZERO + n;
    return pos + 1;
  }
  if (n < 100) {
    buf[pos] = PAIRS[n * 2]!;
    buf[pos + 1] = PAIRS[n * 2 + 1]!;
    return pos + 2;
  }
  return writeUintPadded(buf, pos, n, 1);
}

/** Writes the non-negative safe integer `n` in decimal, left-padded with zeros to `width` digits. */
export function writeUintPadded(buf: Uint8Array, pos: number, n: number, width: number): number {
  const digits = digitCount(n);
  const end = pos + (digits > width ? digits : width);
  let p = end;
  while (n >= 100) {
    const q = Math.floor(n / 100);
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
  while (p > pos) buf[--p] = ZERO;
  return end;
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
export function writeAscii(buf: Uint8Array, pos: number, text: string): number {
  for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
  return pos;
}

function write2(buf: Uint8Array, pos: number, n: number): void {
  buf[pos] = PAIRS[n * 2]!;
  buf[pos + 1] = PAIRS[n * 2 + 1]!;
}

/** A direct-mapped cache of `YYYY-MM-DDT` per day number: rows of a chunk share few days. */
const DATE_CACHE_SIZE = 256;
const cachedDays = new Float64Array(DATE_CACHE_SIZE).fill(NaN);
const cachedDates = new Uint8Array(DATE_CACHE_SIZE * 11);

/** Fills `cachedDates` slot `slot` with day `days` as `YYYY-MM-DDT`. */
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
  const at = slot * 11;
  write2(cachedDates, at, Math.floor(year / 100));
  write2(cachedDates, at + 2, year % 100);
  cachedDates[at + 4] = 45; // '-'
  write2(cachedDates, at + 5, month);
  cachedDates[at + 7] = 45;
  write2(cachedDates, at + 8, day);
  cachedDates[at + 10] = 84; // 'T'
  cachedDays[slot] = days;
}

/** Writes epoch milliseconds as ISO-8601 UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ` (24 bytes), for years 0-9999. */
export function writeIsoTimestamp(buf: Uint8Array, pos: number, ms: number): number {
  const days = Math.floor(ms / DAY_MS);
  const slot = days & (DATE_CACHE_SIZE - 1);
  if (cachedDays[slot] !== days) cacheDate(days, slot);
  const at = slot * 11;
  for (let i = 0; i < 11; i++) buf[pos + i] = cachedDates[at + i]!;
  let rest = ms - days * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  write2(buf, pos + 11, hours);
  buf[pos + 13] = 58; // ':'
  write2(buf, pos + 14, minutes);
  buf[pos + 16] = 58;
  write2(buf, pos + 17, seconds);
  buf[pos + 19] = 46; // '.'
  buf[pos + 20] = ZERO + Math.floor(millis / 100);
  write2(buf, pos + 21, millis % 100);
  buf[pos + 23] = 90; // 'Z'
  return pos + 24;
}
