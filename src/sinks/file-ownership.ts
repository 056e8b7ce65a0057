import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SinkError } from '../errors.ts';
import { TOOL } from '../version.ts';
import { ioError } from './io-errors.ts';

/** Largest manifest read back; a real one lists a few thousand files at most (~1 KiB each). */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** The files a gen manifest's text lists (relative to it), or null when it is not gen's. */
export function manifestFiles(text: string): Set<string> | null {
  try {
    const manifest = JSON.parse(text) as {
      tool?: { name?: unknown };
      tables?: { file?: unknown }[];
      defects?: { file?: unknown };
    };
    if (manifest.tool?.name !== TOOL.name || !Array.isArray(manifest.tables)) return null;
    const files = [...manifest.tables.map((t) => t.file), manifest.defects?.file];
    return new Set(files.filter((f): f is string => typeof f === 'string'));
  } catch {
    return null;
  }
}

/** The files a gen manifest at `path` lists (relative to `dir`), or null when it is not gen's. */
async function listedFiles(path: string, size: number): Promise<Set<string> | null> {
  if (size > MAX_MANIFEST_BYTES) return null;
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw ioError('read', path, cause);
  });
  return manifestFiles(text);
}

async function kindOf(path: string): Promise<{ kind: 'none' | 'file' | 'directory' | 'other'; size: number }> {
  const found = await lstat(path).catch(() => undefined);
  const kind = found === undefined ? 'none' : found.isDirectory() ? 'directory' : found.isFile() ? 'file' : 'other';
  return { kind, size: found?.size ?? 0 };
}

export function refuse(path: string, why: string): SinkError {
  return new SinkError(`${path} ${why}: gen replaces only files it made; --force replaces it, or choose another --out`);
}

/**
 * Checks, before anything is generated, that every file the run would replace in `dir` is gen's: the
 * manifest `manifestName` is a gen manifest, and it lists each existing file among `files` (paths
 * relative to `dir`). `force` accepts files of any origin; a directory in the way is always an error.
 * @throws {SinkError} naming the first file that is not gen's.
 */
export async function checkOwnership(
  dir: string,
  manifestName: string,
  files: readonly string[],
  force: boolean,
): Promise<void> {
  const manifestPath = join(dir, manifestName);
  const manifest = await kindOf(manifestPath);
  const directoryInTheWay = (path: string): SinkError =>
    ioError('write', path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  if (manifest.kind === 'directory') throw directoryInTheWay(manifestPath);
  const listed =
    manifest.kind === 'none'
      ? new Set<string>()
      : manifest.kind === 'file'
        ? await listedFiles(manifestPath, manifest.size)
        : null;
  if (listed === null && !force) throw refuse(manifestPath, 'was not written by gen');
  for (const file of files) {
    const path = join(dir, file);
    const { kind } = await kindOf(path);
    if (kind === 'directory') throw directoryInTheWay(path);
    if (kind !== 'none' && !force && listed?.has(file) !== true)
      throw refuse(path, `exists, and no gen manifest in ${dir} lists it`);
  }
}
