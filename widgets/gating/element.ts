/**
 * The <gating-plot> custom element: draws the gate curves once per voltage range and moves the marker.
 * The marker follows its slider (keyboard), and a click or drag on the plot.
 */
import type { ScaleLinear } from '../lib/scale.ts';
import { SpecError, validateSpec, type ParamProblem } from '../../engine/index.ts';
import { columnsTable } from '../lib/export-data.ts';
import type { DataTable } from '../lib/export.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { showReadouts } from '../lib/readouts.ts';
import { parseState, type WidgetState } from '../lib/state.ts';
import { WidgetElement, defineNeuronWidget } from '../lib/widget-element.ts';
import { snapVoltage, viewProblem, type GatingConfig } from './config.ts';
import { GATES, gateReadouts, gateValuesAt, gatingCurves, gatingSummary, largestTau, restingPotential, type GateValues, type GatingCurves } from './data.ts';
import { renderGating } from './render.ts';

class GatingPlotElement extends WidgetElement<GatingConfig> {
  private svg?: Svg;
  private curves?: { key: string; curves: GatingCurves; tauMax: number };
  private scale?: { x: ScaleLinear; left: number };
  /** The marker's values and the resting potential last drawn, for the export. */
  private marked?: { values: GateValues; rest: number };

  protected override setup(): void {
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'Hodgkin–Huxley gating variables', `${this.id}-summary`);
    const node = this.svg.node()!;
    const follow = (event: PointerEvent) => {
      if (!this.scale) return;
      const box = node.getBoundingClientRect();
      const viewWidth = node.viewBox.baseVal.width || box.width;
      const px = ((event.clientX - box.left) * viewWidth) / box.width - this.scale.left;
      const [lo, hi] = this.scale.x.domain() as [number, number];
      const voltage = Math.min(hi, Math.max(lo, snapVoltage(this.scale.x.invert(px))));
      const state = this.store.get();
      if (state.view?.['voltage'] !== voltage) this.setState({ ...state, view: { ...state.view, voltage } });
    };
    node.addEventListener('pointerdown', (event) => {
      node.setPointerCapture(event.pointerId);
      follow(event);
    });
    node.addEventListener('pointermove', (event) => {
      if (node.hasPointerCapture(event.pointerId)) follow(event);
    });
  }

  override setState(input: unknown): ParamProblem[] {
    const parsed = parseState(input);
    if (parsed.ok) {
      const problem = viewProblem(parsed.state);
      if (problem) return [{ name: 'view', message: problem }];
    }
    return super.setState(input);
  }

  /** The steady states and time constants last drawn, one row per voltage; the marker's row; the resting potential. */
  exportTables(): DataTable[] {
    const c = this.curves?.curves;
    const marked = this.marked;
    if (!c || !marked) return [];
    const { values, rest } = marked;
    const columns = [{ name: 'u', unit: 'mV' }, ...GATES.map((g) => ({ name: `${g}_inf`, unit: '' })), ...GATES.map((g) => ({ name: `tau_${g}`, unit: 'ms' }))];
    return [
      columnsTable('gates', [
        { name: 'u', unit: 'mV', values: c.u },
        ...GATES.map((g) => ({ name: `${g}_inf`, unit: '', values: c.inf[g] })),
        ...GATES.map((g) => ({ name: `tau_${g}`, unit: 'ms', values: c.tau[g] })),
      ]),
      { name: 'at the marker', columns, rows: [[values.u, ...GATES.map((g) => values.inf[g]), ...GATES.map((g) => values.tau[g])]] },
      { name: 'resting potential', columns: [{ name: 'u_rest', unit: 'mV' }], rows: [[rest]] },
    ];
  }

  protected draw(state: WidgetState): void {
    const checked = validateSpec({ model: this.model, params: state.params, duration: state.duration, dt: state.dt });
    if (checked.problems.length > 0) throw new SpecError(checked.problems);
    const problem = viewProblem(state);
    if (problem) throw new RangeError(problem);
    const { uMin, uMax, voltage } = state.view as { uMin: number; uMax: number; voltage: number };
    const key = `${uMin} ${uMax}`;
    if (this.curves?.key !== key) {
      const curves = gatingCurves(uMin, uMax);
      this.curves = { key, curves, tauMax: largestTau(curves) };
    }
    const rest = restingPotential(checked.params);
    const values = gateValuesAt(voltage);
    this.marked = { values, rest };
    this.scale = renderGating(this.svg!, this.plotWidth(), { curves: this.curves.curves, tauMax: this.curves.tauMax, uMin, uMax, values, rest });
    showReadouts(this, gateReadouts(values));
    this.setSummary(gatingSummary(uMin, uMax, values, rest));
    this.dataset['rest'] = String(rest);
  }
}

void defineNeuronWidget('gating-plot', GatingPlotElement);
