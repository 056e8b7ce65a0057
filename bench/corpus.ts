/**
 * A real schema of many tables (issue "Any real schema, unedited"): `gen init --ddl` reads the largest
 * schema of test/fixtures/corpus (postgrest's test fixtures: 10 schemas, 228 tables, 218 of them filled),
 * then `gen --config FILE` fills it at the file's own sizes (the defaults: no `--rows`), 2 workers, NDJSON
 * files. Its peak RSS must stay within the budget of a single table (`CORPUS_RSS_CEILING_MIB`): memory
 * does not grow with the number of tables.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { measure } from './measure.ts';
import { fmt, manifestTotals, type Row, runScenarios, type Scenario } from './scenarios.ts';

const DATE = '2026-01-01';
const SCHEMA = 'test/fixtures/corpus/postgrest/schema.sql';

/**
 * The fill's peak RSS the gate holds (bench/gate.ts), MiB. RSS counts memory, not time, so a busy machine
 * moves it little: 9 fills here under a load of 7 to 13 on the 2 cores peaked at 219-230 MiB (303 before
 * the coordinator stopped holding every compiled table and workers kept tables by their buffers' size).
 */
export const CORPUS_RSS_CEILING_MIB = 256;

const INIT_NAME = 'gen init --ddl postgrest --all-schemas';
const FILL_NAME = 'gen -w 2 --config postgrest';

/** `gen init` of the schema, then its fill at the file's sizes; each measured as a whole process. */
export function corpus(root: string, work: string, short: boolean): Row[] {
  const gen = join(root, 'dist/src/cli/main.js');
  const dir = mkdtempSync(join(work, 'corpus-'));
  const config = join(dir, 'postgrest.yaml');
  const initArgv = [process.execPath, gen, 'init', '--ddl', join(root, SCHEMA), '--all-schemas'];
  const init: Scenario = {
    name: INIT_NAME,
    format: 'ndjson',
    rows: 0,
    // To stdout (the file): `--out` would refuse to replace the file a previous run wrote.
    stdout: config,
    argv: () => [...initArgv, '--date', DATE],
  };
  // The file once, for the fill's row count (every fill makes the same rows).
  measure(init.argv(dir), config);
  const fillArgv = (out: string): string[] => [
    process.execPath,
    gen,
    '--config',
    config,
    '--workers',
    '2',
    '--date',
    DATE,
    '--out',
    out,
    '--quiet',
  ];
  const probe = mkdtempSync(join(work, 'corpus-rows-'));
  measure(fillArgv(probe));
  const fill: Scenario = { name: FILL_NAME, format: 'ndjson', rows: manifestTotals(probe).rows, argv: fillArgv };
  process.stderr.write(`bench: corpus, ${FILL_NAME}, ${fill.rows} rows\n`);
  const [initRow, fillRow] = runScenarios([init, fill], short ? 1 : 3, work);
  return [initRow!, { ...fillRow!, rssCeilingMiB: CORPUS_RSS_CEILING_MIB }];
}

/** The line for bench/README.md: init's time, the fill's time and peak RSS against the ceiling. */
export function corpusRatios(results: readonly Row[]): string[] {
  const init = results.find((r) => r.name === INIT_NAME);
  const fill = results.find((r) => r.name === FILL_NAME);
  if (init === undefined || fill === undefined) return [];
  return [
    `- real schema (${SCHEMA}, 10 schemas): \`gen init --ddl\` ${init.wallSec.toFixed(2)} s, then \`gen --config\` at the file's sizes (${fmt(fill.rows)} rows, 2 workers, NDJSON) ${fill.wallSec.toFixed(2)} s, peak RSS **${fill.maxRssMiB} MiB** (target ≤ ${CORPUS_RSS_CEILING_MIB} MiB, the budget of one table).`,
  ];
}
