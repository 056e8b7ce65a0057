/** @mongodb-js/zstd 1.2.2's native bindings (`bindings.js`, listed in its package `files`): see codecs.ts. */
declare module '@mongodb-js/zstd/bindings.js' {
  export function compress(data: Buffer, level?: number): Promise<Buffer>;
  export function decompress(data: Buffer): Promise<Buffer>;
}
