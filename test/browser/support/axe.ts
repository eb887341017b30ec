/**
 * axe-core for the browser tests, run in one call in the page (@axe-core/playwright's "legacy mode").
 *
 * The builder's default runs axe frame by frame with runPartial, carries every checked node's partial result out
 * to Node and finishes in a second, blank page. On a lesson (about 18,000 elements, mostly KaTeX) that took 20–25 s
 * where one axe.run in the page takes 9–12 s, with the same violations and passes. What the default adds is
 * testing cross-origin frames, and the site has no frames: `axeOf` checks that, so nothing is skipped.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { FigureValues } from '../../support/figures.ts';

export type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

export function axeOf(page: Page): AxeBuilder {
  const frames = page.frames().length;
  if (frames !== 1) throw new Error(`${page.url()} has ${frames - 1} frame(s): run axe with frame support (drop setLegacyMode)`);
  return new AxeBuilder({ page }).setLegacyMode(true);
}

/**
 * The rules whose outcome can change with the colour scheme. The dark theme only swaps the CSS colour
 * variables (site/styles/global.css), so every other rule sees the same page in both schemes; running those
 * again would double the suite's longest file for nothing.
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** One line per failing element, so a failure reads without opening a JSON dump. */
function describeViolations(violations: AxeResults['violations']): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map((node) => {
      const why = (node.failureSummary ?? '').replace(/\s*\n\s*/g, ' ');
      return `${violation.id} [${violation.impact ?? 'n/a'}] ${JSON.stringify(node.target)}: ${violation.help}. ${why}`;
    }),
  );
}

const rulesRun = (results: AxeResults): number => results.passes.length + results.violations.length + results.incomplete.length;

/**
 * KaTeX's visual layer (`.katex-html`, aria-hidden; screen readers get the MathML twin, which axe does check) is
 * about half of a lesson's elements, one span per glyph, and it made color-contrast the slowest rule of the suite.
 * axe leaves it out, and this check stands in for it: every glyph of a formula has the colour of the text around
 * the formula and no background of its own, so it contrasts exactly as the prose in the same block does, which
 * axe checks. A formula given its own colour or background (\color, \colorbox) fails here and has to be checked
 * by axe again.
 */
const KATEX_VISUAL = '.katex-html';

async function mathColourProblems(page: Page): Promise<{ formulas: number; problems: string[] }> {
  return page.evaluate((selector) => {
    const problems: string[] = [];
    const layers = document.querySelectorAll(selector);
    for (const layer of layers) {
      const formula = layer.closest('.katex');
      const around = formula?.parentElement;
      if (!formula || !around) continue;
      const text = getComputedStyle(around).color;
      for (const element of [formula, ...layer.querySelectorAll('*')]) {
        const style = getComputedStyle(element);
        const background = style.backgroundColor;
        if (style.color !== text || (background !== 'rgba(0, 0, 0, 0)' && background !== 'transparent')) {
          problems.push(`${element.className || element.localName} in “${(formula.textContent ?? '').slice(0, 40)}”: colour ${style.color} on ${background}, text around it ${text}`);
          break;
        }
      }
    }
    return { formulas: layers.length, problems };
  }, KATEX_VISUAL);
}

export interface PageAudit {
  /** For test-results/figures/axe.jsonl. */
  readonly figure: FigureValues;
  readonly light: string[];
  readonly dark: string[];
  readonly mathLight: string[];
  readonly mathDark: string[];
}

/**
 * A stylesheet that lays out every block a lesson skips out of view (content-visibility: auto, global.css): prose,
 * display equations and exercise questions.
 */
export const RENDER_ALL_CSS = ':is(.lesson-body, .exercise-question) > * { content-visibility: visible !important; }';

/**
 * axe on an open page: every rule in the light colour scheme, the colour rules again in the dark one, and the
 * formulas' colours in both. Leaves the page in the light scheme. Every rule, none disabled: a rule that does
 * not fit the site is a conversation, not a switch.
 */
export async function auditPage(page: Page): Promise<PageAudit> {
  // Prose out of view skips rendering (content-visibility: auto, global.css), and axe cannot read the colours of
  // what is not rendered: it files them as "incomplete". Render everything, as a reader's scrolling would.
  const renderAll = await page.addStyleTag({ content: RENDER_ALL_CSS });
  // What was skipped now lays out for the first time and may ask for KaTeX faces not loaded yet (the big delimiters):
  // wait for them, so that axe sees the page a reader sees.
  await page.evaluate(async () => {
    void document.body.offsetHeight;
    await document.fonts.ready;
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  });
  await page.emulateMedia({ colorScheme: 'light' });
  // Only violations are collected in detail (passes as rule ids): the assertions read nothing else.
  // options() replaces the builder's whole option object, so it comes before withRules().
  const light = await axeOf(page).options({ resultTypes: ['violations'] }).exclude(KATEX_VISUAL).analyze();
  const mathLight = await mathColourProblems(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  // Two frames, so the dark variables are applied and painted before axe reads computed colours.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  if (!(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches))) throw new Error('the dark scheme is not in force');
  // axe is in the page from the light run: calling it there directly saves the builder's second injection of its
  // 500 kB source (about a second a lesson, 20 pages a run). Same context and options as the builder would pass.
  const dark = await page.evaluate(
    ([rules, excluded]) => (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> } }).axe.run(
      { exclude: [excluded], include: [] },
      { resultTypes: ['violations'], runOnly: { type: 'rule', values: rules } },
    ),
    [COLOUR_RULES, KATEX_VISUAL] as const,
  );
  const mathDark = await mathColourProblems(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await renderAll.evaluate((style) => (style as Element).remove());
  return {
    figure: { lightRules: rulesRun(light), lightViolations: light.violations.length, formulas: mathLight.formulas, darkColourRules: rulesRun(dark), darkViolations: dark.violations.length },
    light: describeViolations(light.violations),
    dark: describeViolations(dark.violations),
    mathLight: mathLight.problems,
    mathDark: mathDark.problems,
  };
}
