/**
 * Bundles what a run loads, after `tsc` (`npm run build`): the CLI (`dist/src/cli/main.js`) and the
 * worker modules (`dist/workers/*.js`), each in place of its compiled file. Node's ES module loader costs
 * about a millisecond of CPU a module: resolving, reading, compiling and linking the ~120 files the CLI
 * loaded were half of its start-up, on every run. The CLI is split (esbuild's `splitting`), so that what
 * it imports only when needed (`gen init`, `gen check`, Postgres, S3, schema files) stays out of a run
 * that does not need it. Packages stay outside (`packages: 'external'`), loaded by Node as before.
 *
 * Bundles sit at the depth of the files they replace: modules find their neighbours by relative URLs
 * (`src/module-url.ts`: the worker modules; `src/version.ts`: package.json), which then still resolve.
 * The library (`dist/src/index.js`) stays unbundled; it loads the bundled workers.
 */
import { readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync } from 'esbuild';

const dist = fileURLToPath(new URL('../', import.meta.url));
const cli = `${dist}src/cli`;
/** The CLI's shared and lazily imported parts, beside it: `gen-<name>-<hash>.js`. */
const CHUNK_PREFIX = 'gen-';

const common: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // Maps back through tsc's own maps to the TypeScript sources, for `--debug`'s stack traces.
  sourcemap: true,
  allowOverwrite: true,
  logLevel: 'warning',
};

// Chunks of an earlier build: their names hold a hash of their contents.
for (const name of readdirSync(cli)) if (name.startsWith(CHUNK_PREFIX)) rmSync(`${cli}/${name}`);
buildSync({
  ...common,
  entryPoints: [`${cli}/main.js`],
  outdir: cli,
  splitting: true,
  chunkNames: `${CHUNK_PREFIX}[name]-[hash]`,
});
for (const worker of ['text-worker', 'parquet-worker', 'hash-worker']) {
  buildSync({ ...common, entryPoints: [`${dist}workers/${worker}.js`], outfile: `${dist}workers/${worker}.js` });
}
