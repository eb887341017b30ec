import { describe, expect, it } from 'vitest';
import { excerptSegments, queryFrom, resultsSummary, sectionLinks } from '../../site/lib/search.ts';
import { isSearchShortcut } from '../../site/lib/search-shortcut.ts';

const slash = { key: '/', ctrlKey: false, metaKey: false, altKey: false, defaultPrevented: false };
const on = (tagName: string, type?: string) => ({ tagName, isContentEditable: false, type });

describe('isSearchShortcut', () => {
  it.each([
    ['on the page itself', slash, null, true],
    ['on a link', slash, on('A'), true],
    ['on a slider (not typed into)', slash, on('INPUT', 'range'), true],
    ['on a checkbox', slash, on('INPUT', 'checkbox'), true],
    // Typing a "/" must type it.
    ['in a text field', slash, on('INPUT', 'text'), false],
    ['in the search field', slash, on('INPUT', 'search'), false],
    ['in a number field', slash, on('INPUT', 'number'), false],
    ['in an input without a type', slash, on('INPUT'), false],
    ['in a textarea (the stimulus editor)', slash, on('TEXTAREA'), false],
    ['in a select', slash, on('SELECT'), false],
    ['in editable content', slash, { tagName: 'DIV', isContentEditable: true }, false],
    // Browser and OS shortcuts stay theirs.
    ['with Ctrl', { ...slash, ctrlKey: true }, null, false],
    ['with Meta', { ...slash, metaKey: true }, null, false],
    ['handled already by a widget', { ...slash, defaultPrevented: true }, null, false],
    ['another key', { ...slash, key: 's' }, null, false],
  ])('"/" %s: %s', (_, event, target, expected) => {
    expect(isSearchShortcut(event, target)).toBe(expected);
  });
});

describe('queryFrom', () => {
  it.each([
    ['?q=rheobase', 'rheobase'],
    ['?q=+leaky%20integrate+', 'leaky integrate'],
    ['', ''],
    ['?other=1', ''],
  ])('%s -> %s', (search, query) => {
    expect(queryFrom(search)).toBe(query);
  });
});

describe('resultsSummary', () => {
  it.each([
    [0, 'No results for “spike”.'],
    [1, '1 result for “spike”.'],
    [3, '3 results for “spike”.'],
    [25, '25 results for “spike”, the first 20 shown.'],
  ])('%i results', (count, text) => {
    expect(resultsSummary(count, 'spike')).toBe(text);
  });
});

describe('excerptSegments', () => {
  it('splits marks from plain text and decodes entities', () => {
    expect(excerptSegments('the <mark>rheobase</mark> is I &lt; I&#x2081; &amp; more')).toEqual([
      { text: 'the ', mark: false },
      { text: 'rheobase', mark: true },
      { text: ' is I < I₁ & more', mark: false },
    ]);
  });

  it('keeps any other markup as no markup at all', () => {
    expect(excerptSegments('<img src=x onerror=alert(1)>a <MARK>b</MARK>')).toEqual([
      { text: 'a ', mark: false },
      { text: 'b', mark: true },
    ]);
  });

  it('leaves unknown entities as they are', () => {
    expect(excerptSegments('&bogus; &#99999999;')).toEqual([{ text: '&bogus; &#99999999;', mark: false }]);
  });
});

describe('sectionLinks', () => {
  const section = (title: string, anchor: string, matches: number) => ({
    title,
    url: anchor === '' ? '/lessons/01/' : `/lessons/01/#${anchor}`,
    excerpt: '',
    locations: Array.from({ length: matches }, (_, i) => i),
  });

  it('keeps the sections under a heading with the most matches, in the order of the page', () => {
    const sections = [section('Lesson', '', 9), section('A', 'a', 1), section('B', 'b', 4), section('C', 'c', 2), section('D', 'd', 3)];
    expect(sectionLinks(sections).map((s) => s.title)).toEqual(['B', 'C', 'D']);
  });

  it('gives no links when no match lies under a heading, and fewer when there are fewer', () => {
    expect(sectionLinks([section('Lesson', '', 5)])).toEqual([]);
    expect(sectionLinks([section('A', 'a', 1), section('  ', 'blank', 3)]).map((s) => s.title)).toEqual(['A']);
    expect(sectionLinks([])).toEqual([]);
  });
});
