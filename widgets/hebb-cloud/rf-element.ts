/**
 * The <receptive-field> custom element: a run of ./rf-state.ts animated through ./player.ts and drawn by
 * ./rf-render.ts. 40 inputs cost about 5 µs a sample, so the default 40 samples a frame take 0.2 ms and
 * the largest speed (400) about 2 ms: all on the page, no worker.
 * Public API: getState(), setState(state) (returns the problems, changes nothing if any), advance(n).
 */
import { bindParamPanel, type PanelBinding } from '../lib/param-panel.ts';
import { columnsTable } from '../lib/export-data.ts';
import type { DataTable } from '../lib/export.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { plotWidth, readConfig, setSummary, showError } from '../lib/regions.ts';
import { bindSessionPlayer, type Player } from './player.ts';
import { renderReceptiveField } from './rf-render.ts';
import { createRfSession, parseRfState, tuningCurve, rfReadouts, rfSummary, type RfConfig, type RfProblem, type RfSession, type RfState } from './rf-state.ts';

class ReceptiveFieldElement extends HTMLElement {
  private config!: RfConfig;
  private state!: RfState;
  private session: RfSession | undefined;
  private svg?: Svg;
  private panel?: PanelBinding;
  private player?: Player;
  private renders = 0;
  private started = false;

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const config = readConfig(this);
    if (config === undefined) return;
    this.config = config as RfConfig;
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'Receptive-field development', `${this.id}-summary`);
    this.panel = bindParamPanel(
      this,
      this.config.controls,
      (control, value) => {
        const parsed = parseRfState({ ...this.state, [control.key]: value });
        if (parsed.ok) this.apply(parsed.state);
        else showError(this, parsed.problems.map((p) => p.message).join(' '));
      },
      () => this.setState(this.config.state),
    );
    this.player = bindSessionPlayer(this, host, {
      session: () => this.session,
      speed: () => this.state.speed,
      step: () => this.advance(100),
      restart: () => this.apply(this.state),
      draw: () => this.draw(),
    });
    this.apply(this.config.state);
  }

  getState(): RfState {
    return structuredClone(this.state);
  }

  setState(input: unknown): RfProblem[] {
    const parsed = parseRfState(input);
    if (!parsed.ok) return parsed.problems;
    this.apply(parsed.state);
    this.panel?.show(new Map(this.config.controls.map((c) => [c.key, this.state[c.key as keyof RfState] as number])));
    return [];
  }

  advance(count: number): number {
    if (!this.session || !Number.isInteger(count) || count < 0) return 0;
    const done = this.session.advance(count);
    this.player?.schedule();
    return done;
  }

  private apply(state: RfState): void {
    this.state = state;
    showError(this, undefined);
    try {
      this.session = createRfSession(state);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      this.session = undefined;
      showError(this, error.message);
      this.player?.pause();
      return;
    }
    this.player?.schedule();
  }

  /** As drawn: the weights now and at the start, per input, and the tuning curve (response against bump position). */
  exportTables(): DataTable[] {
    const s = this.session;
    if (!s) return [];
    const tuning = tuningCurve(s.learner.w, s.pattern);
    return [
      columnsTable('weights', [
        { name: 'input', unit: '', values: Float64Array.from(s.initial, (_, j) => j) },
        { name: 'w', unit: '', values: s.learner.w },
        { name: 'w at start', unit: '', values: s.initial },
      ]),
      columnsTable('tuning', [
        { name: 'bump position', unit: 'inputs', values: tuning.position },
        { name: 'v_post', unit: '', values: tuning.response },
      ]),
    ];
  }

  private draw(): void {
    const session = this.session;
    if (!session || !this.svg) return;
    renderReceptiveField(this.svg, plotWidth(this), session);
    for (const [id, r] of Object.entries(rfReadouts(session))) {
      const output = this.querySelector<HTMLOutputElement>(`output[data-readout="${id}"]`);
      if (!output) continue;
      output.textContent = r.text;
      output.dataset['value'] = String(r.value);
    }
    setSummary(this, rfSummary(session));
    this.renders += 1;
    this.dataset['renders'] = String(this.renders);
    this.dataset['samples'] = String(session.learner.samples);
  }
}

if (!customElements.get('receptive-field')) customElements.define('receptive-field', ReceptiveFieldElement);
