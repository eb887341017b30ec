/**
 * The <overlap-temperature> custom element. The scan runs in the engine worker (job 'overlapTemperature'),
 * with a progress bar and a cancel button; a control change waits 300 ms for the slider to settle, cancels
 * the scan in flight and starts another. Nothing runs until the widget first scrolls into view. The last
 * plot stays until new points arrive; drawing is coalesced to one animation frame.
 */
import type { TemperaturePoint } from '../../engine/attractors/stochastic.ts';
import { createEngineClient, isAbortError } from '../../engine/worker/client.ts';
import { columnsTable, recordsTable } from '../lib/export-data.ts';
import type { DataTable } from '../lib/export.ts';
import { formatNumber } from '../lib/format.ts';
import { bindParamPanel, type PanelBinding } from '../lib/param-panel.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { plotWidth, readConfig, setSummary, showError } from '../lib/regions.ts';
import { renderTemperature } from './render.ts';
import { parseTemperatureState, scanSpec, theoryCurve, temperatureControls, temperatureReadouts, temperatureSummary, type TemperatureState } from './state.ts';

const SETTLE_MS = 300;

class OverlapTemperatureElement extends HTMLElement {
  private initial!: TemperatureState;
  private state!: TemperatureState;
  private points: TemperaturePoint[] = [];
  private svg?: Svg;
  private panel?: PanelBinding;
  private job: AbortController | undefined;
  private settle: ReturnType<typeof setTimeout> | undefined;
  private frame = 0;
  private seen = false;
  /** What the plot shows: the β range of the curve and the simulated points drawn. */
  private drawn?: { betaMax: number; points: TemperaturePoint[] };
  private started = false;

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const config = readConfig(this);
    if (config === undefined) return;
    const parsed = parseTemperatureState(config);
    if (!parsed.ok) {
      showError(this, parsed.problems.map((p) => p.message).join(' '));
      return;
    }
    this.initial = parsed.state;
    this.state = parsed.state;
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'Overlap against inverse temperature', `${this.id}-summary`);
    this.panel = bindParamPanel(
      this,
      temperatureControls(),
      (control, value) => this.apply({ ...this.state, [control.key]: value }, true),
      () => {
        this.apply(this.initial, false);
        this.showControls();
      },
    );
    this.querySelector('[data-action="cancel"]')?.addEventListener('click', () => this.cancel('Cancelled; the plot shows the last complete scan.'));
    this.querySelector('[data-action="rerun"]')?.addEventListener('click', () => this.apply({ ...this.state, seed: (this.state.seed % 1e9) + 1 }, false));
    new ResizeObserver(() => this.schedule()).observe(host);
    new IntersectionObserver((entries) => {
      if (!this.seen && entries.some((e) => e.isIntersecting)) {
        this.seen = true;
        void this.compute();
      }
    }).observe(this);
    this.showControls();
    this.schedule();
  }

  getState(): TemperatureState {
    return { ...this.state };
  }

  /** Applies untrusted state if valid (and recomputes); returns the problems otherwise. */
  setState(input: unknown): { name: string; message: string }[] {
    const parsed = parseTemperatureState({ ...this.state, ...(typeof input === 'object' && input !== null ? input : { state: input }) });
    if (!parsed.ok) return parsed.problems;
    this.apply(parsed.state, false);
    this.showControls();
    return [];
  }

  /** The points shown now (for tests). */
  getPoints(): TemperaturePoint[] {
    return structuredClone(this.points);
  }

  private showControls(): void {
    this.panel?.show(new Map(Object.entries(this.state)));
  }

  private apply(next: TemperatureState, debounce: boolean): void {
    const parsed = parseTemperatureState(next);
    if (!parsed.ok) {
      showError(this, parsed.problems.map((p) => p.message).join(' '));
      return;
    }
    this.state = parsed.state;
    clearTimeout(this.settle);
    this.seen = true;
    if (debounce) this.settle = setTimeout(() => void this.compute(), SETTLE_MS);
    else void this.compute();
  }

  private status(text: string): void {
    const el = this.querySelector<HTMLElement>('[data-role="status"]');
    if (el) el.textContent = text;
  }

  private cancel(message?: string): void {
    this.job?.abort();
    this.job = undefined;
    this.busy(false);
    if (message) this.status(message);
  }

  private busy(on: boolean): void {
    const cancel = this.querySelector<HTMLButtonElement>('[data-action="cancel"]');
    if (cancel) cancel.disabled = !on;
    this.dataset['busy'] = String(on);
  }

  private async compute(): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.job = controller;
    const progress = this.querySelector<HTMLProgressElement>('[data-role="progress"]');
    if (progress) progress.value = 0;
    this.busy(true);
    this.dataset['complete'] = 'false';
    this.status('Simulating…');
    const state = this.state;
    try {
      const points = await createEngineClient().run('overlapTemperature', scanSpec(state), {
        signal: controller.signal,
        onProgress: (fraction) => {
          if (progress) progress.value = fraction;
        },
      });
      if (this.job !== controller) return;
      this.job = undefined;
      this.points = points;
      this.busy(false);
      if (progress) progress.value = 1;
      this.status(`Done: ${points.length} values of β, ${state.runs} runs each.`);
      showError(this, undefined);
      this.dataset['complete'] = 'true';
      this.schedule();
    } catch (error) {
      if (isAbortError(error)) return;
      if (this.job === controller) this.job = undefined;
      this.busy(false);
      this.status('Failed.');
      showError(this, error instanceof Error ? error.message : String(error));
    }
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** As drawn: the simulated overlaps (mean, sd and standard error over runs) and the mean-field curve. */
  exportTables(): DataTable[] {
    if (!this.drawn) return [];
    const curve = theoryCurve(this.drawn.betaMax);
    return [
      recordsTable('simulated', this.drawn.points, [
        { name: 'beta', unit: '', read: (p) => p.beta },
        { name: 'm mean', unit: '', read: (p) => p.mean },
        { name: 'm sd', unit: '', read: (p) => p.sd },
        { name: 'm se', unit: '', read: (p) => p.se },
      ]),
      columnsTable('mean field m = tanh(beta m)', [
        { name: 'beta', unit: '', values: curve.betas },
        { name: 'm', unit: '', values: curve.m },
      ]),
    ];
  }

  private draw(): void {
    if (!this.svg) return;
    this.drawn = { betaMax: this.state.betaMax, points: this.points };
    renderTemperature(this.svg, plotWidth(this), this.state.betaMax, this.points);
    if (this.points.length === 0) return;
    for (const r of temperatureReadouts(this.points)) {
      const out = this.querySelector<HTMLOutputElement>(`[data-readout="${r.id}"]`);
      const label = this.querySelector<HTMLElement>(`[data-label-for="${r.id}"]`);
      if (out) {
        out.textContent = formatNumber(r.value, r.decimals);
        out.dataset['value'] = String(r.value);
      }
      if (label) label.textContent = r.label;
    }
    setSummary(this, temperatureSummary(this.state, this.points));
  }
}

if (!customElements.get('overlap-temperature')) customElements.define('overlap-temperature', OverlapTemperatureElement);
