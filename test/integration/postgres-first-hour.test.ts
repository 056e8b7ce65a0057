import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { usePostgres } from '../helpers/postgres.ts';
import { runGen, tempDir } from '../helpers/run.ts';

// The dead ends a newcomer met loading their own database (issue 32), each against a real server whose
// TCP connections need a password (scram-sha-256: test/helpers/postgres.ts).
const db = usePostgres();
const dir = tempDir();

/** The server's URL without its password. */
const bareUrl = (): string => `postgres://postgres@127.0.0.1:${db.server.port}/postgres`;
/** No password from the environment: no PGPASSWORD, and a home without ~/.pgpass. */
const noPasswordEnv = { PGPASSWORD: undefined, PGPASSFILE: undefined, HOME: join(dir, 'empty-home') };
/**
 * The server keeps a half-done authentication for authentication_timeout (60 s by default): a run
 * still going after this long waited for it.
 */
const UNDER_THE_SERVER_TIMEOUT_MS = 20_000;

describe('a server that asks for a password gen does not have', () => {
  it.each([
    ['a load', ['--rows', '10', '-q']],
    ['gen init', ['init']],
    ['gen check', ['check']],
  ])('%s fails at once, naming the URL, PGPASSWORD and ~/.pgpass', async (_, args) => {
    const result = await runGen([...args, '--url', bareUrl()], {
      env: noPasswordEnv,
      timeout: UNDER_THE_SERVER_TIMEOUT_MS,
    });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `gen: the Postgres server at 127.0.0.1:${db.server.port} asks for a password for user "postgres" and gen has none: put it in the URL (postgres://postgres:PASSWORD@127.0.0.1:${db.server.port}/postgres), set PGPASSWORD, or add the line 127.0.0.1:${db.server.port}:postgres:postgres:PASSWORD to ~/.pgpass (mode 0600; PGPASSFILE names another file)`,
    ]);
  });

  it('is read from ~/.pgpass, without a warning', async () => {
    const home = join(dir, 'home');
    mkdirSync(home);
    const pgpass = join(home, '.pgpass');
    writeFileSync(pgpass, `# a comment\n127.0.0.1:${db.server.port}:*:postgres:${db.server.password}\n`);
    chmodSync(pgpass, 0o600);
    const result = await runGen(['--rows', '10', '-q', '--url', bareUrl()], {
      env: { ...noPasswordEnv, HOME: home },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await db.rowsOf('SELECT count(*)::int AS n FROM items')).toEqual([{ n: 10 }]);
  });

  it('is read from PGPASSWORD', async () => {
    const result = await runGen(['--rows', '20', '-q', '--url', bareUrl()], {
      env: { ...noPasswordEnv, PGPASSWORD: db.server.password },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await db.rowsOf('SELECT count(*)::int AS n FROM items')).toEqual([{ n: 20 }]);
  });
});
