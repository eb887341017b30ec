/**
 * Widget instances on the built pages, read from the HTML the build wrote (not from a hand-kept list), so
 * a test covers a widget wherever a lesson places it.
 *
 *   const planes = widgetInstances<PlaneConfig>('phase-plane'); // [{ path, id, config }, ...]
 *
 * `config` is the element's `data-config` JSON (the setup the component rendered at build time).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir, listPages } from './pages.ts';

export interface WidgetInstance<Config> {
  readonly path: string;
  readonly tag: string;
  readonly id: string;
  readonly config: Config;
}

/** Undoes HTML attribute escaping (Astro writes `&#34;` for quotes). */
export function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Every element with one of `tags` and a `data-config`, on every built page, in page order. */
export function widgetInstances<Config>(...tags: string[]): WidgetInstance<Config>[] {
  const pattern = new RegExp(`<(${tags.join('|')}) id="([^"]+)"[^>]*data-config="([^"]*)"`, 'g');
  return listPages().flatMap((path) => {
    const file = path === '/404.html' ? join(distDir(), '404.html') : join(distDir(), decodeURIComponent(path), 'index.html');
    return [...readFileSync(file, 'utf8').matchAll(pattern)].map((m) => ({
      path,
      tag: m[1]!,
      id: m[2]!,
      config: JSON.parse(decodeEntities(m[3]!)) as Config,
    }));
  });
}
