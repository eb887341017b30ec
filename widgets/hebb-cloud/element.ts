/**
 * The <hebb-cloud> custom element: one learning run (./session.ts) animated through ./player.ts and drawn by
 * ./render.ts. A sample costs well under a microsecond, so all work stays on the page (no worker): even
 * the fastest speed, 50 samples a frame, is a few microseconds of engine time per frame.
 * Public API: getState(), setState(state) (returns the problems, changes nothing if any), advance(n).
 */
import { plotWidth, readConfig, setSummary, showError } from '../lib/regions.ts';
import { bindParamPanel, type PanelBinding } from '../lib/param-panel.ts';
import { columnsTable } from '../lib/export-data.ts';
import type { DataTable } from '../lib/export.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { bindSessionPlayer, type Player } from './player.ts';
import { renderHebbCloud } from './render.ts';
import { createSession, divergedMessage, readoutsOf, RECENT_SAMPLES, summaryOf, type Session } from './session.ts';
import { cloudRuleLabels, isCloudRule, parseHebbCloudState, type HebbCloudConfig, type HebbCloudState, type Problem } from './state.ts';

class HebbCloudElement extends HTMLElement {
  private config!: HebbCloudConfig;
  private state!: HebbCloudState;
  private session: Session | undefined;
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
    this.config = config as HebbCloudConfig;
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'Hebbian learning on a cloud of inputs', `${this.id}-summary`);
    this.panel = bindParamPanel(
      this,
      this.config.controls,
      (control, value) => this.apply({ ...this.state, [control.key]: value }),
      () => this.setState(this.config.state),
    );
    const rule = this.querySelector<HTMLSelectElement>('[data-role="rule"]');
    rule?.addEventListener('change', () => {
      if (isCloudRule(rule.value)) this.apply({ ...this.state, rule: rule.value });
    });
    this.player = bindSessionPlayer(this, host, {
      session: () => this.session,
      speed: () => this.state.speed,
      step: () => this.advance(1),
      restart: () => this.apply(this.state),
      draw: () => this.draw(),
    });
    this.apply(this.config.state);
  }

  getState(): HebbCloudState {
    return structuredClone(this.state);
  }

  setState(input: unknown): Problem[] {
    const parsed = parseHebbCloudState(input);
    if (!parsed.ok) return parsed.problems;
    this.apply(parsed.state);
    this.showControls();
    return [];
  }

  /**
   * The run as drawn: |w| and the angle to the principal axis against samples presented (the recorded history),
   * the recent inputs of the scatter (oldest first) and the weight vector now.
   */
  exportTables(): DataTable[] {
    const s = this.session;
    if (!s) return [];
    const h = s.history;
    const order = Array.from({ length: s.recentCount }, (_, i) => (s.recentCount < RECENT_SAMPLES ? i : (s.recentHead + i) % RECENT_SAMPLES));
    return [
      columnsTable('learning', [
        { name: 'samples', unit: '', values: h.t.subarray(0, h.length) },
        { name: '|w|', unit: '', values: h.norm.subarray(0, h.length) },
        { name: 'angle to principal axis', unit: 'deg', values: h.angle.subarray(0, h.length) },
      ]),
      { name: 'recent inputs', columns: [{ name: 'x1', unit: '' }, { name: 'x2', unit: '' }], rows: order.map((k) => [s.recent[2 * k]!, s.recent[2 * k + 1]!]) },
      { name: 'weights', columns: [{ name: 'w1', unit: '' }, { name: 'w2', unit: '' }], rows: [Array.from(s.learner.w)] },
    ];
  }

  /** Presents `count` samples now (the step button presents one) and redraws. */
  advance(count: number): number {
    if (!this.session || !Number.isInteger(count) || count < 0) return 0;
    const done = this.session.advance(count);
    this.player?.schedule();
    return done;
  }

  /** A new setup restarts the run from its initial weights. */
  private apply(state: HebbCloudState): void {
    this.state = state;
    showError(this, undefined);
    try {
      this.session = createSession(state);
    } catch (error) {
      if (error instanceof RangeError) {
        this.session = undefined;
        showError(this, error.message);
        this.player?.pause();
        return;
      }
      throw error;
    }
    this.player?.schedule();
  }

  private showControls(): void {
    this.panel?.show(new Map(this.config.controls.map((c) => [c.key, this.state[c.key as keyof HebbCloudState] as number])));
    const rule = this.querySelector<HTMLSelectElement>('[data-role="rule"]');
    if (rule) rule.value = this.state.rule;
  }

  private draw(): void {
    const session = this.session;
    if (!session || !this.svg) return;
    const started = performance.now();
    renderHebbCloud(this.svg, plotWidth(this), session);
    const readouts = readoutsOf(session);
    for (const [id, r] of Object.entries(readouts)) {
      const output = this.querySelector<HTMLOutputElement>(`output[data-readout="${id}"]`);
      if (!output) continue;
      output.textContent = r.text;
      output.dataset['value'] = String(r.value);
    }
    const which = this.querySelector<HTMLElement>('[data-role="reference"]');
    if (which) which.textContent = session.learner.reference.which === 'covariance' ? 'covariance matrix' : 'correlation matrix ⟨x xᵀ⟩';
    const note = this.querySelector<HTMLElement>('[data-role="diverged"]');
    if (note) {
      const text = session.learner.diverged ? divergedMessage(session) : '';
      if (note.textContent !== text) note.textContent = text;
      note.hidden = !session.learner.diverged;
    }
    const label = cloudRuleLabels[session.state.rule].split(':')[0]!;
    setSummary(this, summaryOf(session, label));
    this.renders += 1;
    this.dataset['renders'] = String(this.renders);
    this.dataset['samples'] = String(session.learner.samples);
    this.dataset['renderMs'] = (performance.now() - started).toFixed(2);
  }
}

if (!customElements.get('hebb-cloud')) customElements.define('hebb-cloud', HebbCloudElement);
