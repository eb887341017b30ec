// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import remarkMath from 'remark-math';
import rehypeKatexStrict from './site/lib/rehype-katex-strict.mjs';
import rehypeMathNobreak from './site/lib/math-nobreak.mjs';
import rehypeProseLength from './site/lib/rehype-prose-length.mjs';
import postbuild from './site/integrations/postbuild.ts';
import workerChunks from './site/lib/vite-worker-chunks.mjs';
import chunkGroups from './site/lib/chunk-groups.mjs';

export default defineConfig({
  srcDir: './site',
  site: 'https://membrane.example',
  trailingSlash: 'always',
  build: { format: 'directory' },
  // Math is rendered to HTML at build time; no KaTeX JavaScript reaches the reader. A TeX error fails the build.
  // Then punctuation after an inline formula is kept on its line, and each paragraph and list is given its length
  // (for the height it is estimated at while its layout is skipped).
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [[rehypeKatexStrict, { strict: 'error' }], rehypeMathNobreak, rehypeProseLength],
  },
  // postbuild (search index, then the service worker, whose cache name hashes every built file) stays last.
  integrations: [mdx(), postbuild()],
  vite: {
    // Keep every script an external file so a strict Content-Security-Policy (script-src 'self') can come later.
    build: { assetsInlineLimit: 0 },
    worker: { format: 'es' },
    // The engine's workers share the page's chunks instead of bundling a second copy of the models (see the plugin).
    // Modules that load together go in one file (see chunk-groups.mjs).
    plugins: [workerChunks(), chunkGroups()],
    optimizeDeps: { include: ['d3-selection', 'd3-array', 'd3-axis'] },
  },
});
