import { link, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { AbortedError, SinkError } from '../errors.ts';
import { pause } from '../pause.ts';
import { ioError } from './io-errors.ts';

/** A file the commit moves into place: `temp` becomes `path`; what `path` held waits in `backup`. */
export interface JournalEntry {
  readonly path: string;
  readonly temp: string;
  /** Where the file that `path` held is kept until the commit is over, or null when there was none. */
  readonly backup: string | null;
}

/** What a lock file holds: who writes, and while it commits, what it moves. */
export interface LockRecord {
  readonly pid: number;
  readonly host: string;
  readonly run: string;
  readonly started: string;
  /** Written just before the commit's renames: how to finish or undo them if this run dies. */
  readonly committing?: readonly JournalEntry[];
}

/** A held lock on an output. */
export interface OutputLock {
  /** The record of a dead run whose lock this one took over (its temp files may remain), or null. */
  readonly previous: LockRecord | null;
  /** Records the renames about to happen, so that a run taking over after a crash can undo them. */
  journal(entries: readonly JournalEntry[]): Promise<void>;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Wait for a live holder to finish (up to `timeoutMs`) instead of failing at once. */
  readonly wait: boolean;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /** How the output is named in messages, e.g. `out/`. */
  readonly what: string;
}

/**
 * The holder touches its lock this often, so that a lock whose holder cannot be asked (another host, or a
 * container whose pids start again at 1) is known to be stale once it stops being touched.
 */
const HEARTBEAT_MS = 5_000;
/** A lock not touched for this long belongs to a dead run: six missed heartbeats. */
const STALE_MS = 30_000;
const POLL_MS = 200;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, and someone else's
  }
}

async function readRecord(path: string): Promise<{ record: LockRecord | null; ageMs: number } | null> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return null;
  const text = await readFile(path, 'utf8').catch(() => '');
  let record: LockRecord | null = null;
  try {
    record = JSON.parse(text) as LockRecord;
  } catch {
    // torn or empty: written by an older gen or on a file system without hard links (see createExclusive)
  }
  return { record, ageMs: Date.now() - info.mtimeMs };
}

/** Locks this process holds: a lock with our own pid is live only if it is one of them. */
const HELD = new Set<string>();

function isStale(path: string, found: { record: LockRecord | null; ageMs: number }): boolean {
  if (found.ageMs > STALE_MS) return true;
  const { record } = found;
  if (record === null || record.host !== hostname()) return false;
  // Our own pid on a lock we do not hold: an earlier life of this pid (containers start again at 1).
  return record.pid === process.pid ? !HELD.has(path) : !isAlive(record.pid);
}

/**
 * Moves a stale lock out of the way; false when another run took it over first. Between our rename and
 * the check of what we moved, a third run could create a fresh lock and lose it to our give-back rename:
 * a window of a few microseconds, only when two runs take over the same dead run's lock at once.
 */
async function takeOver(path: string, stale: LockRecord | null, run: string): Promise<boolean> {
  const aside = `${path}.${run}.stale`;
  if (
    !(await rename(path, aside).then(
      () => true,
      () => false,
    ))
  )
    return false;
  const moved = await readRecord(aside);
  if (moved?.record?.run !== stale?.run) {
    // A live run's fresh lock, made between our look and our rename: give it back.
    await rename(aside, path).catch(() => undefined);
    return false;
  }
  await rm(aside, { force: true });
  return true;
}

function heldMessage(record: LockRecord | null, what: string): string {
  const who =
    record === null
      ? 'another gen run'
      : `another gen run (pid ${record.pid} on ${record.host}, since ${record.started})`;
  return `${who} is writing to ${what}; wait for it (--wait), or choose another --out`;
}

function holdLock(path: string, record: LockRecord, previous: LockRecord | null): OutputLock {
  const touch = (): void => {
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
  };
  const heartbeat = setInterval(touch, HEARTBEAT_MS);
  heartbeat.unref();
  HELD.add(path);
  return {
    previous,
    async journal(entries) {
      // Atomically (temp + rename), so that a crash mid-write never leaves a torn journal.
      const temp = `${path}.${record.run}.tmp`;
      await writeFile(temp, JSON.stringify({ ...record, committing: entries })).catch(async (cause: unknown) => {
        await rm(temp, { force: true }).catch(() => undefined);
        throw ioError('write', temp, cause);
      });
      await rename(temp, path).catch((cause: unknown) => {
        throw ioError('rename to', path, cause);
      });
    },
    async release() {
      clearInterval(heartbeat);
      HELD.delete(path);
      await rm(path, { force: true }).catch(() => undefined);
    },
  };
}

/**
 * Takes the lock file `path` of an output for run `run`: created exclusively, so two runs never write
 * the same files at once. A lock whose run is gone (its process is dead on this host, or it has not been
 * touched for `STALE_MS`) is taken over, and reported as `previous` so that its leftovers can be cleared.
 * @throws {SinkError} when another live run holds it (at once, or after `timeoutMs` with `wait`);
 *   {AbortedError} when `signal` aborts the wait.
 */
export async function acquireLock(file: string, run: string, options: LockOptions): Promise<OutputLock> {
  const path = resolve(file);
  const record: LockRecord = { pid: process.pid, host: hostname(), run, started: new Date().toISOString() };
  const deadline = Date.now() + options.timeoutMs;
  let previous: LockRecord | null = null;
  for (;;) {
    if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
    if (await createExclusive(path, JSON.stringify(record), run)) return holdLock(path, record, previous);
    const found = await readRecord(path);
    if (found === null) continue; // released between our attempt and our look
    if (isStale(path, found)) {
      if (await takeOver(path, found.record, run)) previous = found.record ?? previous;
      continue;
    }
    if (!options.wait) throw new SinkError(heldMessage(found.record, options.what));
    if (Date.now() >= deadline) {
      throw new SinkError(
        `waited ${Math.round(options.timeoutMs / 1000)} s: ${heldMessage(found.record, options.what)} (or raise --lock-timeout)`,
      );
    }
    await pause(POLL_MS, options.signal);
  }
}

/**
 * Creates `path` holding `text`, or returns false when it exists. The record is written to a temp file
 * first and hard-linked into place (link(2) fails with EEXIST like O_EXCL), so that no other run ever reads
 * a lock that exists but is still empty. A file system without hard links falls back to O_EXCL.
 */
async function createExclusive(path: string, text: string, run: string): Promise<boolean> {
  const temp = `${path}.${run}.new`;
  await writeFile(temp, text).catch((cause: unknown) => {
    throw ioError('create', temp, cause);
  });
  try {
    await link(temp, path);
    return true;
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') return createWithExcl(path, text);
    throw ioError('create', path, cause);
  } finally {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

async function createWithExcl(path: string, text: string): Promise<boolean> {
  return writeFile(path, text, { flag: 'wx' }).then(
    () => true,
    (cause: unknown) => {
      if ((cause as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw ioError('create', path, cause);
    },
  );
}
