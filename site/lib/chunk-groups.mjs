/**
 * Groups of modules the build puts in one file each (Rollup's `manualChunks`).
 *
 * Left to itself, Rollup makes a chunk for every distinct set of widgets that share some modules, and a lesson
 * fetched about 45 files, half of them under 1 kB. Each file is compressed on its own, without the others as
 * context, so a lesson with every widget loaded cost 12–13 kB more gzip than the same code in one file would
 * (lessons 03, 06 and 12, measured).
 * A group holds modules that load together: a lesson that needs one of them needs the rest, or nearly (the
 * comments say where a lesson fetches a little it does not run).
 *
 * Not in any group, so still fetched only when needed: each widget's own code, each neuron model
 * (engine/models/load.ts), the stimulus grammar (engine/stimuli/expression.ts), the exercise checker and the
 * workers' jobs; the adaptive method is a group of its own for the same reason. The engine groups hold engine
 * modules only: the workers import them (vite-worker-chunks.mjs), and a worker has no document.
 */

/** @type {Readonly<Record<string, readonly string[]>>} */
const GROUPS = {
  // Every lesson: the plot helpers with the D3 modules they use, the sliders' panel, the readouts and exports.
  // (The Hopfield grid and weight matrix of lesson 10 bind their sliders themselves and write no readouts: 1 kB
  // that lesson fetches and does not run.)
  plot: [
    'node_modules/d3-array/',
    'node_modules/d3-axis/',
    'node_modules/d3-selection/',
    'widgets/lib/decimate.ts',
    'widgets/lib/export-data.ts',
    'widgets/lib/format.ts',
    'widgets/lib/param-panel.ts',
    'widgets/lib/plot.ts',
    'widgets/lib/readouts.ts',
    'widgets/lib/regions.ts',
    'widgets/lib/scale.ts',
  ],
  // An exercise's element, fetched when the reader nears the first exercise (its checker, check.ts, and the
  // variants stay apart, fetched at the first Check; the student-code and progress modules run at load on some pages).
  exercise: ['widgets/exercise/element.ts', 'widgets/exercise/spec.ts', 'widgets/exercise/state.ts'],
  // The adaptive method, fetched with import() when a run asks for it (engine/run/adaptive-loader.ts): the default of
  // Hodgkin–Huxley and the EIF (lessons 02 and 04), which the other lessons run only if a reader picks it. Before
  // the simulator's group, which would otherwise take the Dormand–Prince pair with the other integrators.
  adaptive: ['engine/run/adaptive.ts', 'engine/integrators/dopri5.ts'],
  // Every lesson: reproducible arithmetic, random numbers, the parameter registries, the error every simulator throws,
  // and the registration of the pieces fetched on demand.
  'engine-base': ['engine/lazy-registration.ts', 'engine/math/deterministic.ts', 'engine/params/registry.ts', 'engine/random/rng.ts', 'engine/spec-error.ts'],
  // The single-neuron simulator: every lesson with a membrane trace, f–I curve or phase plane (01–07, 12).
  simulate: [
    'engine/analysis/lif-analytic.ts',
    'engine/analysis/spikes.ts',
    'engine/integrators/',
    'engine/models/load.ts',
    'engine/models/registry.ts',
    'engine/run/',
    'engine/scenario.ts',
    'engine/simulate.ts',
    'engine/stimuli/expression-error.ts',
    'engine/stimuli/expression-parser.ts',
    'engine/stimuli/stimulus.ts',
  ],
  // The page's side of the workers and the message protocol both sides speak, with the engine worker's job table:
  // the page fetches the client and protocol together, and the worker (which imports the protocol and the table)
  // then finds them in the cache. One file where there were three, 0.3 kB less on each lesson with an f–I curve.
  'worker-client': ['engine/worker/client.ts', 'engine/worker/jobs.ts', 'engine/worker/protocol.ts'],
  // The f–I curve's jobs, which the engine worker fetches, with the curve's computation, which both the page and the
  // jobs import: every lesson with an f–I curve fetches both.
  'neuron-jobs': ['engine/worker/neuron-jobs.ts', 'widgets/fi-curve/compute.ts'],
  // What every lesson runs at load, with Vite's helper for import() (added in chunkGroup): the on-demand definition
  // of custom elements and the JSON depth check of the progress store and links. Each alone is under 1 kB.
  'page-base': ['engine/json-depth.ts', 'widgets/lib/lazy-element.ts'],
  // The widget shell of the single-neuron widgets (the same lessons).
  'neuron-widget': [
    'widgets/lib/controls.ts',
    'widgets/lib/define-with-models.ts',
    'widgets/lib/model-display.ts',
    'widgets/lib/neuron-export-data.ts',
    'widgets/lib/state.ts',
    'widgets/lib/widget-element.ts',
  ],
};

/**
 * Modules that keep a file of their own. Rollup puts a grouped module's static dependencies in its group unless
 * they have a chunk of their own, and these are reached from a group but must not be fetched with it:
 * - the neuron models and the stimulus grammar, fetched with import() when a widget needs them. The engine's
 *   registration imports reach them (engine/scenario.ts imports every model, engine/stimuli/stimulus.ts the
 *   grammar, for Node); the browser build drops those imports, but Rollup has assigned the modules by then;
 * - what the models use that other widgets use without them (the steady state, spike trains);
 * - what some pages run at load (the student's code and progress store).
 */
const OWN_CHUNK = [
  'engine/models/adex.ts',
  'engine/models/fitzhugh-nagumo.ts',
  'engine/models/hodgkin-huxley.ts',
  'engine/models/izhikevich.ts',
  'engine/models/lif-synaptic.ts',
  'engine/models/lif.ts',
  'engine/models/morris-lecar.ts',
  'engine/models/nonlinear-if.ts',
  'engine/stimuli/expression.ts',
  'engine/analysis/steady-state.ts',
  'engine/stimuli/spike-trains.ts',
  'widgets/exercise/student-code.ts',
];

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * The group of a module id, or undefined (Rollup decides).
 * @param {string} id
 * @returns {string | undefined}
 */
function chunkGroup(id) {
  if (id.includes('vite/preload-helper')) return 'page-base';
  if (!id.startsWith(ROOT)) return undefined;
  const path = id.slice(ROOT.length).split('?')[0] ?? '';
  if (OWN_CHUNK.includes(path)) return path.slice(path.lastIndexOf('/') + 1, -'.ts'.length);
  for (const [group, prefixes] of Object.entries(GROUPS)) {
    if (prefixes.some((prefix) => (prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix))) return group;
  }
  return undefined;
}

/**
 * The browser build only: the server build that renders the pages runs the engine's registration imports in
 * Node, and grouped there they would run before the modules they register with are initialised.
 * @returns {import('vite').Plugin}
 */
export default function chunkGroups() {
  return {
    name: 'membrane:chunk-groups',
    apply: 'build',
    config(_config, env) {
      return env.isSsrBuild ? null : { build: { rollupOptions: { output: { manualChunks: chunkGroup } } } };
    },
  };
}
