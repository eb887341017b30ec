/**
 * The <network-raster> custom element. A run is one 'izhikevichNetwork' job in the network worker; its pieces
 * (spikes and probe samples since the last piece) are appended to the run's data as they arrive and drawn at
 * the next animation frame: new spikes are painted into the canvas's pixel buffer and only the strip they
 * touch is put on the canvas; a resize or a theme change repaints everything, in batches of a few
 * milliseconds per frame, so no frame blocks the page however many spikes there are. Pause holds the job in
 * the worker (nothing is lost), Cancel ends it and keeps what was drawn. A changed control never starts a run
 * by itself (a large network takes seconds): the reader presses Run. The first run starts when the widget
 * first scrolls into view, if the network is small (state.ts `autoRuns`).
 *
 * For tests: `data-status` (idle, running, paused, done, cancelled, error), `data-runs`, `data-progress`,
 * `data-spikes` (spikes received), `data-painted` (spikes on the canvas), `data-ms` (simulated ms received);
 * `getState()`/`setState()` the plain-JSON setup; `getResult()` the last run's summary.
 */
import type { NetworkResult } from '../../engine/worker/network-jobs.ts';
import { createNetworkClient, isAbortError, RunControl } from '../../engine/worker/client.ts';
import { bindParamPanel, type PanelBinding } from '../lib/param-panel.ts';
import { columnsTable } from '../lib/export-data.ts';
import type { DataTable } from '../lib/export.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { plotWidth, readInitialState, setSummary, showError } from '../lib/regions.ts';
import { packColour, paintSpikes, rasterGeometry, renderRasterAxes, renderSpectrum, renderTraces, type RasterGeometry } from './render.ts';
import {
  appendPartial,
  autoRuns,
  controlValues,
  createRunData,
  jobFor,
  networkControls,
  networkReadouts,
  networkSummary,
  parseNetworkState,
  populationRates,
  probeInfo,
  progressText,
  withField,
  type NetworkState,
  type RunData,
  type Status,
} from './state.ts';

/** Painting budget per frame, ms: well inside a 16 ms frame, so the page stays responsive during a repaint. */
const PAINT_BUDGET_MS = 6;
/** Spikes painted between two looks at the clock. */
const PAINT_SLICE = 8192;
/** While a run streams, the rate and voltage lines are redrawn at most this often, ms. */
const TRACE_INTERVAL_MS = 150;

interface Raster {
  readonly geometry: RasterGeometry;
  readonly image: ImageData;
  readonly pixels: Uint32Array;
  readonly neurons: number;
  readonly duration: number;
  /** Spikes of the current run painted so far. */
  painted: number;
}

class NetworkRasterElement extends HTMLElement {
  private initial!: NetworkState;
  /** What the controls show; may be invalid (then Run is disabled and the problem is shown). */
  private draft!: NetworkState;
  /** The setup of the run shown. */
  private shown!: NetworkState;
  private status: Status = 'idle';
  private data: RunData | undefined;
  private result: NetworkResult | undefined;
  private progress = 0;
  private controller: AbortController | undefined;
  private control: RunControl | undefined;
  private runStarted = 0;
  private pausedAt = 0;
  private pausedTotal = 0;
  private raster: Raster | undefined;
  private colours: { exc: number; inh: number } | undefined;
  private canvas!: HTMLCanvasElement;
  private axes!: Svg;
  private traces!: Svg;
  private spectrum!: Svg;
  private panel?: PanelBinding;
  private tracesAt = -1;
  private spectrumFor: NetworkResult | undefined | null = null;
  private width = 0;
  private axesKey = '';
  private pending = false;
  private runs = 0;
  private started = false;
  private seen = false;
  private tracesDrawnAt = Number.NEGATIVE_INFINITY;

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const initial = readInitialState(this, parseNetworkState);
    if (initial === undefined) return;
    this.initial = initial;
    this.draft = initial;
    this.shown = initial;
    this.canvas = this.querySelector<HTMLCanvasElement>('[data-role="raster"]')!;
    const title = this.querySelector<HTMLElement>('[data-role="plot"]')?.dataset['title'] ?? 'Spike raster';
    this.axes = createSvg(this.querySelector<HTMLElement>('[data-role="raster-axes"]')!, `${title}: spike raster`, `${this.id}-summary`);
    this.traces = createSvg(this.querySelector<HTMLElement>('[data-role="traces"]')!, 'Population rate and the chosen neuron’s membrane potential against time', `${this.id}-summary`);
    this.spectrum = createSvg(this.querySelector<HTMLElement>('[data-role="spectrum"]')!, 'Power spectrum of the population activity', `${this.id}-summary`);
    this.panel = bindParamPanel(this, networkControls(this.draft), (control, value) => this.change(control.key, Math.round(value)));
    this.bindSelects();
    this.querySelector('[data-action="run"]')?.addEventListener('click', () => void this.run());
    this.querySelector('[data-action="pause"]')?.addEventListener('click', () => this.togglePause());
    this.querySelector('[data-action="cancel"]')?.addEventListener('click', () => this.cancel());
    this.querySelector('[data-action="reset"]')?.addEventListener('click', () => {
      this.draft = this.initial;
      this.showControls();
      this.checkDraft();
    });
    new ResizeObserver(() => this.schedule()).observe(this.querySelector('[data-role="plot"]')!);
    // Spike colours are read from the theme; a change of theme repaints the raster in the new colours.
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
      this.colours = undefined;
      this.raster = undefined;
      this.schedule();
    });
    new IntersectionObserver((entries) => {
      if (this.seen || !entries.some((e) => e.isIntersecting)) return;
      this.seen = true;
      if (this.status === 'idle' && autoRuns(this.draft)) void this.run();
    }).observe(this);
    this.showProbe();
    this.showRunState();
    this.schedule();
  }

  disconnectedCallback(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  getState(): NetworkState {
    return structuredClone(this.draft);
  }

  /** Applies untrusted state to the controls if valid (the reader, or the test, then presses Run); returns the problems otherwise. */
  setState(input: unknown): string[] {
    const parsed = parseNetworkState(input);
    if (!parsed.ok) return parsed.problems;
    this.draft = parsed.state;
    this.showControls();
    this.checkDraft();
    return [];
  }

  /**
   * The run on the plot (so far, while it streams): every spike (time, neuron; excitatory first), the population
   * rate per 1 ms bin with its smoothed line, the probed neuron's voltage, and the spectrum once the run is done.
   */
  exportTables(): DataTable[] {
    const data = this.data;
    if (!data) return [];
    const rates = populationRates(data);
    const spectrum = this.result?.spectrum;
    return [
      columnsTable('spikes', [
        { name: 't', unit: 'ms', values: data.spikeT.subarray(0, data.spikeCount) },
        { name: 'neuron', unit: '', values: data.spikeI.subarray(0, data.spikeCount) },
      ]),
      columnsTable('population rate', [
        { name: 't', unit: 'ms', values: rates.t },
        { name: 'rate', unit: 'Hz', values: rates.rate },
        { name: 'rate smoothed', unit: 'Hz', values: rates.smooth },
      ]),
      columnsTable(`voltage of neuron ${this.shown.probe}`, [
        { name: 't', unit: 'ms', values: data.probeT.subarray(0, data.probeCount) },
        { name: 'v', unit: 'mV', values: data.probeV.subarray(0, data.probeCount) },
      ]),
      ...(spectrum
        ? [
            columnsTable('spectrum', [
              { name: 'f', unit: 'Hz', values: spectrum.frequency },
              { name: 'power', unit: 'spikes^2/Hz', values: spectrum.power },
            ]),
          ]
        : []),
    ];
  }

  getResult(): NetworkResult | undefined {
    return this.result ? structuredClone(this.result) : undefined;
  }

  private bindSelects(): void {
    const method = this.querySelector<HTMLSelectElement>('[data-role="method"]')!;
    const dt = this.querySelector<HTMLSelectElement>('[data-role="dt"]')!;
    const connectivity = this.querySelector<HTMLSelectElement>('[data-role="connectivity"]')!;
    const seed = this.querySelector<HTMLInputElement>('[data-role="seed"]')!;
    const probe = this.querySelector<HTMLInputElement>('[data-role="probe"]')!;
    method.addEventListener('change', () => {
      // net.m's own numerics step 1 ms; the others keep the step chosen.
      this.draft = withField(this.draft, 'method', method.value);
      if (this.draft.method === 'published') this.draft = { ...this.draft, dt: 1 };
      this.showControls();
      this.checkDraft();
    });
    dt.addEventListener('change', () => this.change('dt', Number(dt.value)));
    connectivity.addEventListener('change', () => this.change('connectivity', connectivity.value));
    seed.addEventListener('change', () => this.change('seed', seed.value.trim() === '' ? Number.NaN : Number(seed.value)));
    probe.addEventListener('change', () => this.change('probe', probe.value.trim() === '' ? Number.NaN : Number(probe.value)));
  }

  private change(key: string, value: number | string): void {
    this.draft = withField(this.draft, key, value);
    this.showControls();
    this.checkDraft();
  }

  /** Shows the problems of the controls' setup, or the hint that Run simulates it. */
  private checkDraft(): boolean {
    const parsed = parseNetworkState(this.draft);
    const run = this.querySelector<HTMLButtonElement>('[data-action="run"]');
    if (run) run.disabled = !parsed.ok;
    showError(this, parsed.ok ? undefined : parsed.problems.join(' '));
    this.showProbe();
    if (parsed.ok && this.status !== 'running' && this.status !== 'paused' && JSON.stringify(this.draft) !== JSON.stringify(this.shown)) {
      this.showMessage(this.data ? 'Settings changed: the plot shows the previous run. Press Run to simulate the new network.' : 'Press Run to simulate the network.');
    }
    return parsed.ok;
  }

  private showControls(): void {
    this.panel?.show(controlValues(this.draft));
    const set = (role: string, value: string): void => {
      const element = this.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-role="${role}"]`);
      if (element && element.value !== value) element.value = value;
    };
    set('method', this.draft.method);
    set('dt', String(this.draft.dt));
    set('connectivity', this.draft.connectivity);
    if (Number.isFinite(this.draft.seed)) set('seed', String(this.draft.seed));
    if (Number.isFinite(this.draft.probe)) set('probe', String(this.draft.probe));
    const dt = this.querySelector<HTMLSelectElement>('[data-role="dt"]');
    if (dt) dt.disabled = this.draft.method === 'published';
    const n = this.draft.Ne + this.draft.Ni;
    const probe = this.querySelector<HTMLInputElement>('[data-role="probe"]');
    if (probe) probe.max = String(Math.max(0, n - 1));
    const max = this.querySelector<HTMLElement>('[data-role="probe-max"]');
    if (max) max.textContent = String(Math.max(0, n - 1));
  }

  private showProbe(): void {
    const info = this.querySelector<HTMLElement>('[data-role="probe-info"]');
    if (!info) return;
    const parsed = parseNetworkState(this.draft);
    info.textContent = parsed.ok ? (probeInfo(parsed.state)?.text ?? '') : '';
  }

  private async run(): Promise<void> {
    const parsed = parseNetworkState(this.draft);
    if (!parsed.ok) {
      showError(this, parsed.problems.join(' '));
      return;
    }
    this.stop();
    const state = parsed.state;
    const controller = new AbortController();
    const control = new RunControl();
    this.controller = controller;
    this.control = control;
    this.runs++;
    this.dataset['runs'] = String(this.runs);
    this.shown = state;
    this.data = createRunData(state);
    this.result = undefined;
    this.raster = undefined;
    this.tracesAt = -1;
    this.progress = 0;
    this.runStarted = performance.now();
    this.pausedTotal = 0;
    this.setStatus('running');
    this.showMessage(undefined);
    showError(this, undefined);
    this.schedule();
    const data = this.data;
    try {
      const result = await createNetworkClient().run('izhikevichNetwork', jobFor(state), {
        signal: controller.signal,
        control,
        onProgress: (fraction) => {
          if (this.controller !== controller) return;
          this.progress = fraction;
          this.schedule();
        },
        onPartial: (piece) => {
          if (this.controller !== controller) return;
          appendPartial(data, piece);
          this.schedule();
        },
      });
      if (this.controller !== controller) return;
      this.controller = undefined;
      this.result = result;
      this.progress = 1;
      this.setStatus('done');
    } catch (error) {
      if (this.controller !== controller) return; // superseded or cancelled: that handler has spoken
      this.controller = undefined;
      if (isAbortError(error)) this.setStatus('cancelled');
      else {
        this.setStatus('error');
        showError(this, `The network could not be simulated: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.schedule();
  }

  /** Ends the run in flight, if any, without changing the status. */
  private stop(): void {
    const controller = this.controller;
    this.controller = undefined;
    this.control = undefined;
    controller?.abort();
  }

  private togglePause(): void {
    const control = this.control;
    if (!control || (this.status !== 'running' && this.status !== 'paused')) return;
    if (control.paused) {
      control.resume();
      this.pausedTotal += performance.now() - this.pausedAt;
      this.setStatus('running');
    } else {
      control.pause();
      this.pausedAt = performance.now();
      this.setStatus('paused');
    }
    this.schedule();
  }

  private cancel(): void {
    if (this.status !== 'running' && this.status !== 'paused') return;
    this.stop();
    this.setStatus('cancelled');
    const data = this.data;
    this.showMessage(`Cancelled at ${progressText(data?.ms ?? 0, this.shown.duration, data?.spikeCount ?? 0, undefined)}; the plots show the network up to then. Press Run to start again.`);
    this.schedule();
  }

  private setStatus(status: Status): void {
    this.status = status;
    this.dataset['status'] = status;
    this.showRunState();
  }

  private showRunState(): void {
    const active = this.status === 'running' || this.status === 'paused';
    const pause = this.querySelector<HTMLButtonElement>('[data-action="pause"]');
    if (pause) {
      pause.disabled = !active;
      pause.textContent = this.status === 'paused' ? 'Resume' : 'Pause';
      pause.setAttribute('aria-pressed', String(this.status === 'paused'));
    }
    const cancel = this.querySelector<HTMLButtonElement>('[data-action="cancel"]');
    if (cancel) cancel.disabled = !active;
  }

  private showMessage(text: string | undefined): void {
    const region = this.querySelector<HTMLElement>('[data-role="message"]');
    if (!region) return;
    region.textContent = text ?? '';
    region.hidden = text === undefined;
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  private render(): void {
    const width = plotWidth(this);
    const resized = width !== this.width;
    this.width = width;
    const state = this.shown;
    const data = this.data;
    const axesKey = `${width} ${state.Ne} ${state.Ni} ${state.duration}`;
    if (axesKey !== this.axesKey) {
      this.axesKey = axesKey;
      renderRasterAxes(this.axes, width, state.duration, state.Ne, state.Ni);
    }
    const morePaint = this.paint();
    if (morePaint) this.schedule();
    // The SVG lines only when new milliseconds arrived (or the width changed), never in a frame that used its
    // painting budget, and at most every TRACE_INTERVAL_MS while a run streams: each frame's work stays a
    // fraction of the 50 ms a long task would take, even on a busy machine.
    const ms = data?.ms ?? 0;
    const now = performance.now();
    const streaming = this.controller !== undefined;
    const due = !streaming || now - this.tracesDrawnAt >= TRACE_INTERVAL_MS;
    let drewTraces = false;
    if (resized || (ms !== this.tracesAt && !morePaint && due)) {
      drewTraces = true;
      this.tracesAt = ms;
      this.tracesDrawnAt = now;
      const rates = data ? populationRates(data) : { t: [], rate: [], smooth: [] };
      renderTraces(this.traces, width, {
        duration: state.duration,
        rateT: rates.t,
        rate: rates.rate,
        smooth: rates.smooth,
        probeT: data ? data.probeT.subarray(0, data.probeCount) : [],
        probeV: data ? data.probeV.subarray(0, data.probeCount) : [],
        probeLabel: `neuron ${state.probe}`,
      });
    }
    // The spectrum comes with the run's end, when the traces are drawn in full: a frame of its own keeps both
    // pieces of work apart (together they made a 74 ms task once on a busy CI machine).
    if (!resized && drewTraces && this.spectrumFor !== this.result) this.schedule();
    else if (resized || this.spectrumFor !== this.result) {
      this.spectrumFor = this.result;
      renderSpectrum(this.spectrum, width, this.result?.spectrum, this.result?.alphaHz ?? Number.NaN, this.result?.gammaHz ?? Number.NaN);
    }
    this.showNumbers();
  }

  /** Paints spikes not yet on the canvas, for at most PAINT_BUDGET_MS; true if some remain for the next frame. */
  private paint(): boolean {
    const state = this.shown;
    const neurons = state.Ne + state.Ni;
    const geometry = rasterGeometry(this.width, devicePixelRatio || 1, neurons);
    const old = this.raster;
    if (!old || old.geometry.width !== geometry.width || old.geometry.height !== geometry.height || old.neurons !== neurons || old.duration !== state.duration) {
      this.canvas.width = geometry.width;
      this.canvas.height = geometry.height;
      this.canvas.style.width = `${geometry.cssWidth}px`;
      this.canvas.style.height = `${geometry.cssHeight}px`;
      const image = new ImageData(geometry.width, geometry.height);
      this.raster = { geometry, image, pixels: new Uint32Array(image.data.buffer), neurons, duration: state.duration, painted: 0 };
      this.canvas.getContext('2d')?.clearRect(0, 0, geometry.width, geometry.height);
    }
    const raster = this.raster!;
    const data = this.data;
    const colours = (this.colours ??= this.readColours());
    if (!data || raster.painted >= data.spikeCount) return false;
    const started = performance.now();
    let x0 = Number.POSITIVE_INFINITY;
    let x1 = 0;
    const paint = { pixels: raster.pixels, geometry: raster.geometry, duration: state.duration, Ne: state.Ne, Ni: state.Ni, excitatory: colours.exc, inhibitory: colours.inh };
    while (raster.painted < data.spikeCount && performance.now() - started < PAINT_BUDGET_MS) {
      const to = Math.min(data.spikeCount, raster.painted + PAINT_SLICE);
      const strip = paintSpikes(paint, data.spikeT, data.spikeI, raster.painted, to);
      raster.painted = to;
      if (strip) {
        x0 = Math.min(x0, strip[0]);
        x1 = Math.max(x1, strip[1]);
      }
    }
    if (x1 > x0) this.canvas.getContext('2d')?.putImageData(raster.image, 0, 0, x0, 0, x1 - x0, raster.geometry.height);
    this.dataset['painted'] = String(raster.painted);
    return raster.painted < data.spikeCount;
  }

  /** The theme's series colours as pixel words (the canvas normalises any CSS colour to #rrggbb). */
  private readColours(): { exc: number; inh: number } {
    const style = getComputedStyle(this);
    const probe = document.createElement('canvas').getContext('2d');
    const word = (name: string, fallback: string): number => {
      if (!probe) return packColour(0, 0, 0);
      probe.fillStyle = fallback;
      probe.fillStyle = style.getPropertyValue(name).trim() || fallback;
      const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(String(probe.fillStyle));
      return hex ? packColour(parseInt(hex[1]!, 16), parseInt(hex[2]!, 16), parseInt(hex[3]!, 16)) : packColour(0, 0, 0);
    };
    return { exc: word('--series-1', '#005a8c'), inh: word('--series-2', '#d55e00') };
  }

  private showNumbers(): void {
    const data = this.data;
    const state = this.shown;
    const bar = this.querySelector<HTMLProgressElement>('[data-role="progress"]');
    if (bar) bar.value = this.progress;
    this.dataset['progress'] = String(this.progress);
    this.dataset['ms'] = String(data?.ms ?? 0);
    this.dataset['spikes'] = String(data?.spikeCount ?? 0);
    const text = this.querySelector<HTMLElement>('[data-role="progress-text"]');
    if (text) {
      const running = this.status === 'paused' ? this.pausedAt : performance.now();
      const elapsed = running - this.runStarted - this.pausedTotal;
      const speed = this.result ? this.result.duration / this.result.simMs : data && data.ms > 0 && elapsed > 0 ? data.ms / elapsed : undefined;
      const line = data ? progressText(data.ms, state.duration, data.spikeCount, speed) : 'Not started';
      const prefix = { idle: '', running: '', paused: 'Paused: ', done: 'Done: ', cancelled: 'Cancelled: ', error: 'Stopped: ' }[this.status];
      text.textContent = `${prefix}${line}`;
    }
    for (const [id, readout] of networkReadouts(data, this.result)) {
      const output = this.querySelector<HTMLOutputElement>(`output[data-readout="${id}"]`);
      if (!output) continue;
      output.textContent = readout.text;
      output.dataset['value'] = String(readout.value);
    }
    setSummary(this, networkSummary(state, data, this.result, this.status));
  }
}

if (!customElements.get('network-raster')) customElements.define('network-raster', NetworkRasterElement);
