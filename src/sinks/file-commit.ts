import { lstat, rename, rm } from 'node:fs/promises';
import type { JournalEntry, LockRecord, OutputLock } from './dir-lock.ts';
import { ioError } from './io-errors.ts';

/*
 * How a run's files become visible, all or nothing. Every file is written under a hidden temp name; the
 * manifest's temp is written too before anything moves. Then the lock file records the renames (the
 * journal), each file that a final name held is moved aside to a backup, the temp takes the final name,
 * and the manifest's rename comes last: that rename is the commit point. Backups are deleted after it.
 * A failure before it undoes every rename; a run killed before it is undone by the next run that takes the
 * lock (`recover`), which can tell from the journal and the manifest's temp how far the dead run got.
 */

const exists = (path: string): Promise<boolean> =>
  lstat(path).then(
    () => true,
    () => false,
  );

/** Puts back what one entry's rename replaced, and removes what it added. Best effort. */
async function undo(entry: JournalEntry): Promise<void> {
  if (entry.backup !== null && (await exists(entry.backup))) {
    await rename(entry.backup, entry.path).catch(() => undefined);
  } else if (entry.backup === null && !(await exists(entry.temp))) {
    await rm(entry.path, { force: true }).catch(() => undefined);
  }
  await rm(entry.temp, { force: true }).catch(() => undefined);
}

async function place(entry: JournalEntry): Promise<void> {
  if (entry.backup !== null) {
    await rename(entry.path, entry.backup).catch((cause: unknown) => {
      throw ioError('move aside', entry.path, cause);
    });
  }
  await rename(entry.temp, entry.path).catch((cause: unknown) => {
    throw ioError('rename to', entry.path, cause);
  });
}

/**
 * Moves every entry into place in order; the last one (the manifest) is the commit point. On any failure
 * before it, every rename is undone and the error is rethrown: the old files are back.
 */
export async function placeFiles(entries: readonly JournalEntry[], lock: OutputLock): Promise<void> {
  await lock.journal(entries);
  let done = 0;
  try {
    for (const entry of entries) {
      await place(entry);
      done++;
    }
  } catch (error) {
    // The entry that failed may be half-placed (moved aside, not replaced): undo it too.
    for (const entry of entries.slice(0, done + 1).reverse()) await undo(entry);
    throw error;
  }
  await Promise.all(
    entries.map((e) => (e.backup === null ? undefined : rm(e.backup, { force: true }).catch(() => undefined))),
  );
}

/**
 * Finishes what a dead run's commit left: if its manifest (the last entry) never got its final name, its
 * renames are undone; otherwise only its backups remain, and go.
 */
export async function recover(previous: LockRecord | null): Promise<void> {
  const entries = previous?.committing ?? [];
  const manifest = entries.at(-1);
  if (manifest === undefined) return;
  const committed = !(await exists(manifest.temp));
  for (const entry of [...entries].reverse()) {
    if (!committed) await undo(entry);
    else if (entry.backup !== null) await rm(entry.backup, { force: true }).catch(() => undefined);
  }
}
