/**
 * Constant byte strings (JSON keys, `true`/`false`, dictionary entries) copied four bytes per store. A byte
 * loop costs ~2.4 ns per byte here: the keys of an items row alone took ~170 ns, ~75 ns this way
 * (measured with a 1e7-row micro-benchmark; DataView stores are inlined by V8's optimizing compiler).
 */
export interface Literal {
  readonly bytes: Uint8Array;
  /** `bytes` as little-endian 32-bit words, the tail (length % 4 bytes) excluded. */
  readonly words: Int32Array;
}

/** Prepares `bytes` for `writeLiteral`. */
export function literal(bytes: Uint8Array): Literal {
  const words = new Int32Array(bytes.length >> 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < words.length; i++) words[i] = view.getInt32(i * 4, true);
  return { bytes, words };
}

/** A `DataView` over all of `buf`, for `writeLiteral`. */
export function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Writes `lit` at `pos` through `view` (a view of `buf`); returns the position after it. */
export function writeLiteral(view: DataView, buf: Uint8Array, pos: number, lit: Literal): number {
  const { bytes, words } = lit;
  let i = 0;
  for (; i < words.length; i++) view.setInt32(pos + i * 4, words[i]!, true);
  for (i *= 4; i < bytes.length; i++) buf[pos + i] = bytes[i]!;
  return pos + bytes.length;
}
