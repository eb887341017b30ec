/**
 * An Astro integration that finishes the built site in `astro:build:done`, so `astro build` alone
 * (with or without --outDir) produces a complete site:
 *
 * 1. the Pagefind search index in <outDir>/pagefind/ (a static full-text index plus a small wasm
 *    search; no server), built from the lesson bodies only: Lesson.astro marks the article with
 *    data-pagefind-body, and EXCLUDED_FROM_SEARCH drops what is not prose;
 * 2. <outDir>/sw.js, the service worker, written last because its cache name hashes every other
 *    file, the search index included.
 *
 * Add it after every integration that writes files into the output directory.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { cacheName, isPrecached, precacheUrls, SERVICE_WORKER_FILE, serviceWorkerSource, type BuiltFile } from './offline.ts';

/**
 * Inside a lesson body, what a search should not find or quote: widgets (controls, readouts, plots),
 * exercise forms, hints and worked solutions (a search must not hand out answers), the outline and
 * contents repeated on narrow screens, the pager, and KaTeX's visual output (glyph soup as text).
 */
export const EXCLUDED_FROM_SEARCH: readonly string[] = [
  '.widget',
  '.exercise-form',
  '.exercise-hint',
  '.exercise-solution',
  '.exercise-note',
  '.exercise-presets',
  '.collapsibles',
  '.pager',
  // A formula is indexed by its MathML text (τm du/dt=F(u)+RI): KaTeX's visual HTML is glyph soup as text,
  // and the TeX annotation repeats the formula in backslashes.
  '.katex-html',
  '.katex-mathml annotation',
  'noscript',
];

async function buildSearchIndex(outDir: string): Promise<number> {
  const { index, errors } = await pagefind.createIndex({
    excludeSelectors: [...EXCLUDED_FROM_SEARCH],
    forceLanguage: 'en',
  });
  try {
    if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
    const added = await index.addDirectory({ path: outDir });
    if (added.errors.length > 0) throw new Error(`pagefind: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(outDir, 'pagefind') });
    if (written.errors.length > 0) throw new Error(`pagefind: ${written.errors.join('; ')}`);
    return added.page_count;
  } finally {
    // The Node API runs the pagefind binary as a child process; close it or the build never exits.
    await pagefind.close();
  }
}

function readBuiltFiles(outDir: string): BuiltFile[] {
  return readdirSync(outDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const absolute = join(entry.parentPath, entry.name);
      return { path: relative(outDir, absolute).split(sep).join('/'), content: readFileSync(absolute) };
    });
}

function writeServiceWorker(outDir: string, body: string): { name: string; urls: number; bytes: number } {
  const files = readBuiltFiles(outDir);
  const name = cacheName(files);
  const urls = precacheUrls(files.map((file) => file.path));
  const bytes = files.filter((file) => isPrecached(file.path)).reduce((sum, file) => sum + file.content.byteLength, 0);
  writeFileSync(join(outDir, SERVICE_WORKER_FILE), serviceWorkerSource(name, urls, body));
  return { name, urls: urls.length, bytes };
}

export default function postbuild(): AstroIntegration {
  let srcDir: URL | undefined;
  return {
    name: 'membrane:postbuild',
    hooks: {
      'astro:config:done': ({ config }) => {
        srcDir = config.srcDir;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const pages = await buildSearchIndex(outDir);
        logger.info(`search index: ${pages} HTML files read (only lesson bodies are indexed)`);
        if (!srcDir) throw new Error('astro:config:done did not run');
        const body = readFileSync(new URL('integrations/service-worker.js', srcDir), 'utf8');
        const sw = writeServiceWorker(outDir, body);
        logger.info(`${SERVICE_WORKER_FILE}: cache ${sw.name}, ${sw.urls} URLs precached (${(sw.bytes / 1024).toFixed(0)} kB)`);
      },
    },
  };
}
