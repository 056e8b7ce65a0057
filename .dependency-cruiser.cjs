/**
 * Imports run one way, from the bottom layer up: a module may import its own layer and the layers below it,
 * never a layer above, and no import cycle is allowed (type-only imports count too).
 * Checked by `npm run lint` (https://github.com/sverweij/dependency-cruiser).
 */
const LAYERS = [
  // Shared leaves: errors, dates, checksums, random streams, byte writers, column vectors, faker's words, codecs.
  [
    'leaves',
    '^src/(errors|dates|checksums|pause|version|module-url|option-checks|suggest)[.]ts$|^src/(random|bytes|vectors|vocabulary|compression)/',
  ],
  // The dataset model (structure only) and the built-in datasets.
  ['dataset', '^src/(dataset|datasets)/'],
  // Generator registrations: compile a column once, validate its values.
  ['generators', '^src/generators/'],
  // Schema files: the dataset model as YAML/JSON, checked against the generator registrations.
  ['schema', '^src/schema/'],
  // Row layouts of a run: sizes, id ranges, chunks, partitions.
  ['plan', '^src/plan/'],
  // Labelled dirty data: which rows get which defect, and the defects made in a batch.
  ['dirty', '^src/dirty/'],
  // What a worker does: generate a chunk's columns and hand them to an encoder; the worker protocol.
  ['worker', '^src/worker/'],
  // Formats: one record and one encoder per format.
  ['encoders', '^src/encoders/'],
  // Destinations: one record per sink.
  ['sinks', '^src/sinks/'],
  // Options checked against the formats and sinks into a run plan.
  ['planner', '^src/planner/'],
  // Running a plan: workers, order, backpressure, commit.
  ['coordinator', '^src/coordinator/'],
  // `gen check`: an output compared with what gen makes.
  ['check', '^src/check/'],
  // `gen init`: a live database's catalog read into a schema file.
  ['init', '^src/init/'],
  // Entry points: the worker module, the command line, the package's API.
  ['entry', '^workers/|^src/cli/|^src/index[.]ts$'],
];

const upward = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `${name}-imports-upward`,
  comment: `${name} may import only ${LAYERS.slice(0, i + 1)
    .map(([n]) => n)
    .join(', ')}`,
  severity: 'error',
  from: { path },
  to: {
    path: LAYERS.slice(i + 1)
      .map(([, p]) => `(${p})`)
      .join('|'),
  },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    ...upward,
    {
      name: 'outside-the-layers',
      comment: 'every module of src/ and workers/ belongs to a layer (add new folders to LAYERS)',
      severity: 'error',
      from: { path: '^(src|workers)/', pathNot: LAYERS.map(([, p]) => `(${p})`).join('|') },
      to: {},
    },
    { name: 'no-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve packages as Node does, through their `exports` (parquet-wasm has no plain `main` for Node).
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
