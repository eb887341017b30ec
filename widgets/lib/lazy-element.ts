/**
 * Widgets are defined when they are first needed, so a lesson page ships only this loader up front and
 * fetches a widget's code (its models, D3, its worker client) as the reader comes near it.
 *
 * Each widget's Astro component registers its element with
 *
 *   defineOnDemand('membrane-trace', () => import('./element.ts'));
 *
 * and the element module defines the custom element when it runs; `customElements.define` upgrades the
 * instances already in the page, so nothing else changes for the widget. A widget is loaded when:
 * - an instance comes within half a screen of the viewport (IntersectionObserver);
 * - a reader focuses or touches one before that (keyboard users tabbing ahead of the scroll);
 * - the URL's `#setup=<id>.…` names one (a setup link must apply without scrolling first);
 * - the page is printed (`beforeprint`), so a printed lesson has its figures;
 * - someone asks for all of them with the `membrane:load-widgets` event on `document` (tests and tools), for
 *   some with the same event as a CustomEvent whose `detail.tags` lists them (a test of one widget), or for one
 *   with `ensureDefined(tag)` (an exercise that reads its widget's state).
 */

export const LOAD_ALL_EVENT = 'membrane:load-widgets';

const loaders = new Map<string, () => Promise<unknown>>();
const loading = new Map<string, Promise<void>>();

/** Starts loading `tag`'s element (once) and resolves when it is defined; resolves at once for unknown tags. */
export function ensureDefined(tag: string): Promise<void> {
  const started = loading.get(tag);
  if (started) return started;
  const load = loaders.get(tag);
  if (!load) return Promise.resolve();
  const promise = load().then(
    () => customElements.whenDefined(tag).then(() => undefined),
    (error: unknown) => {
      // A failed chunk (offline before the first visit, a new deploy) must not leave the figure silent.
      loading.delete(tag);
      for (const instance of document.getElementsByTagName(tag)) showLoadFailure(instance);
      throw error;
    },
  );
  loading.set(tag, promise);
  return promise;
}

function showLoadFailure(instance: Element): void {
  if (instance.querySelector('[data-role="load-failure"]')) return;
  const message = document.createElement('p');
  message.dataset['role'] = 'load-failure';
  message.setAttribute('role', 'alert');
  message.className = 'widget-error';
  message.textContent = 'This figure could not load its code. Check your connection and reload the page.';
  instance.prepend(message);
}

function linkedFromUrl(instances: readonly Element[]): boolean {
  const match = /^#setup=([^.]+)\./.exec(location.hash);
  if (!match) return false;
  let id: string;
  try {
    id = decodeURIComponent(match[1]!);
  } catch {
    return false;
  }
  return instances.some((instance) => instance.id === id);
}

// Half a screen ahead: the code is small and cached, and a figure should be drawn before it scrolls into view. Not a
// whole screen: a figure's first drawing runs cold code (lesson 12's first Izhikevich trace, 20,000 RK4 steps, took
// 178 ms on the 2-core test machine). With a screen of margin, lesson 12's two traces, 1770 and 2960 px below the
// top, were drawn while the page loaded in Lighthouse's desktop window (940 px): blocking time 100–215 ms,
// performance 88–99 where it had been 100. Every other lesson's first figure is more than 3000 px down.
const AHEAD = '50% 0px 50% 0px';

export function defineOnDemand(tag: string, load: () => Promise<unknown>): void {
  loaders.set(tag, load);
  const instances = [...document.getElementsByTagName(tag)];
  if (instances.length === 0) return;
  const start = (): void => {
    void ensureDefined(tag).catch(() => undefined);
  };
  if (linkedFromUrl(instances) || typeof IntersectionObserver === 'undefined') {
    start();
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      start();
    },
    { rootMargin: AHEAD },
  );
  for (const instance of instances) {
    observer.observe(instance);
    instance.addEventListener('focusin', start, { once: true });
    instance.addEventListener('pointerdown', start, { once: true });
  }
  addEventListener('hashchange', () => {
    if (linkedFromUrl(instances)) start();
  });
  addEventListener('beforeprint', start);
  document.addEventListener(LOAD_ALL_EVENT, (event) => {
    const tags = (event as CustomEvent<{ tags?: unknown } | null>).detail?.tags;
    if (!Array.isArray(tags) || tags.includes(tag)) start();
  });
}
