/**
 * The bar every lesson meets before it lands: a complete frontmatter (the schema in
 * site/content.config.ts enforces the shape at build time; here the counts), at least four checked
 * exercises and at least two live widgets, ids in the `NN-name` form the URLs keep.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const directory = new URL('../../lessons/', import.meta.url);
const files = readdirSync(directory).filter((name) => name.endsWith('.mdx')).sort();

function frontmatter(source: string): string {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(source);
  if (!match) throw new Error('no frontmatter');
  return match[1]!;
}

describe('lessons', () => {
  it('exist, and no scratch file is left among them', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) expect(name).toMatch(/^\d\d-[a-z0-9-]+\.mdx$/);
  });

  describe.each(files)('%s', (name) => {
    const source = readFileSync(new URL(name, directory), 'utf8');
    const head = frontmatter(source);

    it('has a week, an order, a title, a summary, at least three objectives and prerequisites', () => {
      for (const field of ['week', 'order', 'title', 'summary', 'objectives', 'prerequisites']) expect(head).toMatch(new RegExp(`^${field}:`, 'm'));
      const objectives = head.split(/^objectives:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
      expect(objectives.match(/^\s+- /gm)?.length ?? 0).toBeGreaterThanOrEqual(3);
    });

    it('has at least four exercises, each with a hint and a worked solution', () => {
      const exercises = source.match(/<Exercise\b/g)?.length ?? 0;
      expect(exercises).toBeGreaterThanOrEqual(4);
      expect(source.match(/slot="hint"/g)?.length ?? 0).toBe(exercises);
      expect(source.match(/slot="solution"/g)?.length ?? 0).toBe(exercises);
    });

    it('computes no number inside math, where MDX would print the expression as TeX', () => {
      // `$m = {fmt(x, 4)}$` renders the letters "fmt(x,4)": an MDX expression does not run inside math.
      const exported = [...source.matchAll(/^export const (\w+)/gm)].map((m) => m[1]!).concat(['fmt', 'format', 'formatNumber']);
      const body = source.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/^(import|export) .*$/gm, '');
      const math = [...body.matchAll(/\$\$[\s\S]*?\$\$|\$[^$\n]+\$/g)].map((m) => m[0]);
      const offending = math.filter((segment) => exported.some((name) => new RegExp(`\\{\\s*${name}\\b`).test(segment)));
      expect(offending).toEqual([]);
    });

    it('has at least two live widgets', () => {
      // Any component imported from widgets/ except the exercise counts, so a new widget needs no edit here.
      const imported = [...source.matchAll(/^import (\w+) from '\.\.\/widgets\/[^']+\.astro';$/gm)].map((m) => m[1]!);
      const live = imported.filter((name) => name !== 'Exercise');
      const widgets = live.length === 0 ? 0 : (source.match(new RegExp(`<(${live.join('|')})\\b`, 'g'))?.length ?? 0);
      expect(widgets).toBeGreaterThanOrEqual(2);
    });
  });
});
