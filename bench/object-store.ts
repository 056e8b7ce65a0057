/**
 * `--out s3://…` against a local S3-compatible server (s3rver, from npm, in its own process on a free
 * port) beside the same run to a local directory (issue 14: "throughput close to writing a local file").
 * The server shares the machine's cores with gen: on 2 cores its own CPU (JavaScript, MD5 of every part,
 * a file per object) is part of what the wall time shows.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './postgres-server.ts';
import { fmt, type Row, runScenarios, type Scenario } from './scenarios.ts';

const DATE = '2026-01-01';
const BUCKET = 'bench';

async function listening(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(() => resolve(true))).on('error', () =>
        resolve(false),
      );
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`s3rver did not listen on ${port}`);
}

export async function objectStore(root: string, gen: string, work: string, short: boolean): Promise<Row[]> {
  const rows = short ? 1e6 : 1e7;
  const port = await freePort();
  const dir = mkdtempSync(join(work, 's3rver-'));
  const bin = join(root, 'node_modules/s3rver/bin/s3rver.js');
  const server: ChildProcess = spawn(
    process.execPath,
    [bin, '-d', dir, '-a', '127.0.0.1', '-p', String(port), '--configure-bucket', BUCKET, '--silent'],
    { stdio: 'ignore' },
  );
  try {
    await listening(port);
    process.stderr.write(`bench: --out s3:// (s3rver), ndjson, ${rows} rows\n`);
    const env = [
      `AWS_ENDPOINT_URL=http://127.0.0.1:${port}`,
      'AWS_ACCESS_KEY_ID=S3RVER',
      'AWS_SECRET_ACCESS_KEY=S3RVER',
    ];
    const args = ['items', '--rows', String(rows), '--date', DATE, '--quiet', '-w', '2'];
    const scenario = (name: string, out: (dir: string) => string): Scenario => ({
      name,
      format: 'ndjson',
      rows,
      argv: (o) => ['env', ...env, process.execPath, gen, ...args, '--out', out(o)],
    });
    let n = 0;
    return runScenarios(
      [scenario('gen -w 2 → local dir', (o) => o), scenario('gen -w 2 → s3rver', () => `s3://${BUCKET}/run-${n++}/`)],
      short ? 1 : 3,
      work,
    );
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** gen to the object store against gen to a local directory. */
export function objectStoreRatios(results: readonly Row[]): string[] {
  const local = results.find((r) => r.name === 'gen -w 2 → local dir');
  const s3 = results.find((r) => r.name === 'gen -w 2 → s3rver');
  if (local === undefined || s3 === undefined) return [];
  return [
    `- \`--out s3://\` to s3rver, ndjson, ${fmt(s3.rows)} rows: ${fmt(s3.rowsPerSec)} rows/s, **${(s3.rowsPerSec / local.rowsPerSec).toFixed(2)}x** a local directory (the server on the same cores), peak RSS ${s3.maxRssMiB} vs ${local.maxRssMiB} MiB.`,
  ];
}
