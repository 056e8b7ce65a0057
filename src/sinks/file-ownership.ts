import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SinkError } from '../errors.ts';
import { TOOL } from '../version.ts';
import { ioError } from './io-errors.ts';
import { MANIFEST_NAME } from './output-names.ts';

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

const directoryInTheWay = (path: string): SinkError =>
  ioError('write', path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));

/**
 * The files every gen manifest in `dir` lists (`manifestOf`'s names: one per shard and run of days), and
 * whether `own`, the manifest the run writes, is gen's (or absent).
 */
async function filesOfManifests(dir: string, own: string): Promise<{ listed: Set<string>; ownIsGens: boolean }> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => MANIFEST_NAME.test(n) || n === own);
  const listed = new Set<string>();
  let ownIsGens = true;
  for (const name of names) {
    const path = join(dir, name);
    const found = await kindOf(path);
    if (found.kind === 'directory' && name === own) throw directoryInTheWay(path);
    const files = found.kind === 'file' ? await listedFiles(path, found.size) : null;
    if (files === null && name === own) ownIsGens = false;
    for (const file of files ?? []) listed.add(file);
  }
  return { listed, ownIsGens };
}

/**
 * Checks, before anything is generated, that every file the run would replace in `dir` is gen's: a gen
 * manifest in `dir` lists it (paths relative to `dir`), and `manifestName`, the manifest the run writes,
 * is gen's if it exists. `force` accepts files of any origin; a directory in the way is always an error.
 * @throws {SinkError} naming the first file that is not gen's.
 */
export async function checkOwnership(
  dir: string,
  manifestName: string,
  files: readonly string[],
  force: boolean,
): Promise<void> {
  const { listed, ownIsGens } = await filesOfManifests(dir, manifestName);
  if (!ownIsGens && !force) throw refuse(join(dir, manifestName), 'was not written by gen');
  for (const file of files) {
    const path = join(dir, file);
    const { kind } = await kindOf(path);
    if (kind === 'directory') throw directoryInTheWay(path);
    if (kind !== 'none' && !force && !listed.has(file))
      throw refuse(path, `exists, and no gen manifest in ${dir} lists it`);
  }
}
