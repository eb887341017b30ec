/**
 * Builds the engine's module workers (engine/worker/*.worker.ts) as chunks of the page build instead of as
 * bundles of their own, which is what Vite does with `new Worker(new URL(…))`. A separate bundle carries a
 * second copy of every module the worker shares with the widgets (the neuron models, the stimulus parser,
 * the integrators: about 21 kB gzip); as a chunk of the page build, the worker imports the very files the
 * page has already fetched, and the browser takes them from its cache.
 *
 * Build only: in `astro dev` Vite serves the workers as it always has. The worker entries import nothing
 * that touches the DOM (engine/ has no DOM), so the chunks they share with the page run in a worker.
 *
 * The plugin also tells the bundler that engine modules (outside engine/worker/) do nothing when imported but
 * define things. Otherwise a widget that imports engine/index.ts keeps an empty `import "./x.js"` of the chunk
 * of every engine module some other widget uses (the Hebbian rules in a membrane trace), to run it in order.
 */
import { dirname, resolve } from 'node:path';

const ENGINE_MODULE = /\/engine\/(?!worker\/)[\w/-]+\.ts$/;

const WORKER_URL = /new Worker\(new URL\('\.\/([a-z-]+\.worker)\.ts', import\.meta\.url\)/g;

const ANY_ENGINE_MODULE = /\/engine\/[\w/-]+\.ts$/;

/** @returns {import('vite').Plugin} */
export default function workerChunks() {
  /**
   * Chunks that hold engine code: a worker may run them, and with them their dynamic imports (the worker's jobs,
   * engine/worker/jobs.ts; the models, engine/models/load.ts), where there is no document. Filled in generateBundle,
   * which runs for this plugin (enforce: 'pre') before Vite's writes the preload lists.
   */
  const engineChunks = new Set();
  return {
    name: 'membrane:worker-chunks',
    apply: 'build',
    enforce: 'pre',
    config() {
      return {
        build: {
          modulePreload: {
            // Vite preloads a dynamic import's dependencies with <link rel="modulepreload">, which needs a document;
            // inside a worker the import fetches its dependencies itself. On the page, the imported chunk's own
            // imports are then fetched after it rather than beside it; they are the engine's shared code, which the
            // page has mostly loaded already.
            resolveDependencies: (_file, deps, { hostId }) => (engineChunks.has(hostId) ? [] : deps),
          },
        },
      };
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && chunk.moduleIds.some((id) => ANY_ENGINE_MODULE.test(id))) engineChunks.add(chunk.fileName);
      }
    },
    transform(code, id, options) {
      if (options?.ssr) return null;
      if (ENGINE_MODULE.test(id)) return { code, map: null, moduleSideEffects: false };
      if (!id.endsWith('/engine/worker/client.ts')) return null;
      const rewritten = code.replace(WORKER_URL, (_match, name) => {
        const ref = this.emitFile({ type: 'chunk', id: resolve(dirname(id), `${name}.ts`), name });
        return `new Worker(new URL(import.meta.ROLLUP_FILE_URL_${ref})`;
      });
      if (rewritten === code) this.error('engine/worker/client.ts no longer creates its workers with new Worker(new URL(...)).');
      return { code: rewritten, map: null };
    },
  };
}
