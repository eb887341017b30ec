/**
 * A link checker over the built files (no browser): every internal href, src, srcset and form
 * action of every built page, and every url() of every built stylesheet, must name a file in the
 * build, and every #fragment an element with that id on the target page. pages.test.ts follows
 * the links a reader can click in Chromium; this covers what a page loads as well (scripts,
 * styles, icons, fonts) and runs in a second.
 *
 * It lives in the browser project only to get the freshly built site (`inject('distDir')`).
 * URLs on the site's own public origin (the canonical links) count as internal.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { expect, test } from 'vitest';
import { distDir, listPages } from './support/pages.ts';

/** Any origin will do for resolving relative URLs; nothing is fetched. */
const LOCAL = 'http://built.invalid';

/**
 * Fragments that are state for a script rather than anchors: a widget's "Link to this setup"
 * (#setup=<widget id>.<state>), which the page reads and restores.
 */
const STATE_FRAGMENT = /^setup=/;

interface Tag {
  name: string;
  attributes: Map<string, string>;
}

/**
 * The start tags of an HTML document, outside comments, scripts and styles. Astro writes quoted
 * attribute values, so a value may hold '>' (a widget's JSON config) without ending the tag.
 */
function startTags(html: string): Tag[] {
  const tags: Tag[] = [];
  const withoutRaw = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, '$1</script>')
    .replace(/(<style\b[^>]*>)[\s\S]*?<\/style>/gi, '$1</style>');
  const tagPattern = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
  const attributePattern = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const match of withoutRaw.matchAll(tagPattern)) {
    const attributes = new Map<string, string>();
    for (const a of (match[2] ?? '').matchAll(attributePattern)) {
      attributes.set(a[1]!.toLowerCase(), decodeHtml(a[2] ?? a[3] ?? a[4] ?? ''));
    }
    tags.push({ name: match[1]!.toLowerCase(), attributes });
  }
  return tags;
}

function decodeHtml(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_, dec: string) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The URLs a tag points at (to load it or to go there). */
function referencesOf(tag: Tag): string[] {
  const refs: string[] = [];
  for (const attribute of ['href', 'src', 'action', 'poster']) {
    const value = tag.attributes.get(attribute);
    if (value !== undefined && value.trim() !== '') refs.push(value.trim());
  }
  const srcset = tag.attributes.get('srcset');
  if (srcset) refs.push(...srcset.split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? '').filter(Boolean));
  return refs;
}

/** The file a URL path is served from, as the static host does it, or undefined. */
function fileFor(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const path = join(root, ...decoded.split('/').filter(Boolean));
  if (!path.startsWith(root)) return undefined;
  // trailingSlash is 'always': /dir/ is a page, /dir (a redirect at best) counts as broken.
  const file = decoded.endsWith('/') ? join(path, 'index.html') : path;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

function idsOf(html: string): Set<string> {
  const ids = new Set<string>();
  for (const tag of startTags(html)) {
    const id = tag.attributes.get('id');
    if (id !== undefined) ids.add(id);
    // <a name> is an anchor too (HTML's indicated-part rules).
    if (tag.name === 'a' && tag.attributes.has('name')) ids.add(tag.attributes.get('name')!);
  }
  return ids;
}

function stylesheets(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.css'))
    .map((entry) => `/${relative(root, join(entry.parentPath, entry.name)).split(sep).join('/')}`);
}

test('every internal link, asset and anchor of the built site resolves', () => {
  const root = distDir();
  const pages = listPages(root);
  const home = readFileSync(join(root, 'index.html'), 'utf8');
  const canonical = startTags(home).find((t) => t.name === 'link' && t.attributes.get('rel') === 'canonical');
  const internalOrigins = new Set([LOCAL]);
  if (canonical?.attributes.get('href')) internalOrigins.add(new URL(canonical.attributes.get('href')!).origin);

  const idCache = new Map<string, Set<string>>();
  const idsIn = (file: string): Set<string> => {
    let ids = idCache.get(file);
    if (!ids) {
      ids = file.endsWith('.html') ? idsOf(readFileSync(file, 'utf8')) : new Set();
      idCache.set(file, ids);
    }
    return ids;
  };

  /** "target -> why", with the pages that point there. */
  const broken = new Map<string, Set<string>>();
  const report = (problem: string, from: string): void => {
    const set = broken.get(problem) ?? new Set<string>();
    set.add(from);
    broken.set(problem, set);
  };
  let checked = 0;

  const check = (ref: string, fromPath: string, fromFile: string): void => {
    let url: URL;
    try {
      url = new URL(ref, LOCAL + fromPath);
    } catch {
      report(`${ref} -> not a URL`, fromPath);
      return;
    }
    if (!internalOrigins.has(url.origin)) return;
    checked += 1;
    const file = url.pathname === new URL(fromPath, LOCAL).pathname ? fromFile : fileFor(root, url.pathname);
    if (file === undefined) {
      report(`${url.pathname} -> no such file`, fromPath);
      return;
    }
    const fragment = decodeURIComponent(url.hash.slice(1));
    if (fragment === '' || STATE_FRAGMENT.test(fragment)) return;
    if (!idsIn(file).has(fragment)) report(`${url.pathname}${url.hash} -> no element with id "${fragment}"`, fromPath);
  };

  for (const page of pages) {
    const file = page === '/404.html' ? join(root, '404.html') : join(root, ...page.split('/').filter(Boolean).map(decodeURIComponent), 'index.html');
    for (const tag of startTags(readFileSync(file, 'utf8'))) {
      for (const ref of referencesOf(tag)) check(ref, page, file);
    }
  }
  for (const sheet of stylesheets(root)) {
    const css = readFileSync(join(root, ...sheet.split('/').filter(Boolean)), 'utf8');
    for (const match of css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]+))\s*\)/g)) {
      const ref = match[1] ?? match[2] ?? match[3] ?? '';
      if (ref.startsWith('data:') || ref.startsWith('#')) continue;
      check(ref, sheet, join(root, ...sheet.split('/').filter(Boolean)));
    }
  }

  const lines = [...broken].map(([problem, from]) => `${problem} (from ${[...from].sort().join(', ')})`).sort();
  expect(pages.length, 'pages were found in the build').toBeGreaterThan(0);
  expect(checked, 'internal references were checked').toBeGreaterThan(pages.length);
  expect(lines, `${lines.length} broken internal references:\n${lines.join('\n')}`).toEqual([]);
});
