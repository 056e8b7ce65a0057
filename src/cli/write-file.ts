import { link, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.ts';
import { ioError } from '../sinks/io-errors.ts';

/**
 * Writes `text` to `path` whole or not at all: into a hidden temp file beside it, then linked to its name
 * (which fails if a file is there, with no window in which another could appear) or, with `force`,
 * renamed over it.
 * @throws {UsageError} when `path` exists and `force` is not set; an I/O error otherwise.
 */
export async function writeNewFile(path: string, text: string, force: boolean): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(temp, text, { flag: 'wx' }).catch((cause: unknown) => {
    throw ioError('write', temp, cause);
  });
  try {
    if (force) await rename(temp, path);
    else
      await link(temp, path).catch((cause: unknown) => {
        if ((cause as { code?: string }).code === 'EEXIST')
          throw new UsageError(
            `${path} exists; gen replaces no file it did not make: --force replaces it, or name another --out`,
          );
        throw ioError('write', path, cause);
      });
  } finally {
    await rm(temp, { force: true });
  }
}
