/**
 * "Open in Brian2" in real Chromium: on a lesson page, the panel of a MembraneTrace widget shows a Brian2
 * script for the widget's state, the script follows a slider, and Download saves the same text as a .py file;
 * the same for the network raster (net.m) and its method menu, and for the mean field's spiking network and its
 * coupling buttons. No console error on any page.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { formatProblems, useBrowser } from './support/browser.ts';

const browser = useBrowser();

/** Opens the widget's panel and waits until its script contains `text`; returns the script. */
async function openPanel(page: Page, id: string, text: string): Promise<string> {
  const panel = page.locator(`#${id} details.brian2-export`);
  await panel.locator('summary').scrollIntoViewIfNeeded();
  await panel.locator('summary').click();
  return waitForScript(page, id, text);
}

async function waitForScript(page: Page, id: string, text: string): Promise<string> {
  const script = page.locator(`#${id} details.brian2-export pre[data-role="brian2-script"]`);
  await expect.poll(() => script.textContent(), { timeout: 20_000 }).toContain(text);
  return (await script.textContent()) ?? '';
}

async function download(page: Page, id: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.locator(`#${id} [data-action="download-brian2"]`).click()]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

describe('Open in Brian2', () => {
  test('a membrane trace: the script follows a slider and downloads as .py', async () => {
    const { page, problems } = await browser.openPage('/lessons/01-integrate-and-fire/', { widgets: ['membrane-trace'] });
    const id = 'passive-step';
    const before = await openPanel(page, id, 'tauM = 10.0*ms');
    expect(before).toContain("prefs.codegen.target = 'numpy'");
    expect(before).toContain('SpikeMonitor(neuron)');
    const slider = page.locator(`#${id} .control[data-key="tauM"] input[data-role="range"]`);
    await slider.focus();
    await slider.press('ArrowRight');
    const after = await waitForScript(page, id, 'tauM = 10.5*ms');
    expect(after).not.toContain('tauM = 10.0*ms');
    const file = await download(page, id);
    expect(file.name).toBe(`${id}-brian2.py`);
    expect(file.text).toBe(after);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('the network raster: net.m, following the method menu', async () => {
    const { page, problems } = await browser.openPage('/lessons/12-populations/', { widgets: ['network-raster'] });
    const id = 'net-m';
    const before = await openPanel(page, id, "S = Synapses(G, G, 'w : 1', on_pre='I_post += w')");
    expect(before).toContain('Ne = 800');
    await page.locator(`#${id} select[data-role="method"]`).selectOption('rk4');
    const after = await waitForScript(page, id, "method='rk4'");
    expect(after).toContain("on_pre='I_next_post += w'");
    const file = await download(page, id);
    expect(file.name).toBe(`${id}-brian2.py`);
    expect(file.text).toBe(after);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('the mean field: its spiking network, following the coupling buttons', async () => {
    const { page, problems } = await browser.openPage('/lessons/13-mean-field/', { widgets: ['mean-field-link'] });
    const id = 'mean-field-link';
    const before = await openPanel(page, id, 'g = 0.5');
    expect(before).toContain('N = 2000');
    expect(before).toContain("neurons.run_regularly('''");
    await page.locator(`#${id} button[data-action="set-g"][data-g="1.5"]`).click();
    const after = await waitForScript(page, id, 'g = 1.5');
    const file = await download(page, id);
    expect(file.name).toBe(`${id}-brian2.py`);
    expect(file.text).toBe(after);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});
