/**
 * "Link to this setup" in real Chromium: for widgets of six kinds on five lesson pages (membrane trace on lesson
 * 01, phase plane, Hopfield grid, capacity curve, and the network raster and mean field on lessons 12 and 13) a control
 * is changed by keyboard, the button copies a link, and the link opened in a fresh page restores a widget whose
 * getState() equals the state the link was made from. Every widget on every page has the button. A corrupted,
 * truncated or foreign link, or an unknown id, leaves the page working with a message in words and no console
 * error; where copying is refused, the link is shown selected in a field; a new fragment in the same tab applies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { encodeLink } from '../../widgets/lib/link-codec.ts';
import { baseUrl, formatProblems, useBrowser } from './support/browser.ts';
import { widgetInstances } from './support/instances.ts';
import { distDir } from './support/pages.ts';

const browser = useBrowser();

/** Every widget tag of the course (the exercise element is not a figure and has no setup link). */
const TAGS = [
  'membrane-trace', 'fi-curve', 'f-u-plot', 'gating-plot', 'phase-plane', 'izhikevich-gallery', 'hebb-cloud', 'receptive-field',
  'bcm-selectivity', 'reward-learning', 'stdp-window', 'hopfield-grid', 'weight-matrix', 'energy-trace', 'overlap-temperature',
  'capacity-curve', 'network-raster', 'mean-field-link',
];
const all = widgetInstances<unknown>(...TAGS);
const first = (tag: string, path?: string) => all.find((w) => w.tag === tag && (path === undefined || w.path === path));

interface Stateful extends HTMLElement {
  getState(): unknown;
}

/** Waits until the page's setup script has looked at the fragment (and applied or refused it). */
async function setupSettled(page: Page): Promise<string> {
  await page.waitForFunction(() => document.documentElement.dataset['setupLink'] !== undefined, undefined, { timeout: 30_000 });
  return page.evaluate(() => document.documentElement.dataset['setupLink']!);
}

async function stateOf(page: Page, id: string): Promise<unknown> {
  return page.$eval(`#${id}`, (el) => (el as Stateful).getState());
}

/** Presses the first slider of the widget's parameter panel three steps to the right, by keyboard. */
async function nudgeSlider(page: Page, id: string): Promise<void> {
  const slider = page.locator(`#${id} input[data-role="range"]`).first();
  await slider.scrollIntoViewIfNeeded();
  await slider.focus();
  for (let i = 0; i < 3; i++) await slider.press('ArrowRight');
}

/** Draws on the Hopfield grid by keyboard: clears it, then toggles the focused cell and its right neighbour. */
async function drawOnGrid(page: Page, id: string): Promise<void> {
  await page.locator(`#${id} [data-action="clear"]`).click();
  const grid = page.locator(`#${id} [data-role="grid"]`);
  await grid.focus();
  await grid.press('Space');
  await grid.press('ArrowRight');
  await grid.press('Space');
}

/** Clicks "Link to this setup" and returns the link, from the clipboard when copying worked. */
async function takeLink(page: Page, id: string): Promise<string> {
  const box = page.locator(`#${id} [data-role="setup-link"]`);
  await box.locator('[data-action="copy-setup-link"]').click();
  await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '') !== '', `#${id} [data-role="setup-link-status"]`);
  expect(await box.locator('[data-role="setup-link-status"]').textContent()).toBe('Link copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await box.locator('[data-role="setup-link-field"]').inputValue());
  return copied;
}

// One case per widget kind: its page (where it matters) and how a reader changes it.
const cases = [
  { tag: 'membrane-trace', path: '/lessons/01-integrate-and-fire/', change: nudgeSlider },
  { tag: 'phase-plane', path: undefined, change: nudgeSlider },
  { tag: 'network-raster', path: '/lessons/12-populations/', change: nudgeSlider },
  { tag: 'hopfield-grid', path: undefined, change: drawOnGrid },
  { tag: 'capacity-curve', path: undefined, change: nudgeSlider },
  { tag: 'mean-field-link', path: '/lessons/13-mean-field/', change: nudgeSlider },
].map((c) => ({ ...c, widget: first(c.tag, c.path) }));

test('the widgets to test are on the built pages, on five different lessons', () => {
  for (const c of cases) expect(c.widget, `no <${c.tag}> on ${c.path ?? 'any page'}`).toBeDefined();
  expect(new Set(cases.map((c) => c.widget?.path)).size).toBeGreaterThanOrEqual(5);
});

test('every widget on every page has one "Link to this setup" button, naming it (read from the built HTML)', () => {
  expect(all.length).toBeGreaterThan(40);
  const html = new Map<string, string>();
  for (const w of all) {
    if (!html.has(w.path)) html.set(w.path, readFileSync(join(distDir(), decodeURIComponent(w.path), 'index.html'), 'utf8'));
    const page = html.get(w.path)!;
    const buttons = page.match(new RegExp(`<button[^>]*data-action="copy-setup-link"[^>]*data-setup-for="${w.id}"[^>]*>Link to this setup</button>`, 'g')) ?? [];
    expect(buttons.length, `${w.path} #${w.id}`).toBe(1);
  }
});

describe.each(cases)('<$tag>', ({ tag, change, widget }) => {
  test.skipIf(!widget)('a changed setup, linked and opened in a fresh page, has the same state', async () => {
    const { path, id } = widget!;
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
    const { page, problems } = await browser.openPage(path, { widgets: [tag] });
    await page.evaluate((t) => customElements.whenDefined(t), tag);
    expect(await setupSettled(page)).toBe('none');
    const before = await stateOf(page, id);
    await change(page, id);
    const changed = await stateOf(page, id);
    expect(changed, 'the control changed the state').not.toEqual(before);
    const link = await takeLink(page, id);
    expect(link).toMatch(new RegExp(`^${escape(new URL(page.url()).origin + path)}#setup=${escape(id)}\\.widget1\\.[A-Za-z0-9_-]+\\.[0-9a-z]+$`));

    const fresh = await browser.openPage(link, { widgets: [tag] });
    expect(await setupSettled(fresh.page)).toBe('applied');
    expect(await stateOf(fresh.page, id)).toEqual(changed);
    expect(await fresh.page.locator(`#${id} [data-role="setup-link-message"]`).isHidden()).toBe(true);
    // The reader lands on the figure: its title has focus and the widget is in view.
    expect(await fresh.page.evaluate((sel) => document.querySelector(sel)!.contains(document.activeElement), `#${id}`)).toBe(true);
    expect(await fresh.page.locator(`#${id}`).evaluate((el) => el.getBoundingClientRect().top < innerHeight && el.getBoundingClientRect().bottom > 0)).toBe(true);
    expect(problems, formatProblems(problems)).toEqual([]);
    expect(fresh.problems, formatProblems(fresh.problems)).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const trace = first('membrane-trace', '/lessons/01-integrate-and-fire/');
const ONLY_TRACES = { widgets: ['membrane-trace'] } as const;

describe.skipIf(!trace)('links that cannot be applied', () => {
  const { path, id } = trace ?? { path: '/', id: '' };
  const good = encodeLink('widget', 1, { state: { model: 'lif' } });

  // Each case: the fragment, where the message shows and what it says.
  test.each([
    ['garbage after the id', `#setup=${id}.garbage`, 'widget', /not applied.*damaged or incomplete/],
    ['a truncated link', `#setup=${id}.${good.slice(0, -10)}`, 'widget', /not applied.*damaged or incomplete/],
    ['a link of another kind', `#setup=${id}.${encodeLink('assignment', 1, { state: {} })}`, 'widget', /not a widget link/],
    ['a state the widget refuses', `#setup=${id}.${encodeLink('widget', 1, { state: { model: 'lif', params: { tau: -5 } } })}`, 'widget', /not valid for this figure/],
    // Hodgkin–Huxley's code is not on lesson 01 (each model loads with the widgets that show it): the widget says which model it shows.
    ['a state of another model', `#setup=${id}.${encodeLink('widget', 1, { state: { model: 'hh', stimulus: 10, duration: 100 } })}`, 'widget', /not valid for this figure: .*shows the Leaky integrate-and-fire model/],
    ['an unknown id', `#setup=no-such-figure.${good}`, 'page', /not on this page/],
  ])('%s: a message in words, the lesson setup kept, the page working, no console error', async (_, fragment, where, message) => {
    const clean = await browser.openPage(path, ONLY_TRACES);
    await setupSettled(clean.page);
    const initial = await stateOf(clean.page, id);
    await clean.page.close();

    const { page, problems } = await browser.openPage(`${path}${fragment}`, ONLY_TRACES);
    expect(await setupSettled(page)).toBe('refused');
    const region = where === 'widget' ? page.locator(`#${id} [data-role="setup-link-message"]`) : page.locator('article [data-role="setup-link-page-message"]');
    await expect.poll(() => region.textContent()).toMatch(message);
    expect(await region.isVisible()).toBe(true);
    if (where === 'page') expect(await region.getAttribute('role')).toBe('status');
    expect(await stateOf(page, id)).toEqual(initial);
    // Still working: a slider moves the trace, which redraws.
    const renders = Number(await page.locator(`#${id}`).getAttribute('data-renders'));
    await nudgeSlider(page, id);
    await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel!)?.getAttribute('data-renders')) > Number(n), [`#${id}`, String(renders)] as const);
    expect(await stateOf(page, id)).not.toEqual(initial);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test.skipIf(!trace)('where copying is refused, the link is shown selected in a labelled field', async () => {
    const { page, problems } = await browser.openPage(path, ONLY_TRACES);
    await setupSettled(page);
    await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }));
    const box = page.locator(`#${id} [data-role="setup-link"]`);
    await box.locator('[data-action="copy-setup-link"]').click();
    const field = box.locator('[data-role="setup-link-field"]');
    await expect.poll(() => field.isVisible()).toBe(true);
    const link = await field.inputValue();
    expect(link).toContain(`#setup=${id}.widget1.`);
    expect(await field.evaluate((el: HTMLInputElement) => document.activeElement === el && el.selectionStart === 0 && el.selectionEnd === el.value.length)).toBe(true);
    expect(await box.locator('label').textContent()).toBe('Link to this setup');
    expect(await box.locator('[data-role="setup-link-status"]').textContent()).toMatch(/selected in the field/);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test.skipIf(!trace)('a setup fragment entered in the same tab is applied without a reload', async () => {
    const { page, problems } = await browser.openPage(path, ONLY_TRACES);
    await setupSettled(page);
    const state = (await stateOf(page, id)) as { params: Record<string, number> };
    const target = { ...state, duration: 123 };
    await page.evaluate((hash) => (location.hash = hash), `#setup=${id}.${encodeLink('widget', 1, { state: target })}`);
    await expect.poll(() => stateOf(page, id)).toEqual(target);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
  test.skipIf(!trace)('a link that writes the stimulus as an expression is applied on a lesson whose setup has none', async () => {
    // Lesson 01 never fetches the stimulus grammar by itself (page-weight.test.ts): the link has to bring it.
    const clean = await browser.openPage(path, ONLY_TRACES);
    await setupSettled(clean.page);
    const state = (await stateOf(clean.page, id)) as Record<string, unknown>;
    await clean.page.close();
    const target = { ...state, stimulus: [{ kind: 'expression', expression: '(t > 20 and t < 80) * 3' }] };
    const { page, problems } = await browser.openPage(`${path}#setup=${id}.${encodeLink('widget', 1, { state: target })}`, ONLY_TRACES);
    expect(await setupSettled(page)).toBe('applied');
    expect(await stateOf(page, id)).toEqual(target);
    // Drawn with it: the scenario the widget exports is written at each drawing.
    await expect.poll(() => page.locator(`#${id} [data-role="scenario"]`).textContent()).toContain('(t > 20 and t < 80) * 3');
    expect(await page.locator(`#${id} [data-role="widget-error"]`).isHidden()).toBe(true);
    expect(await page.locator(`#${id} [data-role="setup-link-message"]`).isHidden()).toBe(true);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});
