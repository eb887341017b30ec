/**
 * The <capacity-curve> custom element. A run computes the loads one after another, each as one
 * 'hopfieldCapacity' job in the engine worker (so each point appears as soon as its load is done), with a
 * progress bar over all runs and a Cancel button that aborts the job in flight. The first run starts when
 * the widget first scrolls into view; a changed setting starts a new one after a short pause (so dragging
 * a slider does not start a run per step). Redraws are coalesced to one animation frame.
 *
 * For tests: `data-status` is idle, running, done, cancelled or error; `data-runs` counts runs started; `data-renders` counts redraws;
 * `getPoints()` gives the points shown; `getState()`/`setState()` the plain-JSON setup.
 */
import { agsCritical, agsCurve } from '../../engine/attractors/ags.ts';
import type { CapacityPoint } from '../../engine/attractors/capacity.ts';
import { createEngineClient, isAbortError } from '../../engine/worker/client.ts';
import { recordsTable } from '../lib/export-data.ts';
import type { DataTable } from '../lib/export.ts';
import { formatNumber } from '../lib/format.ts';
import { bindParamPanel, type PanelBinding } from '../lib/param-panel.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { plotWidth, readInitialState, setSummary, showError } from '../lib/regions.ts';
import { renderCapacity } from './render.ts';
import { capacityControls, capacityReadouts, capacitySummary, controlValues, jobFor, parseCapacityState, withControl, type CapacityState } from './state.ts';

type Status = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/** Pause after a changed setting before a new run starts, ms. */
const RESTART_DELAY_MS = 400;

const theory = agsCurve(160);

class CapacityCurveElement extends HTMLElement {
  private initial!: CapacityState;
  private state!: CapacityState;
  private points: CapacityPoint[] = [];
  /** The points on the plot (a run in progress adds to `points` before the next frame draws them). */
  private drawnPoints: CapacityPoint[] = [];
  private status: Status = 'idle';
  private progress = 0;
  private svg?: Svg;
  private panel?: PanelBinding;
  private controller: AbortController | undefined;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private runs = 0;
  private pending = false;
  private renders = 0;
  private started = false;
  private seen = false;

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const initial = readInitialState(this, parseCapacityState);
    if (initial === undefined) return;
    this.initial = initial;
    this.state = initial;
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'Final overlap against load', `${this.id}-summary`);
    this.panel = bindParamPanel(this, capacityControls(this.state), (control, value) => this.change(withControl(this.state, control.key, value)));
    for (const radio of this.querySelectorAll<HTMLInputElement>('[data-role="mode"]')) {
      radio.addEventListener('change', () => {
        if (radio.checked && (radio.value === 'sync' || radio.value === 'async')) this.change({ ...this.state, mode: radio.value });
      });
    }
    this.querySelector('[data-action="run"]')?.addEventListener('click', () => this.run());
    this.querySelector('[data-action="cancel"]')?.addEventListener('click', () => this.cancel());
    this.querySelector('[data-action="reset"]')?.addEventListener('click', () => {
      this.state = this.initial;
      this.showControls();
      this.run();
    });
    new ResizeObserver(() => this.schedule()).observe(host);
    // The first run waits until the reader can see the widget (a page may hold several).
    new IntersectionObserver((entries) => {
      if (this.seen || !entries.some((e) => e.isIntersecting)) return;
      this.seen = true;
      if (this.status === 'idle') this.run();
    }).observe(this);
    this.showProgress();
    this.schedule();
  }

  disconnectedCallback(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  getState(): CapacityState {
    return structuredClone(this.state) as CapacityState;
  }

  /** Applies untrusted state if valid (and starts a run); returns the problems otherwise, changing nothing. */
  setState(input: unknown): string[] {
    const parsed = parseCapacityState(input);
    if (!parsed.ok) return parsed.problems;
    this.state = parsed.state;
    this.showControls();
    this.run();
    return [];
  }

  /** The points shown now (plain data). */
  getPoints(): CapacityPoint[] {
    return structuredClone(this.points);
  }

  private change(next: CapacityState): void {
    this.state = next;
    // The shown points belong to the old setting: stop, clear, and start again after a pause.
    this.stop();
    this.points = [];
    this.setStatus('idle');
    this.progress = 0;
    this.showMessage('Setting changed: a new run starts in a moment.');
    this.showProgress();
    this.schedule();
    this.restartTimer = setTimeout(() => this.run(), RESTART_DELAY_MS);
  }

  private showControls(): void {
    this.panel?.show(controlValues(this.state));
    for (const radio of this.querySelectorAll<HTMLInputElement>('[data-role="mode"]')) radio.checked = radio.value === this.state.mode;
  }

  /** Aborts the job in flight and any pending restart, without changing the status. */
  private stop(): void {
    if (this.restartTimer !== undefined) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const controller = this.controller;
    this.controller = undefined;
    controller?.abort();
  }

  private cancel(): void {
    if (this.status !== 'running' && this.restartTimer === undefined) return;
    this.stop();
    this.setStatus('cancelled');
    const done = this.points.length;
    this.showMessage(`Cancelled after ${done} of ${this.state.loads.length} loads. Press Run to compute them all again.`);
    this.showProgress();
    this.schedule();
  }

  private async run(): Promise<void> {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    this.runs++;
    this.dataset['runs'] = String(this.runs);
    const state = this.state;
    const total = state.loads.length;
    this.points = [];
    this.progress = 0;
    this.setStatus('running');
    this.showMessage(undefined);
    showError(this, undefined);
    this.showProgress();
    this.schedule();
    const client = createEngineClient();
    try {
      for (const [k, load] of state.loads.entries()) {
        const result = await client.run('hopfieldCapacity', jobFor(state, load), {
          signal: controller.signal,
          onProgress: (fraction) => {
            if (this.controller !== controller) return;
            this.progress = (k + fraction) / total;
            this.showProgress();
          },
        });
        if (this.controller !== controller) return;
        this.points = [...this.points, ...result.points];
        this.progress = (k + 1) / total;
        this.showProgress();
        this.schedule();
      }
      this.controller = undefined;
      this.setStatus('done');
    } catch (error) {
      if (this.controller !== controller) return; // superseded or cancelled: its handler has spoken
      this.controller = undefined;
      if (isAbortError(error)) this.setStatus('cancelled');
      else {
        this.setStatus('error');
        showError(this, `The capacity experiment could not be computed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.showProgress();
    this.schedule();
  }

  private setStatus(status: Status): void {
    this.status = status;
    this.dataset['status'] = status;
    const cancel = this.querySelector<HTMLButtonElement>('[data-action="cancel"]');
    if (cancel) cancel.disabled = status !== 'running';
  }

  private showMessage(text: string | undefined): void {
    const region = this.querySelector<HTMLElement>('[data-role="message"]');
    if (!region) return;
    region.textContent = text ?? '';
    region.hidden = text === undefined;
  }

  private showProgress(): void {
    const bar = this.querySelector<HTMLProgressElement>('[data-role="progress"]');
    const text = this.querySelector<HTMLElement>('[data-role="progress-text"]');
    const total = this.state.loads.length;
    const done = this.points.length;
    if (bar) bar.value = this.progress;
    this.dataset['progress'] = String(this.progress);
    if (!text) return;
    const percent = `${formatNumber(100 * this.progress, 0)} %`;
    if (this.status === 'running') text.textContent = `${done} of ${total} loads (${percent})`;
    else if (this.status === 'done') text.textContent = `All ${total} loads done`;
    else if (this.status === 'cancelled') text.textContent = `Cancelled: ${done} of ${total} loads`;
    else if (this.status === 'error') text.textContent = 'Stopped by an error';
    else text.textContent = 'Not started';
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  /** As drawn: the measured points so far (mean and SD of the final overlap over seeds) and the AGS curve. */
  exportTables(): DataTable[] {
    return [
      recordsTable('measured', this.drawnPoints, [
        { name: 'load P/N', unit: '', read: (p) => p.load },
        { name: 'patterns', unit: '', read: (p) => p.patterns },
        { name: 'm mean', unit: '', read: (p) => p.mean },
        { name: 'm sd', unit: '', read: (p) => p.sd },
      ]),
      recordsTable('AGS theory', theory, [
        { name: 'load P/N', unit: '', read: (p) => p[0] },
        { name: 'm', unit: '', read: (p) => p[1] },
      ]),
    ];
  }

  private render(): void {
    const state = this.state;
    this.drawnPoints = this.points;
    renderCapacity(this.svg!, plotWidth(this), { loads: state.loads, points: this.points, theory, alphaC: agsCritical().alpha, cueOverlap: 1 - 2 * state.cueFlip });
    const readouts = capacityReadouts(this.points, this.status === 'done');
    const measured = this.querySelector<HTMLOutputElement>('output[data-readout="measured"]');
    if (measured) {
      measured.textContent = readouts.measuredText;
      measured.dataset['value'] = String(readouts.measured ?? '');
    }
    const alphaC = this.querySelector<HTMLOutputElement>('output[data-readout="alpha-c"]');
    if (alphaC) alphaC.dataset['value'] = String(readouts.alphaC);
    setSummary(this, capacitySummary(state, this.points, this.status));
    this.renders += 1;
    this.dataset['renders'] = String(this.renders);
  }
}

if (!customElements.get('capacity-curve')) customElements.define('capacity-curve', CapacityCurveElement);
