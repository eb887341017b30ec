/** The <membrane-trace> custom element: runs the engine for its state and draws the result. */
import type { LifParams } from '../../engine/index.ts';
import { attachCursor, type CursorData } from '../lib/cursor.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { showReadouts } from '../lib/readouts.ts';
import { checkStepBudget, simulateState, type WidgetState } from '../lib/state.ts';
import { WidgetElement } from '../lib/widget-element.ts';
import type { TraceConfig } from './config.ts';
import { computeReadouts, traceSummary } from './readouts.ts';
import { renderTrace } from './render.ts';
import { withSpikeEdges } from './trace-data.ts';

/** About 20 ms of Euler or exact integration on a laptop (npm run bench: ~14 M steps/s). */
const MAX_STEPS = 300_000;

class MembraneTraceElement extends WidgetElement<TraceConfig> {
  private svg?: Svg;
  private cursor?: (data: CursorData) => void;

  protected override setup(): void {
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'Membrane potential trace', `${this.id}-summary`);
    const control = this.querySelector<HTMLElement>('[data-role="cursor"]');
    if (control) this.cursor = attachCursor(this.svg, control);
  }

  protected draw(state: WidgetState): void {
    checkStepBudget(state, MAX_STEPS);
    const result = simulateState(state);
    const voltage = this.model.state[this.model.voltage]!;
    const u = result.traces[voltage.name]!;
    // Threshold and reset are the LIF's own parameters; models without a voltage threshold show neither.
    const p = this.model.id === 'lif' ? (result.params as LifParams) : undefined;
    const line = p ? withSpikeEdges(result.t, u, result.spikes, p.theta, p.uReset) : { t: result.t, u };
    const drawn = renderTrace(this.svg!, this.plotWidth(), {
      t: result.t,
      input: result.input,
      lineT: line.t,
      lineU: line.u,
      spikes: result.spikes,
      duration: state.duration,
      threshold: p?.theta,
      anchors: p ? [p.uRest, p.uReset, p.theta] : [],
      currentUnit: this.model.input.unit,
      voltageUnit: voltage.unit,
    });
    this.cursor?.({
      ...drawn,
      t: result.t,
      series: [
        { name: voltage.name, unit: voltage.unit, decimals: 2, values: u },
        { name: 'I', unit: this.model.input.unit, decimals: 2, values: result.input },
      ],
    });
    const readouts = computeReadouts(this.config.readouts, this.model, state, result);
    showReadouts(this, readouts);
    this.setSummary(traceSummary(this.model, state, result, readouts));
    if (result.divergence) this.showError(result.divergence.message);
  }
}

if (!customElements.get('membrane-trace')) customElements.define('membrane-trace', MembraneTraceElement);
