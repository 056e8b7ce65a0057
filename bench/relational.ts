/**
 * Relational datasets against `items`, per output byte: `retail --scale large` (14 days) and `shiny-rocks`
 * over a year, to NDJSON, CSV, Parquet and Postgres, beside `items` in the same groups (A B C A B C …).
 * Issue 5's target: relational generation keeps at least half of items' throughput per output byte
 * (MB/s), since their rows are of other widths.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { measure } from './measure.ts';
import { startPostgres } from './postgres-server.ts';
import { type Format, fmt, manifestTotals, type Row, runScenarios, type Scenario } from './scenarios.ts';

const DATE = '2026-01-01';

interface Case {
  readonly name: string;
  readonly args: readonly string[];
}

function cases(short: boolean): Case[] {
  return short
    ? [
        { name: 'items 1e6', args: ['items', '--rows', '1e6'] },
        { name: 'retail medium', args: ['retail', '--scale', 'medium', '--days', '14'] },
        { name: 'shiny-rocks 30 days', args: ['shiny-rocks', '--days', '30'] },
      ]
    : [
        { name: 'items 1e7', args: ['items', '--rows', '1e7'] },
        { name: 'retail large', args: ['retail', '--scale', 'large', '--days', '14'] },
        { name: 'shiny-rocks 365 days', args: ['shiny-rocks', '--from', '2025-01-01', '--to', '2025-12-31'] },
        // Since its version 2 (the seed's ~806 orders a day), a year of shiny-rocks is 2.1 M rows made in about
        // a second, half of it start-up and each table's first chunks; five years (10.3 M rows) is the size
        // items runs at, where what is compared is how fast rows are made.
        { name: 'shiny-rocks 5 years', args: ['shiny-rocks', '--from', '2021-01-01', '--to', '2025-12-31'] },
      ];
}

/** Rows and bytes of `c` in `format` (`pg`: its binary COPY bytes), from one untimed run's manifest. */
function sizeOf(gen: string, c: Case, format: Format, work: string): { rows: number; bytes: number } {
  const out = mkdtempSync(join(work, 'size-'));
  try {
    measure([
      process.execPath,
      gen,
      ...c.args,
      '--format',
      format,
      '--date',
      DATE,
      '--out',
      out,
      '--quiet',
      '--workers',
      '2',
    ]);
    return manifestTotals(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function createSchemas(url: string, count: number): Promise<void> {
  const client = new pg.Client(url);
  await client.connect();
  for (let i = 0; i < count; i++) await client.query(`CREATE SCHEMA IF NOT EXISTS bench${i}`);
  await client.end();
}

/** Every case in every format; Postgres loads into a throwaway local cluster. */
export async function relational(gen: string, work: string, short: boolean): Promise<Row[]> {
  const runs = short ? 1 : 3;
  const rows: Row[] = [];
  const server = await startPostgres();
  try {
    await createSchemas(server.url, cases(short).length);
    for (const format of ['ndjson', 'csv', 'parquet', 'pg'] as const) {
      process.stderr.write(`bench: relational, ${format}\n`);
      const group: Scenario[] = cases(short).map((c, i) => {
        const size = sizeOf(gen, c, format, work);
        // A schema per dataset: retail's order_items must not hold on to shiny-rocks' orders.
        const target = format === 'pg' ? ['--url', server.url, '--schema', `bench${i}`] : ['--format', format, '--out'];
        return {
          name: `gen -w 2 ${c.name}`,
          format,
          rows: size.rows,
          bytesOf: () => size.bytes,
          argv: (out) => [
            process.execPath,
            gen,
            ...c.args,
            '--workers',
            '2',
            '--date',
            DATE,
            '--quiet',
            ...target,
            ...(format === 'pg' ? [] : [out]),
          ],
        };
      });
      rows.push(...runScenarios(group, runs, work));
    }
  } finally {
    server.stop();
  }
  return rows;
}

/** The per-byte ratios of each relational case to items, per format. */
export function relationalRatios(results: readonly Row[], short: boolean): string[] {
  const [items, ...others] = cases(short).map((c) => `gen -w 2 ${c.name}`);
  return (['ndjson', 'csv', 'parquet', 'pg'] as const).flatMap((format) => {
    const perByte = (name: string): number | undefined => {
      const r = results.find((x) => x.name === name && x.format === format);
      return r?.bytes === undefined ? undefined : r.bytes / r.wallSec;
    };
    const base = perByte(items!);
    const itemsRow = results.find((x) => x.name === items && x.format === format);
    return others.flatMap((name) => {
      const mine = perByte(name);
      const row = results.find((x) => x.name === name && x.format === format)!;
      // Per row beside per byte: Parquet compresses relational rows far more than items' (retail: 7 bytes).
      const perRow = itemsRow === undefined ? '' : ` (${(row.rowsPerSec / itemsRow.rowsPerSec).toFixed(2)}x items')`;
      return base === undefined || mine === undefined
        ? []
        : [
            `- ${format}, \`${name}\` (${fmt(row.rows)} rows, ${(row.bytes! / 2 ** 20).toFixed(0)} MiB): **${(mine / base).toFixed(2)}x** items' MB/s (target ≥ 0.5x), ${fmt(row.rowsPerSec)} rows/s${perRow}.`,
          ];
    });
  });
}
