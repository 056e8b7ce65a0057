/**
 * Baseline: DuckDB generating the items table itself and writing Parquet (its own COPY … TO, with all
 * cores): `COPY (SELECT … FROM range(N)) TO 'x.parquet' (FORMAT parquet)`. Same columns and types as gen
 * (decimal(18,2) money, UTC timestamps), random values from DuckDB's random().
 *
 * Usage: node dist/bench/baselines/duckdb-parquet.js ROWS OUTFILE [snappy|zstd] [parallel]
 * `parallel` sets preserve_insertion_order = false, which lets DuckDB write with all threads (its fastest
 * form; row order is then not guaranteed).
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [rowsArg = '1000000', outFile = '/tmp/duckdb-items.parquet', compression = 'snappy', mode = 'ordered'] =
  process.argv.slice(2);
const rows = Number(rowsArg);
const REF_MS = Date.UTC(2026, 0, 1);
const SPAN_MS = 30 * 86_400_000;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
if (mode === 'parallel') await connection.run('SET preserve_insertion_order = false');
await connection.run(`
  COPY (
    SELECT
      i AS id,
      'Item ' || i AS name,
      substr('ABCD', 1 + floor(random() * 4)::INTEGER, 1) AS category,
      ((1000 + floor(random() * 99001)) / 100)::DECIMAL(18, 2) AS value,
      (1 + floor(random() * 100))::BIGINT AS quantity,
      random() < 0.5 AS is_active,
      make_timestamptz(((${REF_MS - SPAN_MS} + floor(random() * ${SPAN_MS})) * 1000)::BIGINT) AS created_at
    FROM range(${rows}) t(i)
  ) TO '${outFile.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION ${compression === 'zstd' ? 'zstd' : 'snappy'})`);
connection.closeSync();
