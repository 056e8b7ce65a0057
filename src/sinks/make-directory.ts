import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ioError } from './io-errors.ts';

/**
 * `mkdir -p`, one level at a time, recording in `created` (outermost first) every directory it made, so
 * that a failed run can remove them again. Node's own `mkdir({ recursive: true })` loops forever on a path
 * such as `/proc/x`, where the parent exists and `mkdir` still answers ENOENT; here that is an error.
 * @throws {SinkError} naming the directory that could not be made.
 */
export async function makeDirectory(dir: string, created: string[]): Promise<void> {
  try {
    await mkdir(dir);
    created.push(dir);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return checkDirectory(dir, error);
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw ioError('create directory', dir, error);
  }
  await makeDirectory(dirname(dir), created);
  try {
    await mkdir(dir);
    created.push(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError('create directory', dir, error);
    await checkDirectory(dir, error);
  }
}

async function checkDirectory(dir: string, error: unknown): Promise<void> {
  const found = await stat(dir).catch(() => undefined);
  if (found?.isDirectory() !== true) throw ioError('create directory', dir, error);
}
