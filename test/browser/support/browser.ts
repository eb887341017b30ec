/**
 * Debian's Chromium, driven by playwright-core, for the browser tests.
 *
 * In a test file:
 *
 *   import { useBrowser } from './support/browser.ts';
 *   const browser = useBrowser(); // one Chromium for this file: launched in beforeAll, closed in afterAll
 *
 *   test('the slider moves the trace', async () => {
 *     const { page, problems } = await browser.openPage('/lessons/01-integrate-and-fire/');
 *     await page.locator('input[type=range]').fill('2.5');
 *     // ... assertions on the page ...
 *     expect(problems).toEqual([]); // no console error, page error, failed or >= 400 request so far
 *   });
 *
 * `openPage(path, options)` opens a new tab on the built site (path relative to the test server's
 * base URL), starts recording before navigating, waits for `load` (or `options.waitUntil`) and
 * returns `{ page, response, problems, requests }`. `problems` and `requests` are live arrays: they
 * keep filling while the page lives, so assert on them at the end of a test. A page opened inside a
 * test is closed after that test; one opened in a beforeAll lives until the file ends (or until you
 * close it, e.g. in the matching afterAll). Options: `waitUntil`, `colorScheme` ('light' | 'dark',
 * set before navigating) and `viewport`. `browser.context` is the Playwright BrowserContext for
 * anything else, `baseUrl()` the server's origin, and `formatProblems(problems)` a readable message
 * for `expect(problems, formatProblems(problems)).toEqual([])`.
 *
 * A missing Chromium is an error, never a skip: a browser suite that silently does nothing would
 * let a broken site pass.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page, type Request, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject, TestRunner } from 'vitest';

/** Flags from TOOLCHAIN.md; the background-networking ones keep Chromium off the closed network. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`Chromium not found at CHROMIUM_PATH=${fromEnv}`);
    return fromEnv;
  }
  // The binary itself rather than Debian's /usr/bin wrapper script, which prints a shell warning.
  for (const candidate of ['/usr/lib/chromium/chromium', '/usr/bin/chromium']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('Chromium not found: install it with apt-get install chromium (or set CHROMIUM_PATH)');
}

export function baseUrl(): string {
  return inject('baseUrl');
}

export interface LaunchOptions {
  /**
   * Lets scripts injected by a test run despite the page's Content-Security-Policy. Off by default
   * so tests see the CSP readers get; page.evaluate (used by axe) is not subject to CSP anyway.
   */
  bypassCSP?: boolean;
  /**
   * The site's service worker (offline copy) is blocked unless a test file asks for it: it would
   * precache the whole course (about 7.7 MB) in every file's browser and answer the pages' requests
   * from its cache, so a widget test would also be testing the cache. offline.test.ts allows it.
   */
  serviceWorkers?: 'allow' | 'block';
}

export interface Launched {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Launched> {
  const executablePath = chromiumPath();
  // A fresh profile each time, so no cache, storage or preference leaks between runs.
  const profile = mkdtempSync(join(tmpdir(), 'membrane-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 800 },
    bypassCSP: options.bypassCSP ?? false,
    serviceWorkers: options.serviceWorkers ?? 'block',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export type ProblemKind = 'console' | 'pageerror' | 'requestfailed' | 'http';

export interface PageProblem {
  kind: ProblemKind;
  text: string;
  url?: string;
}

export interface OpenPageOptions {
  waitUntil?: 'load' | 'domcontentloaded' | 'networkidle';
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /**
   * Widgets load as the reader nears them (widgets/lib/lazy-element.ts). 'all' (the default) loads every
   * widget on the page after navigating and waits until each is defined, so a test can reach any widget
   * without scrolling; a list of tags loads those widgets only (and whatever is in view), for a test of one kind
   * of widget: the others' simulations would only take CPU from the test running beside it (the browser project is
   * CPU-bound on CI's two cores; pages.test loads every widget of every page and checks the console); 'on-demand'
   * leaves the page as a reader gets it (page-weight and lazy-loading tests).
   */
  widgets?: 'all' | 'on-demand' | readonly string[];
}

export interface OpenedPage {
  page: Page;
  /** The main document's response; null only if the navigation produced none. */
  response: Response | null;
  /** Live: console errors, uncaught page errors, failed requests and same-origin responses >= 400. */
  problems: PageProblem[];
  /** Live: every URL the page requested, in order, with its resource type. */
  requests: { url: string; type: string }[];
}

/** Attaches the recorders to a page that has not navigated yet. */
export function recordProblems(page: Page, origin: string): Pick<OpenedPage, 'problems' | 'requests'> {
  const problems: PageProblem[] = [];
  const requests: OpenedPage['requests'] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    problems.push({ kind: 'console', text: message.text(), ...(url ? { url } : {}) });
  });
  page.on('pageerror', (error) => {
    problems.push({ kind: 'pageerror', text: error.stack ?? error.message });
  });
  // A navigation cancels what the page (and its workers) still had in flight, with net::ERR_ABORTED: that is the
  // browser leaving the page, not a fault of the site, so such requests are not problems. Any other failure is.
  // A worker's requests may reach Playwright only as failures, so the time of the navigation decides too.
  let navigations = 0;
  let navigatedAt = Number.NEGATIVE_INFINITY;
  const issuedAt = new WeakMap<Request, number>();
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      navigations += 1;
      navigatedAt = Date.now();
    }
    issuedAt.set(request, navigations);
    requests.push({ url: request.url(), type: request.resourceType() });
  });
  page.on('requestfailed', (request) => {
    const leftBehind = (issuedAt.get(request) ?? navigations) < navigations || Date.now() - navigatedAt < 5000;
    if (!request.isNavigationRequest() && leftBehind && request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push({
      kind: 'requestfailed',
      text: request.failure()?.errorText ?? 'failed',
      url: request.url(),
    });
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && new URL(response.url()).origin === origin) {
      problems.push({ kind: 'http', text: `HTTP ${response.status()}`, url: response.url() });
    }
  });
  return { problems, requests };
}

export async function openPageIn(
  context: BrowserContext,
  path: string,
  options: OpenPageOptions = {},
): Promise<OpenedPage> {
  const base = baseUrl();
  const page = await context.newPage();
  // Playwright polls waitForFunction on every animation frame unless told otherwise, and a page polled that way keeps
  // producing frames while it waits: 0.5–0.7 s of Chromium CPU per 5 s of waiting on a lesson here, against about
  // 0.1 s polling on a timer. CI's two cores are busy with the other test file meanwhile. Every 50 ms is soon enough
  // for what the tests wait for (a redraw, a finished run), which lasts, not a state that flickers by.
  const waitForFunction = page.waitForFunction.bind(page);
  page.waitForFunction = ((fn: unknown, arg?: unknown, waitOptions?: { polling?: number | 'raf'; timeout?: number }) =>
    waitForFunction(fn as string, arg, { polling: 50, ...waitOptions })) as typeof page.waitForFunction;
  if (options.viewport) await page.setViewportSize(options.viewport);
  // Set before navigating so the first paint is already in the right scheme (no CSS transition).
  if (options.colorScheme) await page.emulateMedia({ colorScheme: options.colorScheme });
  const recorded = recordProblems(page, new URL(base).origin);
  const response = await page.goto(new URL(path, base).href, { waitUntil: options.waitUntil ?? 'load' });
  // 'networkidle' can come before 'load' on a busy machine (half a second without a request while the parser
  // lays out a lesson's 19,000 elements); the widgets' scripts have run only once the page has loaded.
  await page.waitForLoadState('load');
  const widgets = options.widgets ?? 'all';
  if (widgets !== 'on-demand') {
    try {
      await loadAllWidgets(page, { tags: widgets === 'all' ? undefined : widgets });
    } catch (error) {
      // What the page reported so far (a script error would stop every widget loading) belongs in the message.
      if (error instanceof Error) error.message += `; the page's problems: ${formatProblems(recorded.problems) || 'none'}`;
      throw error;
    }
  }
  return { page, response, ...recorded };
}

/**
 * Asks the page to load every widget now (the `membrane:load-widgets` event), or those of `tags` only, waits
 * until each is defined, then until the requests that started (widget chunks, workers and what they fetch) have
 * settled: none in flight for `quietMs`. 200 ms by default, enough for a test to find every widget working
 * (requests a later navigation cancels are not counted as problems); a test that must see every request, such
 * as the page weight or going offline, asks for longer.
 */
export async function loadAllWidgets(
  page: Page,
  { quietMs = 200, timeoutMs = 30_000, tags: only }: { quietMs?: number; timeoutMs?: number; tags?: readonly string[] | undefined } = {},
): Promise<void> {
  const settled = trackNetworkQuiet(page);
  try {
    const pending = await page.evaluate(async ([timeout, wanted]) => {
      // No named inner functions: the bench runs this file through tsx, which would wrap them in a helper the page lacks.
      const detail = wanted ? { tags: wanted } : null;
      document.dispatchEvent(new CustomEvent('membrane:load-widgets', { detail }));
      const undefinedTags = [...new Set([...document.querySelectorAll(':not(:defined)')].map((element) => element.localName))];
      const tags = wanted ? undefinedTags.filter((tag) => wanted.includes(tag)) : undefinedTags;
      const defined = Promise.all(tags.map((tag) => customElements.whenDefined(tag)));
      // Asked again every half second: a widget's script that registers after the first ask (a page still being
      // set up) would otherwise wait for its figure to come into view. Loading is started once per widget.
      const again = setInterval(() => document.dispatchEvent(new CustomEvent('membrane:load-widgets', { detail })), 500);
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeout));
      const outcome = await Promise.race([defined, timer]);
      clearInterval(again);
      if (outcome !== 'timeout') return [];
      return tags.filter((tag) => !customElements.get(tag));
    }, [timeoutMs, only ? [...only] : null] as const);
    if (pending.length > 0) {
      // Seen a few times under heavy load, never reproduced: say what the page knows, so the next one can be explained.
      const { failed, scripts } = await page.evaluate(() => ({
        failed: [...document.querySelectorAll('[data-role="load-failure"]')].map((el) => el.parentElement?.localName ?? '?'),
        scripts: performance.getEntriesByType('resource').filter((entry) => /\.js$/.test(entry.name)).map((entry) => entry.name.replace(/^.*\//, '')),
      }));
      throw new Error(
        `These widgets were never defined: ${pending.join(', ')}; load-failure messages on: ${failed.join(', ') || 'none'}; ` +
          `scripts the page has fetched: ${scripts.join(' ')}; ` +
          `requests in flight: ${settled.inFlightUrls().join(', ') || 'none'}; failed requests: ${settled.failedUrls().join(', ') || 'none'}`,
      );
    }
    await settled.quiet(quietMs, timeoutMs);
  } finally {
    settled.stop();
  }
}

/** Counts the page's requests in flight from now on; `quiet` resolves once none has been in flight for `quietMs`. */
function trackNetworkQuiet(page: Page): {
  quiet(quietMs: number, timeoutMs: number): Promise<void>;
  inFlightUrls(): string[];
  failedUrls(): string[];
  stop(): void;
} {
  let lastChange = Date.now();
  const open = new Set<Request>();
  const failures: string[] = [];
  const started = (request: Request): void => {
    open.add(request);
    lastChange = Date.now();
  };
  const ended = (request: Request): void => {
    open.delete(request);
    lastChange = Date.now();
  };
  const failed = (request: Request): void => {
    failures.push(`${request.url()} (${request.failure()?.errorText ?? 'failed'})`);
    ended(request);
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', failed);
  return {
    inFlightUrls: () => [...open].map((request) => request.url()),
    failedUrls: () => [...failures],
    async quiet(quietMs, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (open.size === 0 && Date.now() - lastChange >= quietMs) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop() {
      page.off('request', started);
      page.off('requestfinished', ended);
      page.off('requestfailed', failed);
    },
  };
}

/**
 * The element's box once the layout around it has stopped moving (the same box over two animation frames), for a click
 * at page coordinates. After a scroll, the prose near the viewport is laid out a frame or two later
 * (content-visibility), and its estimated height becomes its real one: an element below it moves. A phase-plane
 * click once landed 7 % of the window off this way.
 */
export async function settledBox(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const frames = () => locator.page().evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
  let box = await locator.boundingBox();
  for (let tries = 0; tries < 50; tries++) {
    await frames();
    const next = await locator.boundingBox();
    if (box && next && next.x === box.x && next.y === box.y && next.width === box.width && next.height === box.height) return next;
    box = next;
  }
  throw new Error(`${String(locator)} kept moving for 50 pairs of frames`);
}

export function formatProblems(problems: readonly PageProblem[]): string {
  return problems.map((p) => `[${p.kind}] ${p.text}${p.url ? ` (${p.url})` : ''}`).join('\n');
}

export interface BrowserHandle {
  readonly context: BrowserContext;
  openPage(path: string, options?: OpenPageOptions): Promise<OpenedPage>;
}

/**
 * Registers the hooks that launch one Chromium for the calling test file and close it afterwards.
 * Call it at the top level of a test file.
 */
export function useBrowser(options: LaunchOptions = {}): BrowserHandle {
  let launched: Launched | undefined;
  const openedInTest: Page[] = [];

  beforeAll(async () => {
    launched = await launchChromium(options);
  });
  afterEach(async () => {
    const pages = openedInTest.splice(0);
    await Promise.all(pages.map((page) => page.close()));
  });
  afterAll(async () => {
    await launched?.close();
    launched = undefined;
  });

  const context = (): BrowserContext => {
    if (!launched) throw new Error('The browser is used outside a test: call openPage inside test() or a hook');
    return launched.context;
  };

  return {
    get context() {
      return context();
    },
    async openPage(path, openOptions) {
      const opened = await openPageIn(context(), path, openOptions);
      if (TestRunner.getCurrentTest()) openedInTest.push(opened.page);
      return opened;
    },
  };
}
