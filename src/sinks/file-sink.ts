import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { lstat, open, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.ts';
import { acquireLock, type JournalEntry, type LockOptions, type OutputLock } from './dir-lock.ts';
import { placeFiles, recover } from './file-commit.ts';
import { checkOwnership } from './file-ownership.ts';
import { ioError } from './io-errors.ts';
import { makeDirectory } from './make-directory.ts';
import { manifestOf, partitionDays, relativeFile, shardSuffix } from './output-names.ts';
import { streamOutput } from './stream-output.ts';
import type { Sink, SinkRecord, SinkRun } from './types.ts';

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
  /** Every table (and day partition) the run writes: checked before anything is generated. */
  readonly outputs: readonly { readonly table: string; readonly partition?: string }[];
  /** Files beside the tables, checked too. */
  readonly sideFiles: SinkRun['sideFiles'];
  /** Replace files that gen did not make. */
  readonly force: boolean;
  /** Waiting for another run writing the same files. */
  readonly lock: Omit<LockOptions, 'what'>;
  /** The manifest's name (`manifestOf`). */
  readonly manifest: string;
}

interface Pending {
  readonly temp: string;
  readonly path: string;
  readonly stream: WriteStream;
}

/** A hidden temp file of some run: `.<name>.<run>.tmp`, or a commit's backup `.<name>.<run>.old`. */
const LEFTOVER = /^\.(.+)\.([0-9a-f]{8})\.(tmp|old)$/;
/** Day partitions are `table/year=…/month=…/day=…`: leftovers are never deeper. */
const MAX_DEPTH = 4;

/** Removes the temp files and backups of run `run` anywhere under `dir` (a dead run's leftovers). */
async function sweepRun(dir: string, run: string, depth = 0): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth < MAX_DEPTH) await sweepRun(path, run, depth + 1);
    else if (LEFTOVER.exec(entry.name)?.[2] === run) await rm(path, { force: true }).catch(() => undefined);
  }
}

/** Removes temp files of other runs for file `name` in `folder`: this run holds the lock for that name. */
async function sweepName(folder: string, name: string, run: string): Promise<void> {
  const entries = await readdir(folder).catch(() => []);
  for (const entry of entries) {
    const match = LEFTOVER.exec(entry);
    if (match?.[1] === name && match[2] !== run && match[3] === 'tmp')
      await rm(join(folder, entry), { force: true }).catch(() => undefined);
  }
}

/**
 * Takes the output's lock (one per directory and shard), finishes or undoes a dead run's commit, clears
 * its temp files, and checks that every file the run replaces is gen's; releases the lock if any fails.
 */
async function prepare(config: FileSinkConfig, run: string, created: string[]): Promise<OutputLock> {
  const { dir, suffix, extension } = config;
  await makeDirectory(dir, created);
  const lock = await acquireLock(join(dir, `.shardgen${suffix}.lock`), run, { ...config.lock, what: `${dir}/` });
  try {
    await recover(lock.previous);
    if (lock.previous !== null) await sweepRun(dir, lock.previous.run);
    const files = [
      ...config.outputs.map((o) => relativeFile(o.table, o.partition, suffix, extension)),
      ...config.sideFiles.map((f) => relativeFile(f.base, undefined, suffix, f.extension)),
    ];
    await checkOwnership(dir, config.manifest, files, config.force);
    return lock;
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function openTemp(path: string, temp: string, fsync: boolean): Promise<WriteStream> {
  const stream = createWriteStream(temp, { flags: 'wx', flush: fsync });
  await new Promise<void>((resolve, reject) => {
    stream.once('ready', resolve).once('error', (cause) => reject(ioError('create', path, cause)));
  });
  return stream;
}

/** Removes the directories a failed run created, innermost first; a folder that is not empty stays. */
async function removeCreated(created: string[]): Promise<void> {
  for (const folder of created.splice(0).reverse()) await rmdir(folder).catch(() => undefined);
}

/**
 * One file per table in a directory (per table and day under `table/year=…/month=…/day=…/` when
 * partitioned), all or nothing (`file-commit.ts`): each table is written to a hidden temp file
 * (`.items.ndjson.<run>.tmp`), and the commit renames them all, the manifest last. A failed or
 * interrupted run deletes its temp files and the folders it made, so a file under a final name is always
 * whole, and files of an earlier run stay as they were. One run at a time writes a directory's files
 * (a lock file per shard suffix, `.shardgen.lock`), and only files that gen made are replaced.
 * @throws {SinkError} when the directory cannot be created, another run holds it, or a file is not gen's.
 */
export async function createFileSink(config: FileSinkConfig): Promise<Sink> {
  const { dir, extension, suffix, fsync } = config;
  const run = randomBytes(4).toString('hex');
  const created: string[] = [];
  const lock = await prepare(config, run, created).catch(async (error: unknown) => {
    await removeCreated(created);
    throw error;
  });
  const pending: Pending[] = [];
  const folders = new Set([dir]);
  const manifestName = config.manifest;
  const tempOf = (folder: string, name: string, kind = 'tmp'): string => join(folder, `.${name}.${run}.${kind}`);

  async function openTable(table: string, partition: string | undefined, ext: string): Promise<Pending> {
    const path = join(dir, relativeFile(table, partition, suffix, ext));
    const folder = dirname(path);
    const name = basename(path);
    if (!folders.has(folder)) {
      await makeDirectory(folder, created);
      folders.add(folder);
    }
    await sweepName(folder, name, run);
    const temp = tempOf(folder, name);
    return { temp, path, stream: await openTemp(path, temp, fsync) };
  }

  /** A file of the run (a table's, a partition's, or one beside them), staged until the commit. */
  async function openOutput(name: string, partition: string | undefined, ext: string) {
    const entry = await openTable(name, partition, ext);
    pending.push(entry);
    const output = streamOutput(entry.stream, (cause) => ioError('write', entry.path, cause), true);
    return { output, path: entry.path, file: relativeFile(name, partition, suffix, ext) };
  }

  /** Writes the manifest's temp file; returns the journal: every table's rename, then the manifest's (the commit point). */
  async function journalOf(manifest: unknown): Promise<JournalEntry[]> {
    const path = join(dir, manifestName);
    const temp = tempOf(dir, manifestName);
    await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx', flush: fsync }).catch(
      (cause: unknown) => {
        throw ioError('write', path, cause);
      },
    );
    const entries: JournalEntry[] = [];
    for (const p of pending) {
      const exists = await lstat(p.path).then(
        () => true,
        () => false,
      );
      entries.push({
        path: p.path,
        temp: p.temp,
        backup: exists ? tempOf(dirname(p.path), basename(p.path), 'old') : null,
      });
    }
    return [...entries, { path, temp, backup: null }];
  }

  return {
    open: (table, partition) => openOutput(table.name, partition, extension),
    openSide: (base, ext) => openOutput(base, undefined, ext),
    async commit(manifest) {
      const entries = await journalOf(manifest);
      await placeFiles(entries, lock);
      pending.length = 0;
      if (fsync) for (const folder of folders) await syncDirectory(folder);
      await lock.release();
      return entries.at(-1)!.path;
    },
    async abort() {
      const entries = pending.splice(0);
      await Promise.all(
        entries.map(async ({ temp, stream }) => {
          stream.destroy();
          await rm(temp, { force: true }).catch(() => undefined);
        }),
      );
      await rm(tempOf(dir, manifestName), { force: true }).catch(() => undefined);
      await lock.release();
      await removeCreated(created);
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

/** The files sink's target: a directory. */
export interface FilesTarget {
  readonly kind: 'files';
  readonly dir: string;
}

/** A path ending like a data file, which a user may expect `--out` to write as one file. */
const FILE_NAME = /\.(ndjson|jsonl|json|csv|tsv|parquet|pgcopy|txt|gz|zst)$/i;

/** Files in a directory (`--out DIR`, default `out`): the sink used when no other is asked for. */
export const filesSink: SinkRecord<FilesTarget> = {
  kind: 'files',
  options: [],
  asking: (name) => `${name('out')} DIR`,
  claims: () => true,
  plan(options, { name }) {
    const out = options.out ?? 'out';
    if (typeof out !== 'string' || out === '')
      throw new UsageError(`${name('out')} must be a directory, or - for stdout`);
    // `--out data.csv` would make a directory of that name: say so before anything is written.
    if (FILE_NAME.test(out) && !existsSync(out))
      throw new UsageError(
        `${name('out')} ${out} looks like a file name, but gen writes a directory of files (one per table, and a manifest): give a directory, e.g. ${name('out')} ${out.replace(FILE_NAME, '')}/, or - for stdout`,
      );
    return { kind: 'files', dir: out };
  },
  describe: (target) => `directory ${target.dir}`,
  files: true,
  tables: 'any',
  framesItself: false,
  open: (target, run) =>
    createFileSink({
      dir: target.dir,
      extension: run.extension,
      suffix: shardSuffix(run.shard),
      fsync: run.fsync,
      outputs: run.outputs,
      sideFiles: run.sideFiles,
      force: run.force,
      lock: run.lock,
      manifest: manifestOf(shardSuffix(run.shard), partitionDays(run)),
    }),
};
