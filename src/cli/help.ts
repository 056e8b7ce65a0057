import { parquetFormat } from '../encoders/parquet-format.ts';
import { TEXT_CHUNKING } from '../encoders/types.ts';
import { DEFAULT_LOCK_TIMEOUT, MAX_WORKERS } from '../planner/options.ts';
import { DEFAULT_CONNECTIONS } from '../sinks/postgres-target.ts';

const { defaultRows: DEFAULT_CHUNK_ROWS, narrow: NARROW } = TEXT_CHUNKING;
const DEFAULT_ROW_GROUP_ROWS = parquetFormat.chunking.defaultRows;

import { FORMATS } from '../encoders/formats.ts';

/** The text of `gen --help`. */
export const HELP = `gen: fast, deterministic, sharded fake data (shardgen)

Usage:
  gen [DATASET] [options]      generate a dataset (default: items)
  gen list                     list the built-in datasets
  gen describe DATASET         show a dataset's tables, keys, row counts and columns (--scale, --days…);
                               --format yaml: as a schema file; --config FILE: a schema file's dataset
  gen --config FILE [options]  generate the dataset a YAML or JSON schema file describes
  gen init --url URL           write a schema file of a live Postgres schema's tables (to stdout, or
                               --out FILE; --schema NAME, default public; --profile also reads pg_stats
                               aggregates, never rows; --date D for date bounds; --force replaces FILE)
  gen init --ddl FILE          the same from a file of CREATE statements (e.g. pg_dump --schema-only)
  gen check DIR                check an NDJSON, CSV or Parquet output against what gen makes: every row
                               recomputed; findings by kind (null, malformed, out_of_range, duplicate_key,
                               orphan, late, mismatch, missing_rows, extra_rows, integrity); --format json:
                               one finding per line; --config FILE for a schema file's dataset; -w N
                               threads; --sample N: compare N rows a file; exit 0 clean, 1 with findings
  gen check --url URL          the same for gen's loads into a Postgres schema (--schema NAME): the last
                               replacing one and the appends after it
  gen check --config F DIR     data gen did not make (no manifest: DIR/<table>.ndjson|.csv) against a
                               schema file's rules: NULLs, types, ranges, choices, lengths, keys,
                               distributions; --date D: nothing of the run's days after D
  gen COMMAND --help           a command's own options (init, check, describe); also gen help COMMAND
  gen completion SHELL         a completion script for bash, zsh or fish: source <(gen completion bash)
  gen --help | --version

Options:
  --rows N             rows of the largest table, the others in proportion: 1000, 1e7, 10M, 2.5k or
                       10_000_000 (default: the dataset's own)
  --scale S            a factor on every table's rows, or a name the dataset defines (small, medium, large)
  --days N             tables keyed by date: N days ending at --date (default: the dataset's, e.g. 14)
  --from D, --to D     tables keyed by date: the days D1..D2 (YYYY-MM-DD, inclusive; --to defaults to --date)
                       --date D alone makes exactly day D's rows of any longer run (for daily schedules)
  --partition-by day   files: one Hive-style folder per day, orders/year=2026/month=01/day=31/orders.csv
                       (children such as order_items follow their parent's day)
  --tables A,B         files and stdout: only these tables (all are still sized, so references agree
                       with a whole run); stdout takes one table
  -c, --config FILE    a schema file (YAML or JSON) instead of a built-in dataset
  --seed N             any whole number 0..2^53-1 (default 0); same seed and options, same bytes
  --date YYYY-MM-DD    the reference "today" of the data (default: today, UTC; recorded in the manifest)
  -f, --format F       ${FORMATS.join(' | ')} (default ndjson)
  -o, --out DIR|-      output directory, created if missing (default ./out), or - for stdout, or
                       s3://BUCKET/PREFIX/ for an object store (AWS_ENDPOINT_URL for S3-compatible ones)
  --url URL            load Postgres (postgres://user:pass@host:port/db); --format pg without --url uses
                       DATABASE_URL or the PG* variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE);
                       a URL without a password takes PGPASSWORD or ~/.pgpass
                       (--format pg with --out writes binary COPY files, <table>.pgcopy, instead)
  --schema NAME        Postgres schema of the tables (default public)
  --overwrite          Postgres: replace the dataset's tables, all at once at the end (the default; with
                       --rows 0 the default is --append, so that it never empties a loaded table)
  --force              replace tables and files that gen did not make (by default they are refused before
                       anything is generated: gen replaces only what it made)
  --wait               when another gen run writes the same files or tables, wait for it (up to
                       --lock-timeout) instead of failing at once
  --lock-timeout S     seconds to wait for a lock: another run's (--wait), and in Postgres each lock the
                       load's DDL and swap need (default ${DEFAULT_LOCK_TIMEOUT}); the message names who holds it
  --append             Postgres: add rows to the tables (created if missing) in one transaction; ids
                       continue after each table's last one, or start at --start-id; a key clash loads nothing
  --start-id N         the first row id to make (default 0): the same rows a bigger run makes there
  --connections N      Postgres: COPY connections loading each table at once (default ${DEFAULT_CONNECTIONS})
  --no-run-log         Postgres: do not record the run in the shardgen.runs table
  -w, --workers N      worker threads, 1..${MAX_WORKERS} (default: CPU count), at most one per CPU (--cpus);
                       jobs of 100k rows or fewer run without a pool; the output never depends on this
  --cpus N             CPUs the run may use (default: the machine's, or the container's CPU quota)
  --shard i/n          make slice i of n (0-based) of every table, e.g. 2/4; the files of 0/n..n-1/n,
                       concatenated in order, are byte for byte the unsharded output; auto/n takes i from
                       JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX or CLOUD_RUN_TASK_INDEX
  --chunk-rows N       rows per task handed to a worker (default ${DEFAULT_CHUNK_ROWS}, ${NARROW?.rows} when the tables
                       have ${NARROW?.columns} columns or fewer in all); speed only, never output
  --row-group-rows N   parquet: rows per row group (default ${DEFAULT_ROW_GROUP_ROWS}); each is encoded by one worker,
                       so memory grows with it
  --compression C      parquet: snappy (default) | zstd | none
  --compress CODEC     ndjson, csv files or stdout: gzip (.gz) | zstd (.zst), as members of 32,768
                       rows each, the same bytes for any --workers, --chunk-rows or --shard
  --compress-level N   gzip 1-9 (default 6), zstd 1-19 (default 3)
  --memory SIZE        memory the run may use, e.g. 1G: fewer workers (and, for parquet without
                       --row-group-rows, smaller row groups) to fit; default: the container's limit, if any
  --fsync              flush files to the device before they get their final names
  --checksum ALG       each file's checksum in the manifest: xxh128 (default; verify with xxh128sum),
                       sha256 (sha256sum; a fifth more CPU for NDJSON) or none (--no-checksum)
  --dirty RATE         labelled dirty data (files, Postgres): RATE of the rows get one defect each (NULL
                       in a NOT NULL column, out of range, email without @, duplicate key, orphan foreign
                       key, timestamp outside its day), listed in DIR/defects.ndjson for gen check
  --dry-run            print what would be made, make nothing
  --progress MODE      auto | bar | log | json | none (default auto: a bar on a terminal, log lines otherwise);
                       progress goes to stderr, json is one object per line
  -q, --quiet          no progress and no summary; errors only
  --debug              print stack traces on errors
  -h, --help           this text
  -V, --version        the version

Output (files):
  DIR/<table>.<format> per table (sharded: <table>.shard-02-of-16.<format>) and DIR/manifest.json
  (dataset, version, seed, date, options, rows, bytes and SHA-256 per file). Files are written under a
  hidden temporary name and renamed when the whole run is complete: a failed or interrupted run leaves
  no file that looks whole, and earlier files stay as they were. One run at a time writes a directory
  (DIR/.shardgen.lock), and gen replaces only files a gen manifest there lists (--force for others).
  CSV has a header line (in shard 0 only).
  Parquet: one file per table, typed columns (int64, decimal(18,2), utf8, bool, timestamp[us, UTC]);
  each shard is a complete Parquet file (shards hold the rows of the unsharded file, not its bytes).

Output (Postgres):
  Tables with typed columns and primary keys, marked as gen's by their comment; gen replaces only those
  (--force for others), checked before generating. Each run is recorded in shardgen.runs
  (dataset, seed, options, status running/completed/failed, rows per table, error, timings). A failed or
  interrupted run leaves every table exactly as it was.

Exit codes: 0 ok, 1 failure, 2 bad usage, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).

Examples:
  gen --rows 1e6                                    out/items.ndjson + out/manifest.json
  gen --rows 1e7 --workers 2 --format csv --out data/
  gen --rows 10M --seed 42 --date 2026-01-01 --out - | head
  gen --rows 1e7 --shard 2/4 --out part/            the third quarter of the rows, nothing else
  gen --rows 1e7 --format parquet --compression zstd --out data/
  gen --rows 1e8 --compress zstd --shard auto/8 --out s3://lake/items/
  gen --rows 1e7 --url postgres://me@localhost:5432/shop   table items replaced in one transaction
  gen --rows 1e6 --url $DATABASE_URL --append             1e6 more rows, ids continuing
  gen --rows 1e8 --shard 3/16 --append --start-id 0 --url ...   slice 3 of 16, loaded by one of 16 machines
  gen init --url postgres://me@db/app --out app.yaml           your own tables as a schema file, then:
  gen --config app.yaml --url postgres://me@staging/app --append --rows 1e7   fill them
  gen --rows 1e8 --dry-run                          what would be made
`;
