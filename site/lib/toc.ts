/**
 * A lesson's table of contents from the headings MDX reports: h2 entries with their h3
 * children. Headings deeper than h3 are left out to keep the list scannable.
 */

/** The shape of each item in `headings` from `render(entry)`. */
export interface Heading {
  readonly depth: number;
  readonly slug: string;
  readonly text: string;
}

export interface TocEntry {
  readonly slug: string;
  readonly text: string;
  readonly children: readonly TocEntry[];
}

export function buildToc(headings: readonly Heading[]): TocEntry[] {
  const toc: { slug: string; text: string; children: TocEntry[] }[] = [];
  for (const heading of headings) {
    if (heading.depth === 2) {
      toc.push({ slug: heading.slug, text: heading.text, children: [] });
    } else if (heading.depth === 3) {
      const parent = toc.at(-1);
      const entry = { slug: heading.slug, text: heading.text, children: [] };
      // An h3 before any h2 still belongs in the list; it becomes a top-level entry.
      if (parent === undefined) toc.push(entry);
      else parent.children.push(entry);
    }
  }
  return toc;
}
