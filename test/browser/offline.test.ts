/**
 * The course offline: after a first visit the service worker (dist/sw.js, written by
 * site/integrations/postbuild.ts) has cached every page, and with the network gone the reader can
 * reload, move to another lesson and search. That a new build gets a new cache name is unit-tested
 * (test/unit/offline.test.ts); here the name the page's cache carries must be the build's.
 *
 * One test, because the steps depend on each other; the context is this file's own, so the worker
 * and the offline switch reach no other file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { formatProblems, loadAllWidgets, useBrowser } from './support/browser.ts';
import { distDir } from './support/pages.ts';

const browser = useBrowser({ serviceWorkers: 'allow' });

/** Never built, so never cached: fetching it offline must fail, which proves the worker is offline too. */
const PROBE = '/offline-probe-never-built.txt';

afterAll(async () => {
  await browser.context.setOffline(false);
});

test('after the first visit, lessons and search work without a network', async () => {
  const source = readFileSync(join(distDir(), 'sw.js'), 'utf8');
  const cacheName = /const CACHE_NAME = "([^"]+)";/.exec(source)?.[1];
  expect(cacheName).toMatch(/^membrane-[0-9a-f]{16}$/);

  const { page, problems } = await browser.openPage('/');
  // A step that cannot finish fails here, with its own message, well before the test's timeout.
  page.setDefaultTimeout(15_000);
  // ready resolves once the worker is active, i.e. after install has precached everything.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(new URL(scope).pathname).toBe('/');
  expect(await page.evaluate(() => caches.keys())).toEqual([cacheName]);
  const cached = await page.evaluate(async (name) => {
    const cache = await caches.open(name);
    return (await cache.keys()).map((request) => new URL(request.url).pathname);
  }, cacheName!);
  expect(cached).toEqual(expect.arrayContaining(['/', '/search/', '/lessons/01-integrate-and-fire/', '/pagefind/pagefind.js']));

  await page.goto(new URL('/lessons/01-integrate-and-fire/', page.url()).href, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // Online, every widget's code and worker is fetched (and cached) before the network goes away.
  await loadAllWidgets(page, { quietMs: 1000 });

  await browser.context.setOffline(true);
  const probe = await page.evaluate(async (url) => {
    try {
      return `HTTP ${(await fetch(url)).status}`;
    } catch {
      return 'network error';
    }
  }, PROBE);
  expect(probe, 'the worker cannot reach the network either').toBe('network error');

  const checkLesson = async (title: RegExp): Promise<void> => {
    await expect.poll(() => page.locator('h1').textContent()).toMatch(title);
    expect(await page.locator('.widget').count(), 'the lesson has its widgets').toBeGreaterThan(0);
    // Widgets load their code on demand; ask for all of it, which must come from the cache too (this waits until
    // every widget is defined and the requests they started, the engine's worker among them, have settled).
    await loadAllWidgets(page, { quietMs: 1000 });
    // ...and the first one has drawn its plot (its simulation ran, in the engine's worker if it has one).
    await page.waitForFunction(() => document.querySelector('.widget svg path') !== null);
  };

  await page.reload();
  await checkLesson(/^Integrate-and-fire/);

  await page.goto(new URL('/lessons/04-hodgkin-huxley/', page.url()).href);
  await checkLesson(/^Hodgkin–Huxley/);

  await page.goto(new URL('/search/?q=rheobase', page.url()).href);
  await page.waitForFunction(() => /results? for|could not/.test(document.querySelector('.search-status')?.textContent ?? ''));
  expect(await page.locator('.search-status').textContent()).toMatch(/^\d+ results? for “rheobase”/);
  expect(await page.locator('.search-results a[href="/lessons/01-integrate-and-fire/"]').count()).toBe(1);

  const unexpected = problems.filter((p) => !(p.url ?? '').endsWith(PROBE) && !p.text.includes(PROBE));
  expect(unexpected, formatProblems(unexpected)).toEqual([]);
});
