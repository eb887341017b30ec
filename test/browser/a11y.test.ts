import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { recordFigure } from '../support/figures.ts';
import { type AxeResults, axeOf } from './support/axe.ts';
import { useBrowser } from './support/browser.ts';
import { listPages } from './support/pages.ts';

const browser = useBrowser();

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

describe.each(listPages())('%s', (path) => {
  test('has no axe violations: every rule in the light colour scheme, the colour rules again in the dark one', async () => {
    const { page } = await browser.openPage(path, { colorScheme: 'light' });
    // Every rule, none disabled: a rule that does not fit the site is a conversation, not a switch.
    // Only violations are collected in detail (passes as rule ids): the assertions read nothing else.
    // options() replaces the builder's whole option object, so it comes before withRules().
    const light = await axeOf(page).options({ resultTypes: ['violations'] }).exclude(KATEX_VISUAL).analyze();
    const mathLight = await mathColourProblems(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    // Two frames, so the dark variables are applied and painted before axe reads computed colours.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const dark = await axeOf(page).options({ resultTypes: ['violations'] }).withRules(COLOUR_RULES).exclude(KATEX_VISUAL).analyze();
    const mathDark = await mathColourProblems(page);
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), 'the dark scheme is in force').toBe(true);
    recordFigure('axe', path, { lightRules: rulesRun(light), lightViolations: light.violations.length, formulas: mathLight.formulas, darkColourRules: rulesRun(dark), darkViolations: dark.violations.length });
    expect(describeViolations(light.violations), 'light').toEqual([]);
    expect(describeViolations(dark.violations), 'dark').toEqual([]);
    expect(mathLight.problems, 'formulas take the colour of their text (light)').toEqual([]);
    expect(mathDark.problems, 'formulas take the colour of their text (dark)').toEqual([]);
  });
});
