import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { createXXHash128 } from 'hash-wasm';
import { UsageError } from './errors.ts';

/**
 * The checksums a manifest can hold, written as `algorithm:hex` (the digest form of the OCI image spec,
 * https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests), so a reader knows which
 * tool verifies it:
 * - `xxh128` (the default): XXH3's 128-bit hash of the whole file, as `xxh128sum` (Debian's `xxhash`)
 *   prints it. hash-wasm's build runs at 5.3 GiB/s here against 1.19 GiB/s for OpenSSL's SHA-256 with
 *   SHA-NI: 0.24 CPU-s instead of 1.08 for 1e7 NDJSON rows (1.29 GiB), a fifth of that run's CPU.
 * - `sha256`: as `sha256sum` prints it, for pipelines that demand a cryptographic digest.
 */
export const CHECKSUM_ALGORITHMS = ['xxh128', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** The hash of one stream of bytes, fed in order. */
export interface Checksum {
  update(bytes: Uint8Array): void;
  /** `algorithm:hex`; the checksum is spent after it. */
  digest(): string;
}

/** A fresh checksum of `algorithm` (async: the xxh128 WebAssembly module is compiled on first use). */
export async function createChecksum(algorithm: ChecksumAlgorithm): Promise<Checksum> {
  if (algorithm === 'sha256') {
    const hash = createHash('sha256');
    return { update: (bytes) => hash.update(bytes), digest: () => `sha256:${hash.digest('hex')}` };
  }
  const hash = await xxh128Module().createXXHash128();
  hash.init();
  return {
    update: (bytes) => {
      hash.update(bytes);
    },
    digest: () => `xxh128:${hash.digest('hex')}`,
  };
}

/**
 * hash-wasm's xxh128 build alone (20 KB), required when first used. Its package entry is a 284 KB UMD
 * file of every algorithm, which an ES import hands to Node's CommonJS export scanner on every thread that
 * loads this module: ~20 ms of the coordinator's start-up, and a scanner hot enough to be optimised in each
 * thread (~60 ms of compiler threads each, `node --trace-opt`). `require` runs the file without the scan.
 */
function xxh128Module(): { createXXHash128: typeof createXXHash128 } {
  return createRequire(import.meta.url)('hash-wasm/dist/xxhash128.umd.min.js');
}

/** The algorithm of a checksum `createChecksum` wrote, or null for anything else. */
export function checksumAlgorithm(checksum: string): ChecksumAlgorithm | null {
  const name = checksum.slice(0, checksum.indexOf(':'));
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(name) ? (name as ChecksumAlgorithm) : null;
}

/**
 * The `checksum` option checked (default `xxh128`): an algorithm, or null for `none`.
 * @throws {UsageError} naming the option (`name`) when it is neither.
 */
export function checksumOption(value: unknown, name: string): ChecksumAlgorithm | null {
  if (value === undefined) return 'xxh128';
  if (value === 'none') return null;
  if (!(CHECKSUM_ALGORITHMS as readonly unknown[]).includes(value))
    throw new UsageError(
      `${name} must be one of ${[...CHECKSUM_ALGORITHMS, 'none'].join(', ')} (got ${JSON.stringify(value)})`,
    );
  return value as ChecksumAlgorithm;
}
