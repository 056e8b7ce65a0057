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
 * The files the gen manifests among `names` list (`manifestOf`'s names: one per shard and run of days),
 * `own` (the manifest the run writes) read first, the others only until `enough(listed)`; and whether
 * `own` is gen's, or absent. `read` gives a manifest's text, or null when there is none. Files and object
 * stores alike.
 */
export async function listedByManifests(
  names: readonly string[],
  own: string,
  read: (name: string) => Promise<string | null>,
  enough: (listed: ReadonlySet<string>) => boolean,
): Promise<{ listed: Set<string>; ownIsGens: boolean }> {
  const listed = new Set<string>();
  let ownIsGens = true;
  const others = names.filter((n) => n !== own && MANIFEST_NAME.test(n));
  for (const name of [...(names.includes(own) ? [own] : []), ...others]) {
    if (name !== own && enough(listed)) break;
    const text = await read(name);
    const files = text === null ? null : manifestFiles(text);
    if (files === null && name === own && text !== null) ownIsGens = false;
    for (const file of files ?? []) listed.add(file);
  }
  return { listed, ownIsGens };
}

/** A local manifest's text: none for a missing one, empty (not gen's) for one too large or not a file. */
async function readManifest(dir: string, name: string, own: string): Promise<string | null> {
  const path = join(dir, name);
  const found = await kindOf(path);
  if (found.kind === 'directory' && name === own) throw directoryInTheWay(path);
  if (found.kind === 'none') return null;
  if (found.kind !== 'file' || found.size > MAX_MANIFEST_BYTES) return '';
  return readFile(path, 'utf8').catch((cause: unknown) => {
    throw ioError('read', path, cause);
  });
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
  const names = await readdir(dir).catch(() => [] as string[]);
  const { listed, ownIsGens } = await listedByManifests(
    names,
    manifestName,
    (name) => readManifest(dir, name, manifestName),
    () => false,
  );
  if (!ownIsGens && !force) throw refuse(join(dir, manifestName), 'was not written by gen');
  for (const file of files) {
    const path = join(dir, file);
    const { kind } = await kindOf(path);
    if (kind === 'directory') throw directoryInTheWay(path);
    if (kind !== 'none' && !force && !listed.has(file))
      throw refuse(path, `exists, and no gen manifest in ${dir} lists it`);
  }
}
