import { expect, test } from 'vitest';
import { useBrowser } from './support/browser.ts';

const browser = useBrowser();

const TAB_STOPS = 15;

interface Focused {
  description: string;
  tag: string;
  href: string | null;
  text: string;
  visible: boolean;
  indicator: boolean;
  /** Identity across stops, so a focus loop can be told from a long page. */
  key: string;
}

test('on the home page, Tab reaches a visible skip link first and every focus is visible', async () => {
  const { page } = await browser.openPage('/');
  const stops: Focused[] = [];
  for (let i = 0; i < TAB_STOPS; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate((): Focused | null => {
      const element = document.activeElement;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const shadowed = style.boxShadow !== 'none' && style.boxShadow !== '';
      const inViewport = box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
      const path: string[] = [];
      for (let e: Element | null = element; e; e = e.parentElement) {
        path.unshift(`${e.tagName}:${Array.prototype.indexOf.call(e.parentElement?.children ?? [], e)}`);
      }
      return {
        description: element.outerHTML.slice(0, 120),
        tag: element.tagName.toLowerCase(),
        href: element.getAttribute('href'),
        text: (element.textContent ?? '').trim(),
        visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && inViewport,
        indicator: outlined || shadowed,
        key: path.join('/'),
      };
    });
    // Focus left the document (past the last stop) or came round again: every stop has been seen.
    if (focused === null || stops.some((s) => s.key === focused.key)) break;
    stops.push(focused);
  }

  expect(stops.length, 'the home page has focusable elements').toBeGreaterThan(0);
  // Soft, so one run reports every missing piece rather than the first.
  const [first] = stops;
  expect.soft(first?.tag, 'the first tab stop is a link').toBe('a');
  expect.soft(first?.href ?? '', 'the first tab stop links within the page').toMatch(/^#./);
  expect.soft(first?.text ?? '', 'the first tab stop is a skip link').toMatch(/skip/i);
  expect.soft(first?.visible, 'the skip link is visible once focused').toBe(true);
  if (first?.href?.startsWith('#')) {
    const target = decodeURIComponent(first.href.slice(1));
    const count = await page.locator(`[id="${target}"]`).count();
    expect.soft(count, `the skip link's target #${target} exists once`).toBe(1);
  }

  const invisible = stops.filter((s) => !s.visible || !s.indicator).map((s) => s.description);
  expect.soft(invisible, 'focused elements without a visible focus indicator').toEqual([]);
});

test('equations wider than the column are keyboard-reachable scroll regions at 360 px, and only those; at 1280 px again', async () => {
  // site/lib/scrollable-math.ts marks them when they are rendered, the others when the page is idle, and again on
  // resize; lesson 04 has long derivations.
  const { page } = await browser.openPage('/lessons/04-hodgkin-huxley/', { widgets: 'on-demand', viewport: { width: 360, height: 740 } });
  const marks = () =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.katex-display'), (display) => {
        // An equation out of view skips layout (content-visibility), and its box's scroll width counts its formula
        // only once the formula is laid out, which asking for the formula's width does.
        void display.firstElementChild?.scrollWidth;
        return {
          overflows: display.scrollWidth > display.clientWidth + 1,
          marked: display.tabIndex === 0 && display.getAttribute('role') === 'region' && display.getAttribute('aria-label') === 'Equation (scrolls sideways)',
        };
      }),
    );
  // The equations out of view skip rendering at load: the work at load that the marking must not bring back.
  const lastRendered = await page.evaluate(() => {
    const displays = document.querySelectorAll<HTMLElement>('.lesson-body > .katex-display');
    return displays[displays.length - 1]?.firstElementChild?.checkVisibility({ contentVisibilityAuto: true });
  });
  expect(lastRendered, 'the last equation of the lesson is rendered at load').toBe(false);
  const wrong = (list: { overflows: boolean; marked: boolean }[]) => list.filter((d) => d.overflows !== d.marked).length;
  await expect.poll(async () => wrong(await marks())).toBe(0);
  const narrow = await marks();
  expect(narrow.filter((d) => d.overflows).length, 'equations that overflow at 360 px').toBeGreaterThan(0);
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect.poll(async () => wrong(await marks())).toBe(0);
  expect((await marks()).filter((d) => d.marked).length, 'fewer scroll regions at 1280 px').toBeLessThan(narrow.filter((d) => d.marked).length);
});
