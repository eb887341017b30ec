/**
 * The <f-u-plot> custom element: analyses F(u) for its state (no simulation: a few hundred evaluations of
 * the model's right-hand side, well within a frame) and draws it.
 */
import { SpecError, validateSpec, type ParamProblem } from '../../engine/index.ts';
import { columnsTable, recordsTable } from '../lib/export-data.ts';
import type { DataTable } from '../lib/export.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { showReadouts } from '../lib/readouts.ts';
import { parseState, type WidgetState } from '../lib/state.ts';
import { WidgetElement, defineNeuronWidget } from '../lib/widget-element.ts';
import { analyseFu, isFuModel, type FuAnalysis } from './analysis.ts';
import { currentOf, markerLabels, type FuConfig } from './config.ts';
import { renderFu } from './render.ts';
import { computeFuReadouts, fuSummary } from './summary.ts';

function viewProblems(state: WidgetState): ParamProblem[] {
  const uMin = state.view?.['uMin'];
  const uMax = state.view?.['uMax'];
  return uMin !== undefined && uMax !== undefined && uMax > uMin ? [] : [{ name: 'view', message: 'The view needs uMin < uMax (mV).' }];
}

class FuPlotElement extends WidgetElement<FuConfig> {
  private svg?: Svg;
  private analysis?: FuAnalysis;

  protected override setup(): void {
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'F(u) and the input line', `${this.id}-summary`);
  }

  override setState(input: unknown): ParamProblem[] {
    const parsed = parseState(input);
    if (parsed.ok) {
      const current = currentOf(parsed.state);
      if (typeof current === 'string') return [{ name: 'stimulus', message: current }];
      const problems = viewProblems(parsed.state);
      if (problems.length > 0) return problems;
    }
    return super.setState(input);
  }

  /** The curve F(u) and the fixed points last drawn (a fixed point is stable where dF/du < 0). */
  exportTables(): DataTable[] {
    const a = this.analysis;
    if (!a) return [];
    return [
      columnsTable('F(u)', [
        { name: 'u', unit: 'mV', values: a.curve.u },
        { name: 'F', unit: 'mV', values: a.curve.F },
      ]),
      recordsTable('fixed points', a.fixed, [
        { name: 'u', unit: 'mV', read: (p) => p.u },
        { name: 'dF/du', unit: '', read: (p) => p.slope },
      ]),
    ];
  }

  protected draw(state: WidgetState): void {
    const checked = validateSpec({ model: this.model, params: state.params, duration: state.duration, dt: state.dt, stimulus: state.stimulus });
    if (checked.problems.length > 0) throw new SpecError(checked.problems);
    const current = currentOf(state);
    if (typeof current === 'string') throw new RangeError(current);
    const uMin = state.view?.['uMin'] ?? -80;
    const uMax = state.view?.['uMax'] ?? -30;
    const analysis = analyseFu(this.model, checked.params, current, [uMin, uMax], this.config.currentRange);
    this.analysis = analysis;
    const labels = markerLabels(isFuModel(this.model.id) ? this.model.id : 'qif');
    renderFu(this.svg!, this.plotWidth(), { analysis, uMin, uMax, labels, clipId: `${this.id}-clip` });
    showReadouts(this, computeFuReadouts(this.config.readouts, analysis, labels.cutoffName));
    this.setSummary(fuSummary(analysis, this.model.input.unit, labels.cutoffName));
    this.dataset['fixedPoints'] = String(analysis.fixed.length);
  }
}

void defineNeuronWidget('f-u-plot', FuPlotElement);
