/**
 * The <mean-field-link> custom element. Every slider move recomputes the mean field in the page (it is cheap:
 * RK4 over 1000 time units, see MF_DT in state.ts), coalesced to one animation frame, and redraws; nothing is
 * computed before the widget first scrolls into view. The network runs as the network worker's
 * 'lorentzianNetwork' job: once when the widget first scrolls into view, then on
 * "Run network", with progress and cancel. A changed setting cancels a run in flight and takes the old run's
 * overlay away (it belonged to other settings) until the network is run again.
 *
 * For tests: `data-network` is idle, running, done, cancelled, error or stale; `data-mf-ms` the time of the
 * last mean-field recompute (ms); `getState()`/`setState()` the plain-JSON setup; `getMeanField()` the
 * summary of the curve shown; `getNetwork()` the last network result's numbers; `getTimings()` every
 * recompute's time.
 */
import { simulateIkMeanField, type IkMeanFieldResult } from '../../engine/mean-field/izhikevich-mean-field.ts';
import { createNetworkClient, isAbortError } from '../../engine/worker/client.ts';
import type { LorentzianNetworkJobResult } from '../../engine/worker/mean-field-jobs.ts';
import { columnsTable } from '../lib/export-data.ts';
import type { DataTable } from '../lib/export.ts';
import { formatNumber } from '../lib/format.ts';
import { bindParamPanel, type PanelBinding } from '../lib/param-panel.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { plotWidth, readInitialState, setSummary, showError } from '../lib/regions.ts';
import { renderMeanField, type MeanFieldView } from './render.ts';
import {
  controlValues,
  FALLBACK_DT,
  matchReadouts,
  matchText,
  meanFieldControls,
  meanFieldRun,
  meanFieldSummaryText,
  networkJob,
  networkKey,
  networkMatch,
  oscillationText,
  otherG,
  parseMeanFieldState,
  summariseMeanField,
  withControl,
  type MeanFieldLinkState,
  type MeanFieldSummary,
  type NetworkMatch,
  type NetworkStatus,
} from './state.ts';

/** The mean field for `state` at `g`: at MF_DT, or at FALLBACK_DT if the coarse step blew up. */
function solve(state: MeanFieldLinkState, g: number): IkMeanFieldResult {
  const coarse = simulateIkMeanField(meanFieldRun(state, g));
  if (!coarse.divergence) return coarse;
  return simulateIkMeanField(meanFieldRun(state, g, FALLBACK_DT));
}

class MeanFieldLinkElement extends HTMLElement {
  private initial!: MeanFieldLinkState;
  private state!: MeanFieldLinkState;
  private svg?: Svg;
  private panel?: PanelBinding;
  private meanField: IkMeanFieldResult | undefined;
  private summary: MeanFieldSummary | undefined;
  private ghost: { key: string; g: number; run: IkMeanFieldResult } | undefined;
  private network: { key: string; result: LorentzianNetworkJobResult; match: NetworkMatch | undefined } | undefined;
  private networkStatus: NetworkStatus = 'idle';
  private controller: AbortController | undefined;
  /** The settings of the run in flight. */
  private runningKey: string | undefined;
  private progress = 0;
  private progressNote = '';
  private timings: number[] = [];
  private dirty = true;
  private frame = 0;
  private started = false;
  private seen = false;
  /** The lines last drawn, for the export. */
  private drawn: MeanFieldView | undefined;

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const initial = readInitialState(this, parseMeanFieldState);
    if (initial === undefined) return;
    this.initial = initial;
    this.state = initial;
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'Mean field and spiking network', `${this.id}-summary`);
    this.panel = bindParamPanel(
      this,
      meanFieldControls(this.state),
      (control, value) => this.change(withControl(this.state, control.key, value)),
      () => {
        this.change(this.initial);
        this.showControls();
      },
    );
    for (const button of this.querySelectorAll<HTMLButtonElement>('[data-action="set-g"]')) {
      button.addEventListener('click', () => {
        this.change({ ...this.state, g: Number(button.dataset['g']) });
        this.showControls();
      });
    }
    this.checkbox('pulse')?.addEventListener('change', (event) => this.change({ ...this.state, pulse: (event.target as HTMLInputElement).checked }));
    this.checkbox('ghost')?.addEventListener('change', () => this.schedule());
    this.checkbox('raw')?.addEventListener('change', () => this.schedule());
    this.querySelector('[data-action="run"]')?.addEventListener('click', () => void this.runNetwork());
    this.querySelector('[data-action="cancel"]')?.addEventListener('click', () => this.cancel());
    new ResizeObserver(() => this.schedule()).observe(host);
    // The network's first run waits until the reader can see the widget (a page may hold several).
    new IntersectionObserver((entries) => {
      if (this.seen || !entries.some((e) => e.isIntersecting)) return;
      this.seen = true;
      this.schedule();
      if (this.networkStatus === 'idle') void this.runNetwork();
    }).observe(this);
    this.showProgress();
    this.schedule();
  }

  disconnectedCallback(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  getState(): MeanFieldLinkState {
    return { ...this.state };
  }

  /** Applies untrusted state if valid; returns the problems otherwise, changing nothing. */
  setState(input: unknown): string[] {
    const parsed = parseMeanFieldState({ ...this.state, ...(typeof input === 'object' && input !== null ? input : { state: input }) });
    if (!parsed.ok) return parsed.problems;
    this.change(parsed.state);
    this.showControls();
    return [];
  }

  getMeanField(): (MeanFieldSummary & { samples: number; dt: number; diverged: string | undefined; ghostG: number | undefined }) | undefined {
    if (!this.meanField || !this.summary) return undefined;
    return { ...this.summary, samples: this.meanField.t.length, dt: this.meanField.dt, diverged: this.meanField.divergence?.message, ghostG: this.ghost?.g };
  }

  getNetwork(): { status: NetworkStatus; meanRate: number; spikeCount: number; wallMs: number; bins: number; match: NetworkMatch | undefined } | undefined {
    if (!this.network) return { status: this.networkStatus, meanRate: Number.NaN, spikeCount: 0, wallMs: Number.NaN, bins: 0, match: undefined };
    const { result, match } = this.network;
    return { status: this.networkStatus, meanRate: result.meanRate, spikeCount: result.spikeCount, wallMs: result.wallMs, bins: result.rate.length, match };
  }

  getTimings(): number[] {
    return [...this.timings];
  }

  private checkbox(role: string): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`input[data-role="${role}"]`);
  }

  private showControls(): void {
    this.panel?.show(controlValues(this.state));
    const pulse = this.checkbox('pulse');
    if (pulse) pulse.checked = this.state.pulse;
  }

  private change(next: MeanFieldLinkState): void {
    const parsed = parseMeanFieldState(next);
    if (!parsed.ok) {
      showError(this, parsed.problems.join(' '));
      return;
    }
    const key = networkKey(parsed.state);
    const meanFieldKey = (x: MeanFieldLinkState): string => JSON.stringify([x.Delta, x.g, x.input, x.pulse]);
    this.dirty = this.dirty || meanFieldKey(parsed.state) !== meanFieldKey(this.state);
    this.state = parsed.state;
    // A run in flight, or an overlay, for other settings: comparing it with this mean field would mislead.
    if ((this.networkStatus === 'running' && this.runningKey !== key) || (this.network && this.network.key !== key)) {
      this.stop();
      this.network = undefined;
      this.progress = 0;
      this.setNetworkStatus('stale');
      this.showProgress();
    }
    this.schedule();
  }

  /**
   * Recomputes what the view needs: the mean field when the state changed, the comparison curve when its
   * inputs changed (and it is shown). The time taken is recorded when anything was computed.
   */
  private recompute(showGhost: boolean): void {
    const started = performance.now();
    const state = this.state;
    let computed = false;
    if (this.dirty || !this.meanField) {
      this.meanField = solve(state, state.g);
      this.summary = summariseMeanField(this.meanField);
      this.dirty = false;
      computed = true;
      const divergence = this.meanField.divergence;
      showError(this, divergence ? `${divergence.message} (This widget already retried with dt = ${FALLBACK_DT}.) The curves end there; a wider Δ or a smaller input keeps the population in check.` : undefined);
    }
    // The comparison curve waits for the next frame when the main one was computed in this one, so no single
    // task pays for two runs (the first runs are several times slower than later ones, before the JIT warms up).
    if (showGhost && computed) this.schedule();
    else if (showGhost) {
      const g = otherG(state.g);
      const key = JSON.stringify([state.Delta, state.input, state.pulse, g]);
      if (this.ghost?.key !== key) {
        this.ghost = { key, g, run: solve(state, g) };
        computed = true;
      }
    }
    if (!computed) return;
    const elapsed = performance.now() - started;
    this.timings.push(elapsed);
    if (this.timings.length > 1000) this.timings.shift();
    this.dataset['mfMs'] = elapsed.toFixed(2);
  }

  private stop(): void {
    const controller = this.controller;
    this.controller = undefined;
    controller?.abort();
  }

  private cancel(): void {
    if (this.networkStatus !== 'running') return;
    this.stop();
    this.setNetworkStatus('cancelled');
    this.showProgress();
    this.schedule();
  }

  private async runNetwork(): Promise<void> {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    const state = this.state;
    const key = networkKey(state);
    this.runningKey = key;
    this.progress = 0;
    this.progressNote = '';
    this.setNetworkStatus('running');
    this.showProgress();
    this.schedule();
    try {
      const result = await createNetworkClient().run('lorentzianNetwork', networkJob(state), {
        signal: controller.signal,
        onProgress: (fraction, note) => {
          if (this.controller !== controller) return;
          this.progress = fraction;
          this.progressNote = note ?? '';
          this.showProgress();
        },
      });
      if (this.controller !== controller) return;
      this.controller = undefined;
      this.runningKey = undefined;
      this.recompute(false);
      this.network = { key, result, match: networkMatch(this.meanField!, result) };
      this.progress = 1;
      this.setNetworkStatus('done');
    } catch (error) {
      if (this.controller !== controller) return; // superseded or cancelled: its handler has spoken
      this.controller = undefined;
      if (isAbortError(error)) this.setNetworkStatus('cancelled');
      else {
        this.setNetworkStatus('error');
        showError(this, `The network could not be simulated: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.showProgress();
    this.schedule();
  }

  private setNetworkStatus(status: NetworkStatus): void {
    this.networkStatus = status;
    this.dataset['network'] = status;
    const cancel = this.querySelector<HTMLButtonElement>('[data-action="cancel"]');
    if (cancel) cancel.disabled = status !== 'running';
  }

  private showProgress(): void {
    const bar = this.querySelector<HTMLProgressElement>('[data-role="progress"]');
    const text = this.querySelector<HTMLElement>('[data-role="progress-text"]');
    if (bar) bar.value = this.progress;
    this.dataset['progress'] = String(this.progress);
    if (!text) return;
    const percent = `${formatNumber(100 * this.progress, 0)} %`;
    const status = this.networkStatus;
    if (status === 'running') text.textContent = `Running: ${this.progressNote || percent}`;
    else if (status === 'done' && this.network) text.textContent = `Done: ${this.network.result.spikeCount.toLocaleString('en')} spikes in ${formatNumber(this.network.result.wallMs / 1000, 1)} s`;
    else if (status === 'cancelled') text.textContent = `Cancelled at ${percent}. Press Run network to start again.`;
    else if (status === 'stale') text.textContent = 'Settings changed: press Run network to compare.';
    else if (status === 'error') text.textContent = 'Stopped by an error';
    else text.textContent = 'Not started';
  }

  private schedule(): void {
    // Nothing is computed until the reader can see the widget: a lesson may hold several, far down the page.
    if (this.frame !== 0 || !this.seen) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    if (!this.svg) return;
    const showGhost = this.checkbox('ghost')?.checked ?? true;
    this.recompute(showGhost);
    const ghost = showGhost ? this.ghost : undefined;
    const net = this.network?.result;
    this.drawn = {
      meanField: this.meanField,
      ghost: ghost?.run,
      network: net,
      showRaw: this.checkbox('raw')?.checked ?? false,
      pulse: this.state.pulse,
    };
    renderMeanField(this.svg, plotWidth(this), this.drawn);
    const ghostLegend = this.querySelector<HTMLElement>('[data-role="ghost-legend"]');
    if (ghostLegend) ghostLegend.hidden = !ghost;
    const ghostLabel = this.querySelector<HTMLElement>('[data-role="ghost-label"]');
    if (ghostLabel && ghost) ghostLabel.textContent = `Mean field at g = ${ghost.g}, for comparison`;
    this.showReadouts();
    setSummary(
      this,
      meanFieldSummaryText(this.state, this.summary, this.meanField?.divergence?.message, {
        status: this.networkStatus,
        match: this.network?.match,
        settings: this.network?.result.settings,
      }),
    );
  }

  /**
   * The lines on the plot (all in the model's dimensionless units): the mean field's r and v, the comparison
   * mean field when shown, and the network's binned rate and mean voltage once it has run.
   */
  exportTables(): DataTable[] {
    const view = this.drawn;
    if (!view) return [];
    const tables: DataTable[] = [];
    const t = { name: 't', unit: 'time units' };
    const r = { name: 'r', unit: 'per time unit' };
    if (view.meanField) tables.push(columnsTable('mean field', [{ ...t, values: view.meanField.t }, { ...r, values: view.meanField.r }, { name: 'v', unit: '', values: view.meanField.v }]));
    if (view.ghost && this.ghost) tables.push(columnsTable(`mean field at g = ${this.ghost.g}`, [{ ...t, values: view.ghost.t }, { ...r, values: view.ghost.r }]));
    if (view.network) {
      tables.push(
        columnsTable('network rate', [
          { name: 't (bin centre)', unit: 'time units', values: view.network.binCentres },
          { ...r, values: view.network.rate },
          { name: 'r smoothed', unit: 'per time unit', values: view.network.smoothed },
        ]),
        columnsTable('network mean v', [{ ...t, values: view.network.t }, { name: 'mean v', unit: '', values: view.network.meanV }]),
      );
    }
    return tables;
  }

  private showReadouts(): void {
    const summary = this.summary;
    const set = (id: string, text: string, value: number | string): void => {
      const out = this.querySelector<HTMLOutputElement>(`output[data-readout="${id}"]`);
      if (!out) return;
      out.textContent = text;
      out.dataset['value'] = String(value);
    };
    if (summary) {
      set('steady-r', formatNumber(summary.steadyR, 4), summary.steadyR);
      set('steady-v', formatNumber(summary.steadyV, 3), summary.steadyV);
      set('swing', oscillationText(summary), summary.oscillating ? 'oscillates' : 'settles');
    }
    const match = this.network?.match;
    const texts = matchReadouts(match);
    set('relative', texts.relativeText, match?.relative ?? '');
    set('rms', texts.rmsText, match?.rms ?? '');
    const sentence = this.querySelector<HTMLElement>('[data-role="match"]');
    if (!sentence) return;
    if (this.network && match) sentence.textContent = `Measured: ${matchText(this.network.result.settings, match)}`;
    else if (this.network) sentence.textContent = 'The mean field blew up, so the network cannot be compared with it.';
    else if (this.networkStatus === 'running') sentence.textContent = 'The network is running…';
    else sentence.textContent = 'The network has not run for these settings: press Run network to overlay it.';
  }
}

if (!customElements.get('mean-field-link')) customElements.define('mean-field-link', MeanFieldLinkElement);
