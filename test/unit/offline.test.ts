import { describe, expect, it } from 'vitest';
import {
  cacheName,
  isPrecached,
  precacheUrls,
  SERVICE_WORKER_FILE,
  serviceWorkerSource,
  urlForFile,
  type BuiltFile,
} from '../../site/integrations/offline.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

const build: BuiltFile[] = [
  { path: 'index.html', content: text('<h1>Membrane</h1>') },
  { path: 'lessons/01-integrate-and-fire/index.html', content: text('<h1>LIF</h1>') },
  { path: '_astro/Base.abc123.js', content: text('console.log(1)') },
];

describe('cacheName', () => {
  it('is stable for the same build, whatever the order the files were read in', () => {
    expect(cacheName(build)).toBe(cacheName([...build].reverse()));
    expect(cacheName(build)).toMatch(/^membrane-[0-9a-f]{16}$/);
  });

  it.each([
    // A page's text changed: the readers' copies must be replaced.
    ['a changed page', build.map((f) => (f.path === 'index.html' ? { ...f, content: text('<h1>Membrane 2</h1>') } : f))],
    // A new lesson: it must be precached.
    ['an added file', [...build, { path: 'lessons/02-x/index.html', content: text('<h1>2</h1>') }]],
    // A removed page must leave the cache too.
    ['a removed file', build.slice(1)],
    // Same bytes under another name (a re-hashed asset) is another deploy.
    ['a renamed file', build.map((f) => (f.path === '_astro/Base.abc123.js' ? { ...f, path: '_astro/Base.def456.js' } : f))],
  ])('changes with %s', (_, changed) => {
    expect(cacheName(changed)).not.toBe(cacheName(build));
  });

  it('ignores the service worker itself, which holds the name', () => {
    expect(cacheName([...build, { path: SERVICE_WORKER_FILE, content: text('old worker') }])).toBe(cacheName(build));
  });
});

describe('urlForFile', () => {
  it.each([
    ['index.html', '/'],
    ['lessons/01-integrate-and-fire/index.html', '/lessons/01-integrate-and-fire/'],
    ['404.html', '/404.html'],
    ['_astro/katex.css', '/_astro/katex.css'],
    ['pagefind/pagefind.js', '/pagefind/pagefind.js'],
  ])('%s is served at %s', (path, url) => {
    expect(urlForFile(path)).toBe(url);
  });
});

describe('isPrecached', () => {
  it.each([
    ['index.html', true],
    ['search/index.html', true],
    ['favicon.svg', true],
    ['_astro/KaTeX_Main-Regular.abc.woff2', true],
    ['_astro/engine.worker-XYZ.js', true],
    ['pagefind/pagefind.js', true],
    ['pagefind/pagefind-worker.js', true],
    ['pagefind/wasm.en.pagefind', true],
    ['pagefind/index/en_123.pf_index', true],
    ['pagefind/fragment/en_123.pf_fragment', true],
    ['pagefind/pagefind-entry.json', true],
    // Never requested by a browser that has service workers (woff2 comes first in KaTeX's CSS).
    ['_astro/KaTeX_Main-Regular.abc.woff', false],
    ['_astro/KaTeX_Main-Regular.abc.ttf', false],
    // Pagefind's own UIs: the site draws its results itself.
    ['pagefind/pagefind-ui.js', false],
    ['pagefind/pagefind-component-ui.css', false],
    ['pagefind/pagefind-highlight.js', false],
    ['pagefind/wasm.unknown.pagefind', false],
    ['sw.js', false],
  ])('%s: %s', (path, expected) => {
    expect(isPrecached(path)).toBe(expected);
  });

  it('lists URLs sorted', () => {
    expect(precacheUrls(['sw.js', 'lessons/a/index.html', 'index.html', '_astro/x.ttf'])).toEqual(['/', '/lessons/a/']);
  });
});

describe('serviceWorkerSource', () => {
  it('declares the constants the body expects, as JSON literals', () => {
    const source = serviceWorkerSource('membrane-0123456789abcdef', ['/', '/a "b"/'], 'self.x = 1;');
    expect(source).toContain('const CACHE_NAME = "membrane-0123456789abcdef";');
    expect(source).toContain('const CACHE_PREFIX = "membrane-";');
    expect(source).toContain('const PRECACHE_URLS = ["/","/a \\"b\\"/"];');
    expect(source.endsWith('self.x = 1;')).toBe(true);
  });
});
