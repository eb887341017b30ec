import { describe, expect, it } from 'vitest';
import {
  courseProblems,
  groupByWeek,
  lessonHref,
  neighbours,
  sortLessons,
  type LinkedLesson,
} from '../../site/lib/course';
import { buildToc } from '../../site/lib/toc';
import { WEEKS, weekLabel } from '../../site/lib/weeks';
import { contentSecurityPolicy, navLinks, pageTitle } from '../../site/lib/site';
import { extraKatexFaces, renderInlineMath, stripMathDelimiters } from '../../site/lib/inline-math';

const lesson = (id: string, week: number, order: number, prerequisiteLessons: string[] = []): LinkedLesson => ({
  id,
  week,
  order,
  prerequisiteLessons,
});

// Deliberately out of order, as a file system might list them.
const lif = lesson('01-integrate-and-fire', 1, 1);
const nonlinear = lesson('02-nonlinear-if', 1, 2, ['01-integrate-and-fire']);
const adex = lesson('03-adex', 1, 3, ['02-nonlinear-if']);
const hh = lesson('04-hodgkin-huxley', 2, 1);
const hopfield = lesson('09-hopfield', 5, 1);
const shuffled = [hh, adex, hopfield, lif, nonlinear];

describe('sortLessons', () => {
  it('orders by week, then by order within the week', () => {
    expect(sortLessons(shuffled).map((l) => l.id)).toEqual([lif.id, nonlinear.id, adex.id, hh.id, hopfield.id]);
  });

  it('breaks a tie on the id, so the order never depends on the file system', () => {
    const a = lesson('a', 1, 1);
    const b = lesson('b', 1, 1);
    expect(sortLessons([b, a])).toEqual([a, b]);
  });

  it('does not modify its argument', () => {
    const copy = [...shuffled];
    sortLessons(shuffled);
    expect(shuffled).toEqual(copy);
  });
});

describe('groupByWeek', () => {
  const groups = groupByWeek(shuffled, WEEKS);

  it('lists every week of the table, in order, including weeks still to come', () => {
    expect(groups.map((g) => g.week.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it.each([
    // [week, ids in order]
    [1, [lif.id, nonlinear.id, adex.id]],
    [2, [hh.id]],
    [3, []], // a week with no lessons yet: rendered as "coming"
    [5, [hopfield.id]],
  ])('week %i holds %j', (week, ids) => {
    expect(groups.find((g) => g.week.number === week)?.lessons.map((l) => l.id)).toEqual(ids);
  });

  it('throws for a lesson in a week the table does not know, instead of dropping it', () => {
    expect(() => groupByWeek([lesson('x', 9, 1)], WEEKS)).toThrow(/week 9/);
  });
});

describe('neighbours', () => {
  it.each([
    // [id, previous, next]
    [lif.id, undefined, nonlinear.id], // the first lesson has no previous
    [nonlinear.id, lif.id, adex.id],
    [adex.id, nonlinear.id, hh.id], // across a week boundary
    [hh.id, adex.id, hopfield.id], // across empty weeks 3 and 4
    [hopfield.id, hh.id, undefined], // the last lesson has no next
  ])('%s: previous %s, next %s', (id, previous, next) => {
    const result = neighbours(shuffled, id);
    expect(result.previous?.id).toBe(previous);
    expect(result.next?.id).toBe(next);
  });

  it('throws for an unknown id', () => {
    expect(() => neighbours(shuffled, 'nope')).toThrow(/No lesson "nope"/);
  });
});

describe('courseProblems', () => {
  it('finds nothing wrong with a sound course', () => {
    expect(courseProblems(shuffled, WEEKS)).toEqual([]);
  });

  it.each<[string, LinkedLesson[], string]>([
    // [case, lessons, the problem reported]
    ['two lessons in one slot', [lif, lesson('01-duplicate', 1, 1)], '01-integrate-and-fire: week 1, order 1 is already taken by 01-duplicate'],
    ['a prerequisite that is not a lesson', [lesson('a', 1, 1, ['ghost'])], 'a: prerequisite "ghost" is not a lesson'],
    ['a lesson that needs itself', [lesson('a', 1, 1, ['a'])], 'a: lists itself as a prerequisite'],
    ['a prerequisite that comes later', [lesson('a', 1, 1, ['b']), lesson('b', 2, 1)], 'a: prerequisite "b" comes later in the course'],
    ['a week missing from the table', [lesson('a', 9, 1)], 'a: week 9 is not in the week table'],
  ])('reports %s', (_case, lessons, problem) => {
    expect(courseProblems(lessons, WEEKS)).toContain(problem);
  });
});

describe('small helpers', () => {
  it('lesson URLs end with a slash, as the site is built with trailingSlash "always"', () => {
    expect(lessonHref('01-integrate-and-fire')).toBe('/lessons/01-integrate-and-fire/');
  });

  it.each([
    [2, 'Week 2: Hodgkin–Huxley and synapses'],
    [9, 'Week 9'], // unknown weeks still get a label
  ])('week %i is labelled %j', (week, label) => {
    expect(weekLabel(week)).toBe(label);
  });

  it.each([
    [undefined, 'Membrane: a live course in neuronal dynamics'], // the home page
    ['About', 'About · Membrane'],
  ])('page title for %j is %j', (title, text) => {
    expect(pageTitle(title)).toBe(text);
  });

  it.each([
    // [path, the link marked current]
    ['/', 'Course'],
    ['/about/', 'About'],
    ['/about', 'About'], // without the trailing slash (dev server)
    ['/lessons/01-integrate-and-fire/', undefined], // a lesson is not the Course page itself
  ])('on %s the current nav link is %s', (path, label) => {
    expect(navLinks(path).find((link) => link.current)?.label).toBe(label);
  });
});

describe('contentSecurityPolicy', () => {
  it('is the strict policy in production', () => {
    expect(contentSecurityPolicy('production')).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'",
    );
  });

  it("relaxes only script-src in development, for Astro's inline dev-toolbar script, and never allows eval", () => {
    const relaxed = contentSecurityPolicy('production').replace(
      "script-src 'self' 'wasm-unsafe-eval'",
      "script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'",
    );
    expect(contentSecurityPolicy('development')).toBe(relaxed);
    // 'wasm-unsafe-eval' (Pagefind's WebAssembly) is allowed; 'unsafe-eval' (eval, new Function) never.
    expect(relaxed).not.toMatch(/'unsafe-eval'/);
  });
});

describe('buildToc', () => {
  it('nests h3 under the preceding h2 and drops other depths', () => {
    const toc = buildToc([
      { depth: 2, slug: 'passive', text: 'Passive membrane' },
      { depth: 3, slug: 'solution', text: 'Solution' },
      { depth: 4, slug: 'detail', text: 'Too deep' }, // left out
      { depth: 3, slug: 'time-constant', text: 'Time constant' },
      { depth: 2, slug: 'lif', text: 'Leaky integrate-and-fire' },
    ]);
    expect(toc).toEqual([
      {
        slug: 'passive',
        text: 'Passive membrane',
        children: [
          { slug: 'solution', text: 'Solution', children: [] },
          { slug: 'time-constant', text: 'Time constant', children: [] },
        ],
      },
      { slug: 'lif', text: 'Leaky integrate-and-fire', children: [] },
    ]);
  });

  it('keeps an h3 that comes before any h2 as a top-level entry', () => {
    expect(buildToc([{ depth: 3, slug: 'a', text: 'A' }])).toEqual([{ slug: 'a', text: 'A', children: [] }]);
  });

  it('is empty for a lesson without sections', () => {
    expect(buildToc([{ depth: 1, slug: 'title', text: 'Title' }])).toEqual([]);
  });
});

describe('inline math in plain strings', () => {
  it('typesets $…$ and escapes the text around it', () => {
    const html = renderInlineMath('Find <b> $\\tau_m$ & more');
    expect(html).toMatch(/^Find &lt;b> <span class="katex">/);
    expect(html).toContain('τ');
    expect(html).toMatch(/ &amp; more$/);
  });

  // The same rule as the lessons' prose (site/lib/math-nobreak.mjs; the line breaks themselves are checked in Chromium).
  it('keeps the punctuation after a formula, and the bracket before one, from wrapping apart', () => {
    const html = renderInlineMath('rate ($\\nu$), then $x$ and $y$.');
    expect(html).toContain('rate <span class="math-nobreak">(</span><span class="katex">');
    expect(html.match(/class="math-nobreak"/g)).toHaveLength(3);
    expect(renderInlineMath('$x$ and $y$ then')).not.toContain('math-nobreak');
  });

  it('reads \\$ as a literal dollar sign', () => {
    expect(renderInlineMath('costs \\$5')).toBe('costs $5');
  });

  it.each([
    ['an unbalanced dollar', 'a $b', /Unbalanced/],
    ['invalid TeX fails the build', '$\\frac{1}$', /KaTeX parse error/],
  ])('throws for %s', (_case, text, message) => {
    expect(() => renderInlineMath(text)).toThrow(message);
  });

  it('strips delimiters for plain-text places', () => {
    expect(stripMathDelimiters('Rheobase $I_\\theta$ costs \\$0')).toBe('Rheobase I_\\theta costs $0');
  });

  // The faces a header's formulas need beyond the two every math page preloads (Base.astro preloads them too).
  it.each([
    ['$x_i^2 + \\frac{a}{b}$', []],
    ['$\\tiny x$', []],
    ['$\\sum_\\mu \\xi_i^\\mu$', ['Size1']],
    ['$\\left(\\frac{a}{b}\\right)$', ['Size1']],
    ['$\\displaystyle\\sum_i x_i$', ['Size2']],
    ['$\\mathbf{W}$', ['Main-Bold']],
  ])('%s draws with the extra KaTeX faces %j', (tex, faces) => {
    expect(extraKatexFaces(renderInlineMath(tex))).toEqual(faces);
  });
});
