import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { lstat, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ioError } from './io-errors.ts';
import { streamOutput } from './stream-output.ts';
import type { Sink } from './types.ts';

/** Where and how a `FileSink` writes. */
export interface FileSinkConfig {
  /** The directory; created (with parents) when missing. */
  readonly dir: string;
  /** File name extension of the tables, without the dot. */
  readonly extension: string;
  /** Inserted before the extension of every file, e.g. `.shard-02-of-16`; empty when unsharded. */
  readonly suffix: string;
  /** Flush every file (and the directory) to the device before it gets its final name. */
  readonly fsync: boolean;
}

interface Pending {
  readonly temp: string;
  readonly path: string;
  readonly stream: WriteStream;
}

/**
 * One file per table in a directory (per table and day under `table/year=…/month=…/day=…/` when
 * partitioned), all or nothing: each table is written to a hidden temp file
 * (`.items.ndjson.<run>.tmp`), renamed to its final name only when every table of the run is complete, and
 * the manifest is written last the same way. A failed or interrupted run deletes its temp files, so a file
 * under a final name is always whole, and files of an earlier run stay as they were.
 * @throws {SinkError} when the directory cannot be created.
 */
export async function createFileSink(config: FileSinkConfig): Promise<Sink> {
  const { dir, extension, suffix, fsync } = config;
  await mkdir(dir, { recursive: true }).catch((cause: unknown) => {
    throw ioError('create directory', dir, cause);
  });
  const run = randomBytes(4).toString('hex');
  const pending: Pending[] = [];
  const folders = new Set([dir]);
  const tempOf = (name: string, folder = dir): string => join(folder, `.${name}.${run}.tmp`);

  async function openTable(table: string, partition: string | undefined): Promise<Pending> {
    const name = `${table}${suffix}.${extension}`;
    const folder = partition === undefined ? dir : join(dir, table, partition);
    if (!folders.has(folder)) {
      await mkdir(folder, { recursive: true }).catch((cause: unknown) => {
        throw ioError('create directory', folder, cause);
      });
      folders.add(folder);
    }
    const path = join(folder, name);
    const existing = await lstat(path).catch(() => undefined);
    if (existing?.isDirectory()) throw ioError('write', path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
    const temp = tempOf(name, folder);
    const stream = createWriteStream(temp, { flags: 'wx', flush: fsync });
    await new Promise<void>((resolve, reject) => {
      stream.once('ready', resolve).once('error', (cause) => reject(ioError('create', path, cause)));
    });
    return { temp, path, stream };
  }

  async function writeManifest(manifest: unknown): Promise<string> {
    const name = `manifest${suffix}.json`;
    const path = join(dir, name);
    const temp = tempOf(name);
    await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx', flush: fsync }).catch((cause: unknown) => {
      throw ioError('write', path, cause);
    });
    await rename(temp, path).catch((cause: unknown) => {
      throw ioError('rename to', path, cause);
    });
    return path;
  }

  return {
    async open(table, partition) {
      const entry = await openTable(table.name, partition);
      pending.push(entry);
      return { output: streamOutput(entry.stream, (cause) => ioError('write', entry.path, cause), true), path: entry.path };
    },
    async commit(manifest) {
      for (const { temp, path } of pending) {
        await rename(temp, path).catch((cause: unknown) => {
          throw ioError('rename to', path, cause);
        });
      }
      pending.length = 0;
      const manifestPath = await writeManifest(manifest);
      if (fsync) for (const folder of folders) await syncDirectory(folder);
      return manifestPath;
    },
    async abort() {
      const entries = pending.splice(0);
      await Promise.all(entries.map(async ({ temp, stream }) => {
        stream.destroy();
        await rm(temp, { force: true }).catch(() => undefined);
      }));
    },
  };
}

/** Makes renames in `dir` durable (POSIX needs an fsync of the directory itself). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
