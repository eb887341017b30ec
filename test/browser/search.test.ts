/**
 * Site search: the header field on every page (Tab, and the "/" shortcut), the GET form to
 * /search/?q=…, and the results the page draws from the Pagefind index built with the site.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { axeOf } from './support/axe.ts';
import { formatProblems, useBrowser } from './support/browser.ts';

const browser = useBrowser();

const LESSON_01 = '/lessons/01-integrate-and-fire/';

/** Waits for the live region to report the search as done, and returns its sentence. */
async function searchStatus(page: Page): Promise<string> {
  await page.waitForFunction(() => /results? for|could not/.test(document.querySelector('.search-status')?.textContent ?? ''));
  return (await page.locator('.search-status').textContent()) ?? '';
}

async function resultLinks(page: Page): Promise<{ href: string; text: string }[]> {
  return page.$$eval('.search-results > li', (items) =>
    items.map((item) => {
      const link = item.querySelector('a');
      return { href: link?.getAttribute('href') ?? '', text: link?.textContent ?? '' };
    }),
  );
}

test('from a lesson, "/" focuses the header search and Enter lists lesson 01 for "rheobase"', async () => {
  const { page, problems } = await browser.openPage('/lessons/04-hodgkin-huxley/', { widgets: 'on-demand' });
  await page.keyboard.press('/');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-search');
  await page.keyboard.type('rheobase');
  // The shortcut must not have typed its "/" into the field.
  expect(await page.inputValue('#site-search')).toBe('rheobase');
  await Promise.all([page.waitForURL(/\/search\/\?q=rheobase$/), page.keyboard.press('Enter')]);

  expect(await searchStatus(page)).toMatch(/^\d+ results? for “rheobase”/);
  const results = await resultLinks(page);
  expect(results.map((r) => r.href)).toContain(LESSON_01);
  // Every result is a link titled with its lesson's title (not the page title with the site name).
  expect(results.find((r) => r.href === LESSON_01)?.text).toBe('Integrate-and-fire: the neuron as a leaky capacitor');
  for (const result of results) expect(result.href).toMatch(/^\/lessons\/[^/]+\/$/);
  expect(await page.locator('.search-results mark').count()).toBeGreaterThan(0);
  expect(await page.inputValue('#search-query')).toBe('rheobase');

  // Lesson 01's result links the sections where the word occurs; the first opens the lesson at its heading.
  const sectionLinks = `.search-results > li:has(> h2 a[href="${LESSON_01}"]) .search-sections a`;
  const sections = await page.$$eval(sectionLinks, (links) =>
    links.map((link) => ({ href: link.getAttribute('href') ?? '', text: link.textContent ?? '' })),
  );
  expect(sections.length).toBeGreaterThan(0);
  expect(sections.length).toBeLessThanOrEqual(3);
  for (const section of sections) expect(section.href).toMatch(new RegExp(`^${LESSON_01}#[\\w-]+$`));
  await Promise.all([page.waitForURL(`**${sections[0]!.href}`), page.locator(sectionLinks).first().click()]);
  const target = await page.evaluate(() => {
    const element = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    return element ? { tag: element.localName, text: element.textContent ?? '', top: element.getBoundingClientRect().top } : undefined;
  });
  expect(target?.tag).toMatch(/^h[2-4]$/);
  expect(target?.text).toContain(sections[0]!.text.trim());
  // Scrolled to the heading: near the top of the window.
  expect(Math.abs(target!.top)).toBeLessThan(200);
  expect(problems, formatProblems(problems)).toEqual([]);
});

test('"/" typed into a field stays a character', async () => {
  const { page } = await browser.openPage('/search/');
  await page.focus('#search-query');
  await page.keyboard.type('a/b');
  expect(await page.inputValue('#search-query')).toBe('a/b');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-query');
});

test('Tab reaches the header search field and its button', async () => {
  const { page } = await browser.openPage('/');
  const seen: string[] = [];
  for (let i = 0; i < 12 && !seen.includes('site-search'); i += 1) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate(() => document.activeElement?.id ?? ''));
  }
  expect(seen).toContain('site-search');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('form')?.getAttribute('action'))).toBe('/search/');
});

test('a query that matches nothing says so, and widget controls are not indexed', async () => {
  // Pagefind forgives typos, so only a quoted (exact) query is sure to match nothing.
  const { page, problems } = await browser.openPage('/search/?q=%22xylophone%22');
  expect(await searchStatus(page)).toBe('No results for “"xylophone"”.');
  expect(await page.locator('.search-results').isHidden()).toBe(true);
  // "Copy scenario" and "Link to this setup" are buttons on every widget and nowhere in the prose:
  // a hit would mean widget chrome went into the index.
  for (const phrase of ['"copy scenario"', '"link to this setup"']) {
    await page.goto(new URL(`/search/?q=${encodeURIComponent(phrase)}`, page.url()).href);
    expect(await searchStatus(page)).toBe(`No results for “${phrase}”.`);
  }
  // A quoted phrase of the prose is found, so the two above are not empty for another reason.
  await page.goto(new URL(`/search/?q=${encodeURIComponent('"leaky integrate-and-fire"')}`, page.url()).href);
  expect(await searchStatus(page)).toMatch(/^\d+ results? for/);
  expect(problems, formatProblems(problems)).toEqual([]);
});

test('excerpts quote formulas by their MathML text, not KaTeX glyphs or TeX', async () => {
  const { page, problems } = await browser.openPage('/search/?q=rheobase');
  await searchStatus(page);
  const text = await page.locator('.search-results').innerText();
  // Lesson 02, "The rheobase in closed form": "… zero at ϑrh, and positive above. So F has its minimum at u=ϑrh".
  expect(text).toContain('minimum at u=ϑrh');
  expect(text).not.toMatch(/\\[a-z]+/);
  expect(problems, formatProblems(problems)).toEqual([]);
});

test.each(['light', 'dark'] as const)('the results page has no axe violations in the %s colour scheme', async (colorScheme) => {
  const { page } = await browser.openPage('/search/?q=threshold', { colorScheme });
  await searchStatus(page);
  expect(await page.locator('.search-results li').count()).toBeGreaterThan(0);
  const results = await axeOf(page).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
