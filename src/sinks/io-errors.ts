import { SinkError } from '../errors.ts';

/** What a user can do about common I/O error codes; the text follows "cannot <action> <path>: <reason>". */
const ADVICE: Record<string, string> = {
  ENOSPC: 'no space left on the device; free some space or choose another --out',
  EDQUOT: 'disk quota exceeded; free some space or choose another --out',
  EACCES: 'permission denied; choose a writable --out',
  EPERM: 'operation not permitted; choose a writable --out',
  EROFS: 'the file system is read-only; choose a writable --out',
  ENOTDIR: 'a part of the path is a file, not a directory; choose another --out',
  EISDIR: 'a directory is in the way; remove it or choose another --out',
  EEXIST: 'a file is in the way; remove it or choose another --out',
  EMFILE: 'too many open files; raise the limit (ulimit -n)',
  EIO: 'input/output error from the device',
  ENOENT: 'that path cannot be made (a missing or special parent folder); choose another --out',
};

/** Wraps an I/O error into a one-line `SinkError` that names the path and says how to fix it. */
export function ioError(action: string, path: string, cause: unknown): SinkError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? '';
  const reason = ADVICE[code] ?? (cause as Error | undefined)?.message ?? String(cause);
  return new SinkError(`cannot ${action} ${path}: ${reason}${code && ADVICE[code] ? ` (${code})` : ''}`, { cause });
}
