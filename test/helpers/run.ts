import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** The built CLI (npm test builds first). */
export const GEN = new URL('../../dist/src/cli/main.js', import.meta.url).pathname;

/** A fresh temp directory, removed after the suite. */
export function tempDir(prefix = 'shardgen-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** SHA-256 of a file, hex. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * A file's checksum as the manifest writes it, from the system's own tool (an independent reader:
 * `xxh128sum` from Debian's xxhash, or `sha256sum`), `algorithm:hex`.
 */
export function checksumFile(path: string, algorithm: 'xxh128' | 'sha256' = 'xxh128'): string {
  const printed = execFileSync(`${algorithm}sum`, [path], { encoding: 'utf8' });
  return `${algorithm}:${printed.slice(0, printed.indexOf(' '))}`;
}

/** SHA-256 of bytes, hex. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * For tests that name more workers than CI's 2 cores: the planner runs at most one thread per CPU
 * (`PlanOptions.cpus`), so these tests say how many CPUs to plan for, to run every thread they name.
 */
export const CPUS = 8;

/** Every file name in `dir`, hidden ones included, sorted. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir).sort();
}

export interface GenResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export interface RunGenOptions {
  readonly stdio?: 'pipe' | number;
  readonly env?: NodeJS.ProcessEnv;
  /** Called with all of stderr so far, each time more arrives. */
  readonly onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
  /** Stop reading stdout and close it after the first bytes, as `| head` does. */
  readonly closeStdoutEarly?: boolean;
  /** Kill the child (SIGKILL: it may be stuck) after this many ms, for a test of a wait that must not happen. */
  readonly timeout?: number;
}

/** Runs the built `gen` with `args`; `onStderr` may signal the child (e.g. SIGINT after its first progress line). */
export function runGen(args: readonly string[], options: RunGenOptions = {}): Promise<GenResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GEN, ...args], {
      stdio: ['ignore', options.stdio ?? 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
      ...(options.timeout === undefined ? {} : { timeout: options.timeout, killSignal: 'SIGKILL' as const }),
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout?.on('data', (b: Buffer) => {
      stdout.push(b);
      if (options.closeStdoutEarly === true) child.stdout!.destroy();
    });
    child.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString();
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(stdout), stderr }));
  });
}
