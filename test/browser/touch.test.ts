/**
 * Widgets by touch, on a 360 px phone (Chromium's touch emulation: taps are touch pointer events, not mouse
 * clicks): a tap on a slider's track moves it and the trace redraws; a tap on a Hopfield grid cell flips it;
 * every button and slider is at least 24 × 24 CSS px (WCAG 2.2 target size).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { baseUrl, CHROMIUM_ARGS, chromiumPath, formatProblems, loadAllWidgets, recordProblems } from './support/browser.ts';

let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  profile = mkdtempSync(join(tmpdir(), 'membrane-touch-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
});

afterAll(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

async function open(path: string) {
  const page = await context.newPage();
  const recorded = recordProblems(page, new URL(baseUrl()).origin);
  await page.goto(new URL(path, baseUrl()).href, { waitUntil: 'networkidle' });
  await loadAllWidgets(page);
  return { page, ...recorded };
}

test('a tap on a slider track moves it and the trace redraws', async () => {
  const { page, problems } = await open('/lessons/01-integrate-and-fire/');
  const widget = page.locator('membrane-trace').first();
  await widget.scrollIntoViewIfNeeded();
  await expect.poll(() => widget.getAttribute('data-renders')).not.toBeNull();
  const slider = widget.locator('input[type=range]').first();
  const path = widget.locator('path.series-line').first();
  const before = { value: await slider.inputValue(), d: await path.getAttribute('d') };
  const box = (await slider.boundingBox())!;
  await slider.tap({ position: { x: box.width * 0.85, y: box.height / 2 } });
  await expect.poll(() => slider.inputValue()).not.toBe(before.value);
  await expect.poll(() => path.getAttribute('d')).not.toBe(before.d);
  await page.close();
  expect(problems, formatProblems(problems)).toEqual([]);
});

test('a tap on a Hopfield grid cell flips it', async () => {
  const { page, problems } = await open('/lessons/10-hopfield-networks/');
  const widget = page.locator('hopfield-grid').first();
  const grid = widget.locator('[data-role="grid"]');
  await grid.scrollIntoViewIfNeeded();
  const canvas = widget.locator('[data-role="canvas"]');
  const picture = () => canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
  const before = await picture();
  const box = (await grid.boundingBox())!;
  await grid.tap({ position: { x: box.width * 0.05, y: box.height * 0.05 } });
  await expect.poll(picture).not.toBe(before);
  const after = await picture();
  await grid.tap({ position: { x: box.width * 0.05, y: box.height * 0.05 } });
  await expect.poll(picture).not.toBe(after);
  await page.close();
  expect(problems, formatProblems(problems)).toEqual([]);
});

test('every button and slider of a lesson is a target of at least 24 × 24 px', async () => {
  const small: string[] = [];
  for (const path of ['/lessons/01-integrate-and-fire/', '/lessons/10-hopfield-networks/', '/lessons/12-populations/']) {
    const { page } = await open(path);
    small.push(
      ...(await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('button, input[type=range], select, input[type=number], input[type=text]')]
          .filter((e) => e.offsetParent !== null)
          .map((e) => ({ e, r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.width < 24 || r.height < 24)
          .map(({ e, r }) => `${location.pathname} ${e.closest('[id]')?.id ?? ''} ${e.tagName.toLowerCase()} “${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 40)}” ${r.width.toFixed(0)}×${r.height.toFixed(0)}`),
      )),
    );
    await page.close();
  }
  expect(small).toEqual([]);
});
