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

export type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

export function axeOf(page: Page): AxeBuilder {
  const frames = page.frames().length;
  if (frames !== 1) throw new Error(`${page.url()} has ${frames - 1} frame(s): run axe with frame support (drop setLegacyMode)`);
  return new AxeBuilder({ page }).setLegacyMode(true);
}
