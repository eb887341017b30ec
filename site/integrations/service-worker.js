/*
 * The body of the course's service worker (dist/sw.js), so the course keeps working offline after
 * the first visit. postbuild.ts prepends CACHE_NAME (changes with every build that changes a file),
 * CACHE_PREFIX and PRECACHE_URLS.
 *
 * Pages, and the search index's entry file: network first, so a reader online always sees the
 * latest deploy; the cache answers when the network fails. Everything else of ours (hashed
 * /_astro/ files, the index's hashed chunks, fonts): cache first, stored on first use. Other
 * origins and non-GET requests are left alone.
 */
/* global CACHE_NAME, CACHE_PREFIX, PRECACHE_URLS */

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE_NAME)
      // `cache: 'reload'` skips the HTTP cache, so a new deploy never precaches an old copy.
      .then((cache) => cache.addAll(PRECACHE_URLS.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/**
 * Pagefind fetches its entry file (the list of the current index chunks) with a cache-busting
 * ?ts=… on every page load, so it is fresh online; offline it must come from the cache.
 */
const SEARCH_ENTRY = '/pagefind/pagefind-entry.json';

/**
 * Stored under the path alone: /search/?q=… is the /search/ page, whose script reads the query,
 * and pagefind-entry.json?ts=… is the entry file.
 */
function pageKey(request) {
  const url = new URL(request.url);
  return url.origin + url.pathname;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE_NAME);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(pageKey(request), response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(pageKey(request));
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE_NAME);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const fresh = request.mode === 'navigate' || url.pathname === SEARCH_ENTRY;
  event.respondWith(fresh ? networkFirst(request) : cacheFirst(request));
});
