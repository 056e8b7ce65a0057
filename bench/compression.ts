/**
 * `--compress`: speed and ratio per codec (issue 14). gen compresses in its workers, member by member;
 * the baseline is the same plain output piped through the codec's own single-threaded tool at the same
 * level (`gzip -6`, `zstd -3`), which is what a user would do without the option. Files on the local disk.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, type Row, runScenarios, type Scenario } from './scenarios.ts';

const DATE = '2026-01-01';

export function compression(gen: string, work: string, short: boolean): Row[] {
  const rows = short ? 1e6 : 1e7;
  const args = ['items', '--rows', String(rows), '--date', DATE, '--quiet', '-w', '2'];
  const size = (file: string) => (out: string) => statSync(join(out, file)).size;
  const own = (codec: string | null): Scenario => ({
    name: codec === null ? 'gen -w 2 (plain, for ratio)' : `gen -w 2 --compress ${codec}`,
    format: 'ndjson',
    rows,
    argv: (out) => [process.execPath, gen, ...args, '--out', out, ...(codec === null ? [] : ['--compress', codec])],
    bytesOf: size(codec === null ? 'items.ndjson' : `items.ndjson.${codec === 'gzip' ? 'gz' : 'zst'}`),
  });
  const piped = (tool: string): Scenario => ({
    name: `gen -w 2 --out - | ${tool}`,
    format: 'ndjson',
    rows,
    argv: (out) => [
      'sh',
      '-c',
      `"$0" "$@" --out - | ${tool} > "${out}/items.ndjson.c"`,
      process.execPath,
      gen,
      ...args,
    ],
    bytesOf: size('items.ndjson.c'),
  });
  process.stderr.write(`bench: --compress, ndjson, ${rows} rows\n`);
  return runScenarios(
    [own(null), own('gzip'), piped('gzip -6'), own('zstd'), piped('zstd -3 -q')],
    short ? 1 : 3,
    work,
  );
}

/** Per codec: gen's speed against the piped tool's, and the ratio to the plain bytes. */
export function compressionRatios(results: readonly Row[]): string[] {
  const plain = results.find((r) => r.name === 'gen -w 2 (plain, for ratio)');
  return (['gzip', 'zstd'] as const).flatMap((codec) => {
    const g = results.find((r) => r.name === `gen -w 2 --compress ${codec}`);
    const p = results.find((r) => r.name.startsWith('gen -w 2 --out - |') && r.name.includes(codec));
    if (g === undefined || p === undefined || plain?.bytes === undefined || g.bytes === undefined) return [];
    return [
      `- \`--compress ${codec}\`, ndjson, ${fmt(g.rows)} rows: ${fmt(g.rowsPerSec)} rows/s, **${(g.rowsPerSec / p.rowsPerSec).toFixed(2)}x** \`| ${codec}\` piped; ${(plain.bytes / g.bytes).toFixed(2)}:1 (piped ${(plain.bytes / (p.bytes ?? 1)).toFixed(2)}:1), ${fmt(g.bytes)} bytes.`,
    ];
  });
}
