/**
 * The <energy-trace> custom element. A change of any control restarts from the cue and shows the whole
 * trace at once (N × P × sweeps is at most 4000 × 60 × 100 field terms per network, well within a frame);
 * Run replays it sweep by sweep (about eight per second, paused while the widget is off screen), Step adds
 * one sweep. Drawing is coalesced to one animation frame.
 */
import { bindParamPanel, type PanelBinding } from '../lib/param-panel.ts';
import { columnsTable } from '../lib/export-data.ts';
import type { DataTable } from '../lib/export.ts';
import { formatNumber } from '../lib/format.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { plotWidth, readConfig, setSummary, showError } from '../lib/regions.ts';
import { renderEnergy } from './render.ts';
import { advanceRun, completeRun, energyControls, energyReadouts, energySummary, parseEnergyState, startRun, type EnergyRun, type EnergyState } from './state.ts';

const SWEEP_MS = 120;

class EnergyTraceElement extends HTMLElement {
  private initial!: EnergyState;
  private state!: EnergyState;
  private run: EnergyRun | undefined;
  private svg?: Svg;
  private panel?: PanelBinding;
  private frame = 0;
  private playing = false;
  private visible = true;
  private lastSweep = 0;
  private started = false;

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const config = readConfig(this);
    if (config === undefined) return;
    const parsed = parseEnergyState(config);
    if (!parsed.ok) {
      showError(this, parsed.problems.map((p) => p.message).join(' '));
      return;
    }
    this.initial = parsed.state;
    this.state = parsed.state;
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'Energy and overlap during recall', `${this.id}-summary`);
    this.panel = bindParamPanel(
      this,
      energyControls(),
      (control, value) => this.apply({ ...this.state, [control.key]: value }),
      () => this.apply(this.initial),
    );
    this.button('run')?.addEventListener('click', () => this.setPlaying(!this.playing));
    this.button('step')?.addEventListener('click', () => {
      this.setPlaying(false);
      if (this.run && !advanceRun(this.run)) this.rebuild(false);
      this.schedule();
    });
    this.button('restart')?.addEventListener('click', () => {
      this.setPlaying(false);
      this.rebuild(false);
    });
    this.button('new-cue')?.addEventListener('click', () => this.apply({ ...this.state, seed: (this.state.seed % 1e9) + 1 }));
    new ResizeObserver(() => this.schedule()).observe(host);
    new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      if (this.visible && this.playing) this.schedule();
    }).observe(this);
    this.showControls();
    this.rebuild(true);
  }

  getState(): EnergyState {
    return { ...this.state };
  }

  /** Applies untrusted state if valid; returns the problems otherwise (and changes nothing). */
  setState(input: unknown): { name: string; message: string }[] {
    const parsed = parseEnergyState({ ...this.state, ...(typeof input === 'object' && input !== null ? input : { state: input }) });
    if (!parsed.ok) return parsed.problems;
    this.apply(parsed.state);
    this.showControls();
    return [];
  }

  /** The sweeps drawn so far: energy and overlap of the deterministic and the stochastic run. */
  exportTables(): DataTable[] {
    const run = this.run;
    if (!run) return [];
    const shown = run.t + 1;
    return [
      columnsTable('sweeps', [
        { name: 'sweep', unit: 'sweeps', values: Float64Array.from({ length: shown }, (_, k) => k) },
        { name: 'E deterministic', unit: '', values: run.energyDet.subarray(0, shown) },
        { name: 'E stochastic', unit: '', values: run.energySto.subarray(0, shown) },
        { name: 'm deterministic', unit: '', values: run.overlapDet.subarray(0, shown) },
        { name: 'm stochastic', unit: '', values: run.overlapSto.subarray(0, shown) },
      ]),
      { name: 'stored pattern', columns: [{ name: 'E of the pattern', unit: '' }], rows: [[run.patternEnergy]] },
    ];
  }

  /** The run shown now (for tests). */
  getRun(): EnergyRun | undefined {
    return this.run;
  }

  private button(action: string): HTMLButtonElement | null {
    return this.querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
  }

  private apply(next: EnergyState): void {
    const parsed = parseEnergyState(next);
    if (!parsed.ok) {
      showError(this, parsed.problems.map((p) => p.message).join(' '));
      return;
    }
    this.state = parsed.state;
    if (next === this.initial) this.showControls();
    this.setPlaying(false);
    this.rebuild(true);
  }

  private showControls(): void {
    this.panel?.show(new Map(Object.entries(this.state)));
  }

  /** A new run from the cue, complete (`full`) or at sweep 0. */
  private rebuild(full: boolean): void {
    try {
      this.run = startRun(this.state);
      if (full) completeRun(this.run);
      showError(this, undefined);
    } catch (error) {
      this.run = undefined;
      showError(this, error instanceof Error ? error.message : String(error));
    }
    this.schedule();
  }

  private setPlaying(on: boolean): void {
    this.playing = on;
    const run = this.button('run');
    if (run) {
      run.textContent = on ? 'Pause' : 'Run';
      run.setAttribute('aria-pressed', String(on));
    }
    if (on) {
      if (this.run && this.run.t >= this.run.state.sweeps) this.rebuild(false);
      this.lastSweep = 0;
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame((now) => {
      this.frame = 0;
      this.tick(now);
    });
  }

  private tick(now: number): void {
    if (this.playing && this.visible && this.run) {
      if (now - this.lastSweep >= SWEEP_MS) {
        this.lastSweep = now;
        if (!advanceRun(this.run)) this.setPlaying(false);
      }
      if (this.playing) this.schedule();
    }
    this.draw();
  }

  private draw(): void {
    const run = this.run;
    if (!run || !this.svg) return;
    renderEnergy(this.svg, plotWidth(this), run);
    for (const r of energyReadouts(run)) {
      const out = this.querySelector<HTMLOutputElement>(`[data-readout="${r.id}"]`);
      const label = this.querySelector<HTMLElement>(`[data-label-for="${r.id}"]`);
      if (out) {
        out.textContent = formatNumber(r.value, r.decimals);
        out.dataset['value'] = String(r.value);
      }
      if (label) label.textContent = r.label;
    }
    setSummary(this, energySummary(run));
    this.dataset['sweep'] = String(run.t);
  }
}

if (!customElements.get('energy-trace')) customElements.define('energy-trace', EnergyTraceElement);
