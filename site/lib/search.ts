/**
 * The small decisions of the site search's results page, kept out of the .astro files so they can be tested in
 * Node (the header's "/" shortcut is in search-shortcut.ts). The index itself is Pagefind's, built by
 * site/integrations/postbuild.ts.
 */

/** Where the header form sends its query (GET, so it works without JavaScript). */
export const SEARCH_PATH = '/search/';

/** Pagefind's script, a runtime URL written by the build: never bundled. */
export const PAGEFIND_MODULE = '/pagefind/pagefind.js';

/** How many results the page renders (Pagefind loads each result's fragment separately). */
export const MAX_RESULTS = 20;

/** Sections linked under each result: enough to jump to the right part of a long lesson, few enough to scan. */
export const MAX_SECTIONS = 3;

/** One of Pagefind's sub-results: the part of a page under one heading, with its own excerpt. */
export interface SearchSection {
  readonly title: string;
  /** The page's URL with the heading's anchor (`/lessons/01-…/#rheobase`); no anchor for the part before the first heading. */
  readonly url: string;
  readonly excerpt: string;
  /** Where the words matched in the section (one entry per match). */
  readonly locations: readonly number[];
}

/**
 * The sections of a result that get a link of their own: those under a heading (the page's own link covers
 * the text before the first one), the `max` with the most matches, shown in the order of the page.
 */
export function sectionLinks(sections: readonly SearchSection[], max = MAX_SECTIONS): SearchSection[] {
  const headed = sections.filter((section) => section.url.includes('#') && section.title.trim() !== '');
  const best = [...headed].sort((a, b) => b.locations.length - a.locations.length).slice(0, max);
  return headed.filter((section) => best.includes(section));
}

/** The query of a /search/?q=… address, trimmed; '' when absent. */
export function queryFrom(search: string): string {
  return (new URLSearchParams(search).get('q') ?? '').trim();
}

/** The live region's sentence: "3 results for “rheobase”". */
export function resultsSummary(count: number, query: string): string {
  const quoted = `“${query}”`;
  if (count === 0) return `No results for ${quoted}.`;
  return `${count} ${count === 1 ? 'result' : 'results'} for ${quoted}${count > MAX_RESULTS ? `, the first ${MAX_RESULTS} shown` : ''}.`;
}

export interface ExcerptSegment {
  readonly text: string;
  /** A matched word, shown in <mark>. */
  readonly mark: boolean;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity: string, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/**
 * Pagefind's excerpt is escaped text with <mark> around matches. It is split into plain segments
 * rendered as text nodes, so no markup from the index is ever parsed as HTML by the page; any tag
 * other than <mark> is dropped.
 */
export function excerptSegments(excerpt: string): ExcerptSegment[] {
  const segments: ExcerptSegment[] = [];
  let mark = false;
  for (const part of excerpt.split(/(<\/?mark>)/i)) {
    const tag = part.toLowerCase();
    if (tag === '<mark>' || tag === '</mark>') {
      mark = tag === '<mark>';
      continue;
    }
    const text = decodeEntities(part.replace(/<[^>]*>/g, ''));
    if (text !== '') segments.push({ text, mark });
  }
  return segments;
}
