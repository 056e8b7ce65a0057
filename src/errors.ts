/**
 * Every error the library throws on purpose is a `GenError`: a one-line `message` that says what is wrong
 * and how to fix it, and a `code`. Only the CLI turns them into exit codes (`usage` → 2, the rest → 1).
 */
export type GenErrorCode = 'usage' | 'dataset' | 'sink' | 'worker' | 'aborted' | 'closed';

/** Base class of the errors the library throws on purpose. */
export class GenError extends Error {
  readonly code: GenErrorCode;

  constructor(code: GenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GenError';
    this.code = code;
  }
}

/** A bad option or flag; names the option and the accepted values. */
export class UsageError extends GenError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

/**
 * A dataset or column definition that cannot be generated. `path` says where, in the dataset model's
 * words (`tables.orders.shape.rows`); a schema file's reader puts it in the file's words instead.
 */
export class DatasetError extends GenError {
  /** Where the problem is, e.g. `['tables', 'orders', 'columns', 'total']`; empty when `message` says it. */
  readonly path: readonly string[];
  /** The problem, without the path. */
  readonly problem: string;

  constructor(path: readonly string[] | string, problem?: string) {
    const at = typeof path === 'string' ? [] : path;
    const what = typeof path === 'string' ? path : (problem ?? '');
    super('dataset', at.length === 0 ? what : `${at.join('.')}: ${what}`);
    this.name = 'DatasetError';
    this.path = at;
    this.problem = what;
  }
}

/** The destination failed (disk full, permission denied, closed pipe); the cause is attached. */
export class SinkError extends GenError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('sink', message, options);
    this.name = 'SinkError';
  }
}

/** A chunk kept failing in the worker pool after its retries. */
export class WorkerError extends GenError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('worker', message, options);
    this.name = 'WorkerError';
  }
}

/** The run was cancelled through its `AbortSignal` (Ctrl-C in the CLI); `reason` is the signal's reason. */
export class AbortedError extends GenError {
  readonly reason: unknown;

  constructor(reason: unknown) {
    super('aborted', `interrupted${typeof reason === 'string' ? ` by ${reason}` : ''}; nothing was committed`);
    this.name = 'AbortedError';
    this.reason = reason;
  }
}

/** The reader of stdout went away (`gen … --out - | head`): not a failure of the run, just its end. */
export class OutputClosedError extends GenError {
  constructor(options?: { cause?: unknown }) {
    super('closed', 'the reader of stdout closed the pipe', options);
    this.name = 'OutputClosedError';
  }
}
