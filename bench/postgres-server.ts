import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** A throwaway Postgres server (tests, benchmarks): the URL of a superuser with a password, and how to stop it. */
export interface TestPostgres {
  readonly url: string;
  readonly password: string;
  readonly port: number;
  /** Restarts the server (fast shutdown: every connection is cut), or null for a server we did not start. */
  readonly restart: (() => void) | null;
  stop(): void;
}

export const TEST_PASSWORD = 's3cret-pw';

function binDir(): string {
  const base = '/usr/lib/postgresql';
  const version = existsSync(base) ? readdirSync(base).sort().at(-1) : undefined;
  const dir = version === undefined ? undefined : join(base, version, 'bin');
  if (dir === undefined || !existsSync(join(dir, 'initdb'))) {
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: apt-get install -y postgresql, or set SHARDGEN_TEST_PG_URL',
    );
  }
  return dir;
}

/** A free TCP port on 127.0.0.1 (the kernel picks it; closed again before use). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      })
      .on('error', reject);
  });
}

/**
 * Starts a throwaway cluster (initdb + pg_ctl in a temp dir, on a free port, fsync off), as the
 * unprivileged `postgres` user when running as root (the server refuses root). Or uses
 * SHARDGEN_TEST_PG_URL when given (then `password` is whatever that URL holds).
 */
export async function startPostgres(): Promise<TestPostgres> {
  const given = process.env.SHARDGEN_TEST_PG_URL;
  if (given !== undefined) {
    const url = new URL(given);
    return {
      url: given,
      password: decodeURIComponent(url.password),
      port: Number(url.port || 5432),
      restart: null,
      stop: () => {},
    };
  }
  const bin = binDir();
  const root = mkdtempSync(join(tmpdir(), 'shardgen-pg-'));
  const asRoot = userInfo().uid === 0;
  const run = (cmd: string, args: string[]): void => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]]
      : [join(bin, cmd), args];
    execFileSync(file, argv, { stdio: 'pipe' });
  };
  if (asRoot) execFileSync('chown', ['-R', 'postgres', root]);
  const data = join(root, 'data');
  const pwfile = join(root, 'pw');
  writeFileSync(pwfile, TEST_PASSWORD);
  if (asRoot) chownSync(pwfile, Number(execFileSync('id', ['-u', 'postgres']).toString()), 0);
  run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--pwfile',
    pwfile,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const port = await freePort();
  const settings = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off`;
  run('pg_ctl', ['-D', data, '-l', join(root, 'log'), '-w', '-o', settings, 'start']);
  return {
    url: `postgres://postgres:${TEST_PASSWORD}@127.0.0.1:${port}/postgres`,
    password: TEST_PASSWORD,
    port,
    restart: () => run('pg_ctl', ['-D', data, '-l', join(root, 'log'), '-w', '-m', 'fast', '-o', settings, 'restart']),
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
