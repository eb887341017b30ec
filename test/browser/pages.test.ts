/**
 * Every built page in Chromium, each opened once (with every widget loaded): HTTP 200, one h1 and a title,
 * math rendered at build time with MathML, axe in both colour schemes (support/axe.ts), no horizontal overflow
 * at 360 px, prose and plots whose layout waits estimated at their height, no line begun by the punctuation after a
 * formula, no console error or failed request; then every internal link and anchor found on the pages.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { recordFigure } from '../support/figures.ts';
import { auditPage, RENDER_ALL_CSS } from './support/axe.ts';
import { baseUrl, formatProblems, useBrowser, type OpenedPage } from './support/browser.ts';
import { listPages } from './support/pages.ts';

const browser = useBrowser();
const pages = listPages();

// Filled while each page is open, then checked once every page has been visited.
const linksFrom = new Map<string, string[]>();
const idsOn = new Map<string, Set<string>>();

const NARROW = { width: 360, height: 740 };

/** Runs `check` with every block of a lesson laid out: blocks off screen otherwise skip their layout (content-visibility). */
async function withProseLaidOut<T>(page: OpenedPage['page'], check: () => Promise<T>): Promise<T> {
  const style = await page.addStyleTag({ content: RENDER_ALL_CSS });
  try {
    return await check();
  } finally {
    await style.evaluate((element) => (element as Element).remove());
  }
}

test('the build has a home page and a 404 page', () => {
  expect(pages).toContain('/');
  expect(pages).toContain('/404.html');
});

test('a missing URL gets the 404 page with status 404', async () => {
  const response = await fetch(new URL('/no-such-page/', baseUrl()));
  expect(response.status).toBe(404);
  expect(await response.text()).toContain('<h1');
});

describe.each(pages)('%s', (path) => {
  let opened: OpenedPage;
  const isLesson = /^\/lessons\/[^/]+\/$/.test(path);

  beforeAll(async () => {
    // networkidle, so that requests a widget starts after load are recorded too.
    opened = await browser.openPage(path, { waitUntil: 'networkidle' });
    const found = await opened.page.evaluate(() => ({
      links: Array.from(document.querySelectorAll<HTMLAnchorElement | HTMLAreaElement>('a[href], area[href]'), (a) => a.href),
      ids: Array.from(document.querySelectorAll('[id], a[name]'), (e) => e.id || (e.getAttribute('name') ?? '')),
    }));
    const origin = new URL(baseUrl()).origin;
    linksFrom.set(path, found.links.filter((href) => new URL(href).origin === origin));
    idsOn.set(path, new Set(found.ids));
  });

  afterAll(async () => {
    await opened.page.close();
  });

  test('loads with HTTP 200', () => {
    expect(opened.response?.status()).toBe(200);
  });

  // Here rather than in a file of its own: a lesson is the suite's most expensive page to open and lay out.
  test('has no axe violations: every rule in the light colour scheme, the colour rules again in the dark one', async () => {
    const audit = await auditPage(opened.page);
    recordFigure('axe', path, audit.figure);
    expect(audit.light, 'light').toEqual([]);
    expect(audit.dark, 'dark').toEqual([]);
    expect(audit.mathLight, 'formulas take the colour of their text (light)').toEqual([]);
    expect(audit.mathDark, 'formulas take the colour of their text (dark)').toEqual([]);
  });

  test('has exactly one h1 and a non-empty title', async () => {
    expect(await opened.page.locator('h1').count()).toBe(1);
    expect((await opened.page.title()).trim()).not.toBe('');
  });

  test('math is rendered at build time, with MathML, and without errors', async () => {
    const math = await opened.page.evaluate(() => {
      const formulas = Array.from(document.querySelectorAll('.katex'));
      // TeX left in the text means a formula reached the reader unrendered.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const rawTex: string[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        if (!/\$\$|\\[a-zA-Z]+\{/.test(text)) continue;
        if (node.parentElement?.closest('.katex, code, pre, script, style, textarea')) continue;
        rawTex.push(text.trim().slice(0, 80));
      }
      return {
        formulas: formulas.length,
        withoutMathml: formulas.filter((f) => !f.querySelector('.katex-mathml math')).length,
        // KaTeX's stylesheet hides the MathML visually; without it every formula shows twice.
        visibleMathml: formulas.filter((f) => {
          const mathml = f.querySelector('.katex-mathml');
          return mathml !== null && getComputedStyle(mathml).position !== 'absolute';
        }).length,
        errors: document.querySelectorAll('.katex-error').length,
        rawTex,
        katexScripts: Array.from(document.scripts, (s) => s.src).filter((src) => /katex/i.test(src)),
      };
    });
    const html = (await opened.response?.text()) ?? '';
    if (html.includes('class="katex"')) expect(math.formulas).toBeGreaterThan(0);
    expect(math.withoutMathml, 'formulas without MathML').toBe(0);
    expect(math.visibleMathml, 'formulas whose MathML is visible (KaTeX CSS missing?)').toBe(0);
    expect(math.errors, '.katex-error elements').toBe(0);
    expect(math.rawTex, 'unrendered TeX in the text').toEqual([]);
    expect(math.katexScripts, 'KaTeX script tags').toEqual([]);
    const scriptRequests = opened.requests.filter((r) => r.type === 'script' && /katex/i.test(r.url));
    expect(scriptRequests, 'KaTeX scripts requested').toEqual([]);
  });

  test('does not overflow horizontally at 360 px', async () => {
    const { page } = opened;
    await page.setViewportSize(NARROW);
    const layout = await page.evaluate(async (limit) => {
      await new Promise<void>((settled) => requestAnimationFrame(() => requestAnimationFrame(() => settled())));
      // Elements inside a box that scrolls or clips horizontally cannot widen the page.
      const clipped = (element: Element): boolean => {
        for (let e = element.parentElement; e && e !== document.body; e = e.parentElement) {
          if (getComputedStyle(e).overflowX !== 'visible') return true;
        }
        return false;
      };
      const label = (e: Element): string =>
        e.tagName.toLowerCase() + (e.id ? `#${e.id}` : '') + Array.from(e.classList, (c) => `.${c}`).join('');
      const offenders = Array.from(document.body.querySelectorAll('*'))
        .filter((e) => e.getBoundingClientRect().right > limit && !clipped(e))
        .slice(0, 8)
        .map(label);
      return { scrollWidth: document.documentElement.scrollWidth, offenders };
    }, NARROW.width + 1);
    expect(layout.scrollWidth, `wider than the screen: ${layout.offenders.join(', ')}`).toBeLessThanOrEqual(
      NARROW.width + 1,
    );
  });

  // site/lib/rehype-prose-length.mjs and global.css. With one 5rem placeholder for every block, lessons 01, 06, 08 and 12
  // measured 64–70 % of their height at 360 px and 79–85 % at 1280 px until laid out; with the estimate, 94–101 %.
  test('prose whose layout is skipped is estimated within 10 % of its height', async () => {
    const { page } = opened;
    const ratios: Record<number, number> = {};
    await withProseLaidOut(page, async () => {
      for (const width of [NARROW.width, 1280]) {
        await page.setViewportSize({ width, height: NARROW.height });
        const { estimated, actual } = await page.evaluate(() => {
          let estimated = 0;
          let actual = 0;
          for (const block of document.querySelectorAll<HTMLElement>('.lesson-body > :is(p, ul, ol)')) {
            // "auto 123.4px": the estimate, whatever size the browser remembers from an earlier layout.
            estimated += Number.parseFloat(getComputedStyle(block).containIntrinsicHeight.replace('auto', ''));
            actual += block.getBoundingClientRect().height;
          }
          return { estimated, actual };
        });
        if (actual > 0) ratios[width] = Number((estimated / actual).toFixed(3));
      }
    });
    // Only lessons have prose blocks to skip; every lesson has some.
    expect(Object.keys(ratios).length).toBe(isLesson ? 2 : 0);
    for (const ratio of Object.values(ratios)) expect(ratio, JSON.stringify(ratios)).toBeGreaterThan(0.9);
    for (const ratio of Object.values(ratios)) expect(ratio, JSON.stringify(ratios)).toBeLessThan(1.1);
  });

  // widget.css and each widget's component: a widget loads as the reader nears it, and its plot grew from a 200 px
  // placeholder by 100–700 px (mean 259 px at 360 px), pushing the text below it if it was already in view.
  test('a plot that reserves its height before its script runs draws at that height', async () => {
    const { page } = opened;
    const mismatched: string[] = [];
    let drawn = 0;
    // A widget that computes only in view (the mean field) draws once seen: show each plot not drawn yet, as a reader's
    // scrolling would. Lesson 13 has no other plot.
    await page.evaluate(async () => {
      for (const host of document.querySelectorAll<HTMLElement>('.plot-host, .plot-part')) {
        if (host.querySelector(':scope > svg[height]')) continue;
        host.scrollIntoView({ block: 'center' });
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(done))));
      }
    });
    for (const width of [NARROW.width, 1280]) {
      await page.setViewportSize({ width, height: NARROW.height });
      // A plot whose height follows its width redraws on resize: its ResizeObserver reports at the next layout, and it
      // draws at the animation frame after that.
      await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => done())))));
      const plots = await page.evaluate(() =>
        // Set by a component (a style attribute) or a widget's stylesheet; a host of several plots reserves each part.
        Array.from(document.querySelectorAll<HTMLElement>('.plot-host, .plot-part'), (host) => {
          const svg = host.querySelector(':scope > svg');
          return {
            id: host.closest('.widget')?.id ?? '?',
            reserves: getComputedStyle(host).getPropertyValue('--plot-height') !== '',
            reserved: Number.parseFloat(getComputedStyle(host).minHeight),
            // A plot whose widget has not drawn (yet) has no height.
            drawn: svg?.hasAttribute('height') ? svg.getBoundingClientRect().height : undefined,
          };
        }),
      );
      // A canvas its script sizes in pixels (the Hopfield grid, the weight matrix): the size its stylesheet alone gives it.
      plots.push(
        ...(await page.evaluate(() =>
          Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas[data-reserves-size]'), (canvas) => {
            const drawn = canvas.style.width === '' ? undefined : canvas.getBoundingClientRect().height;
            const style = canvas.getAttribute('style');
            canvas.removeAttribute('style');
            const reserved = canvas.getBoundingClientRect().height;
            if (style !== null) canvas.setAttribute('style', style);
            return { id: canvas.closest('.widget')?.id ?? '?', reserves: true, reserved, drawn };
          }),
        )),
      );
      for (const plot of plots) {
        if (!plot.reserves || plot.drawn === undefined) continue;
        drawn += 1;
        if (Math.abs(plot.reserved - plot.drawn) > 1) mismatched.push(`${width} px, ${plot.id}: reserved ${plot.reserved} px, drew ${plot.drawn} px`);
      }
    }
    expect(mismatched).toEqual([]);
    if (isLesson) expect(drawn, 'plots checked').toBeGreaterThan(0);
  });

  // site/lib/math-nobreak.mjs. Without it, lesson 01 at 360 px began a line with the colon after $\tau_m = RC$; over
  // the twelve lessons at widths 280–760 px in steps of 24, 428 of 28,518 placements of punctuation after a formula
  // (1.5 %) began a line, and 166 of 1,512 of a bracket before one (11.0 %) ended a line.
  test('no line starts with the punctuation after an inline formula, or ends with the bracket before one', async () => {
    const { page } = opened;
    const apart: string[] = [];
    await withProseLaidOut(page, async () => {
      for (const width of [NARROW.width, 1280]) {
        await page.setViewportSize({ width, height: NARROW.height });
        const found = await page.evaluate(() => {
          const firstChar = (node: Text, at: number): DOMRect | undefined => {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + 1);
            return range.getClientRects()[0];
          };
          const found: string[] = [];
          for (const formula of document.querySelectorAll('.katex')) {
            if (formula.closest('.katex-display')) continue;
            const boxes = formula.querySelector('.katex-html')?.getClientRects();
            if (!boxes || boxes.length === 0) continue;
            const tex = formula.querySelector('annotation')?.textContent ?? '';
            const next = formula.nextSibling;
            if (next instanceof Text && /^[,.;:!?)\]]/.test(next.data)) {
              const mark = firstChar(next, 0);
              if (mark && mark.top >= boxes[boxes.length - 1]!.bottom - 2) found.push(`${tex}|${next.data.slice(0, 12)}`);
            }
            const before = formula.previousSibling;
            const bracket = before instanceof Element && before.classList.contains('math-nobreak') ? before.firstChild : before;
            if (bracket instanceof Text && /[([]$/.test(bracket.data)) {
              const mark = firstChar(bracket, bracket.data.length - 1);
              if (mark && boxes[0]!.top >= mark.bottom - 2) found.push(`${bracket.data.slice(-12)}|${tex}`);
            }
          }
          return found;
        });
        apart.push(...found.map((pair) => `${width} px: ${pair}`));
      }
    });
    expect(apart, 'formula and punctuation on different lines').toEqual([]);
  });

  test('no console errors, page errors or failed requests', () => {
    expect(opened.problems, formatProblems(opened.problems)).toEqual([]);
  });
});

test('every internal link resolves', async () => {
  expect([...linksFrom.keys()].sort(), 'every page was visited').toEqual(pages);

  const linkers = new Map<string, Set<string>>();
  for (const [page, links] of linksFrom) {
    for (const link of links) {
      const set = linkers.get(link) ?? new Set();
      set.add(page);
      linkers.set(link, set);
    }
  }

  const broken: string[] = [];
  const checkedDocuments = new Map<string, number>();
  for (const [link, from] of linkers) {
    const url = new URL(link);
    const hash = url.hash;
    url.hash = '';
    let status = checkedDocuments.get(url.href);
    if (status === undefined) {
      // No redirects: trailingSlash is 'always', so a link without its slash 404s under `astro dev`.
      status = (await fetch(url, { redirect: 'manual' })).status;
      checkedDocuments.set(url.href, status);
    }
    const linkedFrom = [...from].sort().join(', ');
    if (status !== 200) {
      broken.push(`${url.pathname} -> ${status} (linked from ${linkedFrom})`);
      continue;
    }
    const ids = idsOn.get(url.pathname);
    const fragment = decodeURIComponent(hash.slice(1));
    // '#top' needs no element: browsers scroll to the top of the page for it.
    if (fragment && fragment !== 'top' && ids && !ids.has(fragment)) {
      broken.push(`${url.pathname}${hash} -> no element with id "${fragment}" (linked from ${linkedFrom})`);
    }
  }
  expect(broken).toEqual([]);
});
