/**
 * The phase plane in real Chromium, on every instance the built site has: it draws (arrows, nullclines,
 * trajectory, time course) with no error; the fixed point and eigenvalues it prints for FitzHugh–Nagumo at
 * I = 0.5 equal the engine's, computed here in Node; the current slider moved across the Hopf point (0.3313)
 * turns the fixed point from stable to unstable; a click on the plane starts a new trajectory where it
 * landed; the start fields and "Run from here" do the same by keyboard; Play animates and pauses off screen.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { fixedPoints, getModel, validateSpec } from '../../engine/index.ts';
import type { WidgetState } from '../../widgets/lib/state.ts';
import { planeBox } from '../../widgets/phase-plane/compute.ts';
import type { PlaneConfig } from '../../widgets/phase-plane/config.ts';
import { planeModel } from '../../widgets/phase-plane/planar.ts';
import { fixedPointRow } from '../../widgets/phase-plane/readouts.ts';
import { formatProblems, settledBox, useBrowser } from './support/browser.ts';
import { widgetInstances } from './support/instances.ts';

const browser = useBrowser();
// The widgets these tests use; the page's others stay unloaded (OpenPageOptions.widgets).
const WIDGETS = ['phase-plane'];

const all = widgetInstances<PlaneConfig>('phase-plane');

async function renders(page: Page, id: string): Promise<number> {
  return Number(await page.locator(`#${id}`).getAttribute('data-renders'));
}

async function waitForRender(page: Page, id: string, after: number): Promise<void> {
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-renders')) > (n as number), [`#${id}`, after] as const);
}

async function firstRender(page: Page, id: string): Promise<void> {
  await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
}

async function stateOf(page: Page, id: string): Promise<WidgetState> {
  return page.$eval(`#${id}`, (el) => (el as unknown as { getState(): WidgetState }).getState());
}

async function trajectory(page: Page, id: string): Promise<string> {
  return (await page.locator(`#${id} .trajectory-line`).evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? '').join(' '))) ?? '';
}

/** Types a current into the current slider's number field and waits for the redraw. */
async function setCurrent(page: Page, id: string, value: number): Promise<void> {
  const field = page.locator(`#${id} .control[data-key="stimulus.amplitude"] input[type=number]`);
  if ((await stateOf(page, id)).stimulus[0]!['amplitude'] === value) return;
  const count = await renders(page, id);
  await field.fill(String(value));
  await field.press('Enter');
  await waitForRender(page, id, count);
}

/** The fixed points the engine finds in Node for a widget state. */
function engineFixedPoints(state: WidgetState) {
  const model = planeModel(getModel(state.model)!);
  const checked = validateSpec({ model, params: state.params, duration: state.duration });
  const current = state.stimulus[0]!['amplitude'] as number;
  return fixedPoints(model, checked.params, current, planeBox(state));
}

test('the site has phase planes to test', () => {
  expect(all.length).toBeGreaterThan(0);
});

describe.each([...new Set(all.map((w) => w.path))])('phase planes on %s', (path) => {
  test('every phase plane draws its arrows, nullclines, trajectory and time course, with no error shown', async () => {
    const { page, problems } = await browser.openPage(path, { waitUntil: 'networkidle', widgets: WIDGETS });
    for (const { id, config } of all.filter((w) => w.path === path)) {
      await firstRender(page, id);
      const widget = page.locator(`#${id}`);
      expect(await widget.locator('[data-role="widget-error"]').isHidden()).toBe(true);
      expect((await widget.locator('.field-arrows').getAttribute('d'))?.length).toBeGreaterThan(100);
      const nullclines = await widget.locator('path.nullcline').evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''));
      expect(nullclines.length).toBeGreaterThanOrEqual(2);
      for (const d of nullclines) expect(d.length).toBeGreaterThan(20);
      expect((await trajectory(page, id)).length).toBeGreaterThan(20);
      for (const panel of ['first', 'second']) expect((await widget.locator(`.series-${panel} path`).getAttribute('d'))?.length).toBeGreaterThan(20);
      const state = await stateOf(page, id);
      const points = engineFixedPoints(state);
      expect(await widget.locator('tr.fixed-point-row').count()).toBe(points.length);
      expect(await widget.locator('circle.fixed-point').count()).toBe(points.length);
      expect((await widget.locator('[data-role="summary"]').textContent())?.length).toBeGreaterThan(20);
      if (config.resets) expect(await widget.locator('.reset-lines line').count()).toBeGreaterThan(0);
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

const fhn = all.find((w) => {
  const slider = w.config.controls.find((c) => c.key === 'stimulus.amplitude');
  return w.config.state.model === 'fitzhugh-nagumo' && slider !== undefined && slider.spec.min <= 0.32 && slider.spec.max >= 0.5;
});

describe('FitzHugh–Nagumo phase plane', () => {
  test('a page has a FitzHugh–Nagumo plane whose current slider spans 0.32 to 0.5', () => expect(fhn).toBeDefined());

  test('at I = 0.5 the table shows the fixed point and eigenvalues the engine computes in Node', async () => {
    const { page, problems } = await browser.openPage(fhn!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = fhn!.id;
    await firstRender(page, id);
    await setCurrent(page, id, 0.5);
    const state = await stateOf(page, id);
    expect(state.stimulus[0]!['amplitude']).toBe(0.5);
    const expected = engineFixedPoints(state);
    expect(expected).toHaveLength(1);
    const rows = page.locator(`#${id} tr.fixed-point-row`);
    expect(await rows.count()).toBe(1);
    const value = async (cell: string) => rows.locator(`[data-cell="${cell}"]`).getAttribute('data-value');
    const [p] = expected;
    expect(Number(await value('x'))).toBe(p!.state[0]);
    expect(Number(await value('y'))).toBe(p!.state[1]);
    expect(Number(await value('trace'))).toBe(p!.trace);
    expect(Number(await value('determinant'))).toBe(p!.determinant);
    expect(JSON.parse((await value('eigenvalues'))!)).toEqual([p!.eigenvalues[0].re, p!.eigenvalues[0].im, p!.eigenvalues[1].re, p!.eigenvalues[1].im]);
    const row = fixedPointRow(p!, fhn!.config.axes);
    expect(await rows.locator('[data-cell="eigenvalues"]').textContent()).toBe(row.eigenvalues);
    expect(row.eigenvalues).toMatch(/^[\d.]+ ± [\d.]+i$/);
    expect(await rows.locator('[data-cell="x"]').textContent()).toBe(row.x);
    expect(await rows.locator('[data-cell="type"]').textContent()).toBe('unstable focus');
    expect(await page.locator(`#${id} [data-role="summary"]`).textContent()).toMatch(/^1 fixed point: unstable focus at v = −0\.80, w = −0\.13; the trajectory settles on a limit cycle of period \d+\.\d ms\.$/);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('the arrow keys move the current across the Hopf point (0.3313): the fixed point turns from stable to unstable', async () => {
    const { page, problems } = await browser.openPage(fhn!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = fhn!.id;
    await firstRender(page, id);
    await setCurrent(page, id, 0.32);
    const type = () => page.locator(`#${id} tr.fixed-point-row [data-cell="type"]`).getAttribute('data-value');
    expect(await type()).toBe('stable-focus');
    expect(await page.locator(`#${id} circle.fixed-point-stable`).count()).toBe(1);
    const slider = page.locator(`#${id} .control[data-key="stimulus.amplitude"] input[type=range]`);
    await slider.focus();
    const count = await renders(page, id);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await waitForRender(page, id, count);
    await page.waitForFunction(([sel]) => (document.querySelector(sel as string) as unknown as { getState(): WidgetState }).getState().stimulus[0]!['amplitude'] === 0.34, [`#${id}`]);
    await expect.poll(type).toBe('unstable-focus');
    expect(await page.locator(`#${id} circle.fixed-point-unstable`).count()).toBe(1);
    expect(await page.locator(`#${id} circle.fixed-point-stable`).count()).toBe(0);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

const target = fhn ?? all[0];

describe('starting a trajectory', () => {
  test('a click on the plane starts a new trajectory at the point clicked', async () => {
    const { page, problems } = await browser.openPage(target!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = target!.id;
    await firstRender(page, id);
    const before = await trajectory(page, id);
    const state = await stateOf(page, id);
    const box = planeBox(state);
    const [ax, ay] = target!.config.axes;
    // A point a third of the way into the window, away from the start the lesson set.
    const x = box.x.min + 0.3 * (box.x.max - box.x.min);
    const y = box.y.min + 0.7 * (box.y.max - box.y.min);
    // Where the plot area is on the page, as the browser lays it out; the click lands at the data point.
    const area = page.locator(`#${id} rect.plane-hit`);
    await area.scrollIntoViewIfNeeded();
    const rect = await settledBox(area);
    const click = {
      clientX: rect.x + ((x - box.x.min) / (box.x.max - box.x.min)) * rect.width,
      clientY: rect.y + ((box.y.max - y) / (box.y.max - box.y.min)) * rect.height,
    };
    const count = await renders(page, id);
    await page.mouse.click(click.clientX, click.clientY);
    await waitForRender(page, id, count);
    const after = await stateOf(page, id);
    const tolerance = (r: { min: number; max: number }) => 0.01 * (r.max - r.min);
    expect(Math.abs(after.initial![ax.name]! - x)).toBeLessThan(tolerance(box.x));
    expect(Math.abs(after.initial![ay.name]! - y)).toBeLessThan(tolerance(box.y));
    expect(await trajectory(page, id)).not.toBe(before);
    expect(Number(await page.locator(`#${id} [data-role="start-x"]`).inputValue())).toBe(after.initial![ax.name]);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('by keyboard: type the start values, press Enter or "Run from here"; a blank field is refused', async () => {
    const { page, problems } = await browser.openPage(target!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = target!.id;
    await firstRender(page, id);
    const before = await trajectory(page, id);
    const state = await stateOf(page, id);
    const box = planeBox(state);
    const [ax, ay] = target!.config.axes;
    const x = Number((box.x.min + 0.8 * (box.x.max - box.x.min)).toFixed(3));
    const y = Number((box.y.min + 0.2 * (box.y.max - box.y.min)).toFixed(3));
    const fx = page.locator(`#${id} [data-role="start-x"]`);
    const fy = page.locator(`#${id} [data-role="start-y"]`);
    await fx.fill('');
    await fx.press('Enter');
    await expect.poll(() => page.locator(`#${id} [data-role="start-error"]`).textContent()).toMatch(/Enter a number/);
    expect(await fx.getAttribute('aria-invalid')).toBe('true');
    await fx.fill(String(x));
    await fy.fill(String(y));
    await fy.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('run');
    const count = await renders(page, id);
    await page.keyboard.press('Enter');
    await waitForRender(page, id, count);
    const after = await stateOf(page, id);
    expect(after.initial).toMatchObject({ [ax.name]: x, [ay.name]: y });
    expect(await trajectory(page, id)).not.toBe(before);
    expect(await page.locator(`#${id} [data-role="start-error"]`).isHidden()).toBe(true);
    // Reset returns to the lesson's start.
    await page.locator(`#${id} [data-action="reset"]`).click();
    await expect.poll(() => stateOf(page, id)).toEqual(target!.config.state);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('Play animates the run, pauses off screen, and is skipped under reduced motion', async () => {
    const { page, problems } = await browser.openPage(target!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = target!.id;
    await firstRender(page, id);
    const widget = page.locator(`#${id}`);
    const play = widget.locator('[data-action="play"]');
    await play.scrollIntoViewIfNeeded();
    await play.click();
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-play-index')) > 0, `#${id}`);
    expect(await play.getAttribute('aria-pressed')).toBe('true');
    expect(await widget.locator('.trajectory-now').count()).toBe(1);
    // Scroll it out of view: the animation pauses and waits.
    await page.evaluate((sel) => {
      const el = document.querySelector(sel)!;
      window.scrollTo(0, el.getBoundingClientRect().bottom + window.scrollY + 4 * window.innerHeight);
    }, `#${id}`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-playing') === 'paused-offscreen', `#${id}`);
    const frozen = await widget.getAttribute('data-play-index');
    await page.waitForTimeout(300);
    expect(await widget.getAttribute('data-play-index')).toBe(frozen);
    // Back in view, it carries on.
    await play.scrollIntoViewIfNeeded();
    await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-play-index')) > Number(n), [`#${id}`, frozen] as const);
    await play.click();
    expect(await play.getAttribute('aria-pressed')).toBe('false');

    await page.emulateMedia({ reducedMotion: 'reduce' });
    const index = await widget.getAttribute('data-play-index');
    await play.click();
    await expect.poll(() => widget.locator('[data-role="play-note"]').textContent()).toMatch(/reduced motion/);
    expect(await widget.getAttribute('data-play-index')).toBe(index);
    expect(await widget.locator('.trajectory-now').count()).toBe(0);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('setState refuses an empty window and a corrupted state, and keeps the plot', async () => {
    const { page, problems } = await browser.openPage(target!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = target!.id;
    await firstRender(page, id);
    const state = await stateOf(page, id);
    const refused = await page.$eval(
      `#${id}`,
      (el, s) => {
        const widget = el as unknown as { setState(s: unknown): { message: string }[] };
        return [widget.setState({ ...s, view: { xMin: 1, xMax: 0, yMin: 0, yMax: 1 } }), widget.setState({ ...s, params: { nonsense: 1 } })];
      },
      state,
    );
    expect(refused[0]!.map((p) => p.message).join(' ')).toMatch(/xMin < view\.xMax/);
    expect(refused[1]!.length).toBeGreaterThan(0);
    expect(await stateOf(page, id)).toEqual(state);
    expect(await page.locator(`#${id} [data-role="widget-error"]`).isHidden()).toBe(true);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});
