import AxeBuilder from '@axe-core/playwright';
import { describe, expect, test } from 'vitest';
import { useBrowser } from './support/browser.ts';
import { listPages } from './support/pages.ts';

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

const browser = useBrowser();

/** One line per failing element, so a failure reads without opening a JSON dump. */
function describeViolations(violations: AxeResults['violations']): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map((node) => {
      const why = (node.failureSummary ?? '').replace(/\s*\n\s*/g, ' ');
      return `${violation.id} [${violation.impact ?? 'n/a'}] ${JSON.stringify(node.target)}: ${violation.help}. ${why}`;
    }),
  );
}

describe.each(listPages())('%s', (path) => {
  test.each(['light', 'dark'] as const)('has no axe violations in the %s colour scheme', async (colorScheme) => {
    const { page } = await browser.openPage(path, { colorScheme });
    // Every rule, none disabled: a rule that does not fit the site is a conversation, not a switch.
    const results = await new AxeBuilder({ page }).analyze();
    expect(describeViolations(results.violations)).toEqual([]);
  });
});
