/** Parquet compression codecs offered to users (kept apart from the encoder so that options load no wasm). */
export type ParquetCompression = 'snappy' | 'zstd' | 'none';

/** The codecs, in the order help texts list them; the first is the default. */
export const PARQUET_COMPRESSIONS: readonly ParquetCompression[] = ['snappy', 'zstd', 'none'];
