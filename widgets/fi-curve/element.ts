/**
 * The <fi-curve> custom element. The analytic curve is drawn in the frame the slider moved; the simulated
 * points (one full run each) are computed by the engine worker's `fiCurve` job, off the page's thread, with
 * a progress bar if they take a while. A new slider value aborts the job still running and starts another;
 * a redraw of the same state (a resize) reuses the points. `data-complete` turns "true" when all are in.
 */
import { lifRate, lifRheobase, methods, SpecError, validateSpec, type LifParams } from '../../engine/index.ts';
import { numericsLabel } from '../lib/model-display.ts';
import { createEngineClient, isAbortError, type JobTypes } from '../../engine/worker/client.ts';
import { formatNumber } from '../lib/format.ts';
import { recordsTable } from '../lib/export-data.ts';
import type { DataTable } from '../lib/export.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { showReadouts, type ShownReadout } from '../lib/readouts.ts';
import { checkStepBudget, type WidgetState } from '../lib/state.ts';
import { WidgetElement, defineNeuronWidget } from '../lib/widget-element.ts';
import { analyticCurve, currentRange, simulatedCurrents, type FiPoint } from './compute.ts';
import type { FiConfig } from './config.ts';
import { createProgress, type Progress } from './progress.ts';
import { renderFi, type FiView } from './render.ts';

const MAX_STEPS_PER_POINT = 100_000;
/** The progress bar appears only for a computation still running after this long, so quick ones do not flash it. */
const PROGRESS_DELAY_MS = 150;

class FiCurveElement extends WidgetElement<FiConfig> {
  private svg?: Svg;
  private progress?: Progress;
  /** The job in flight, by the JSON of its request. */
  private job: { key: string; controller: AbortController } | undefined;
  /** The last points computed, by the JSON of their request. */
  private computed?: { key: string; simulated: FiPoint[] };
  /** What the plot shows now, for the export. */
  private shown?: { simulated: readonly FiPoint[]; analytic: readonly FiPoint[] };

  protected override setup(): void {
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'f–I curve', `${this.id}-summary`);
    this.progress = createProgress('Computing simulated points…');
    host.after(this.progress.root);
  }

  /** The points last drawn: the simulated rates (once computed) and the analytic curve (LIF only). */
  exportTables(): DataTable[] {
    const shown = this.shown;
    if (!shown) return [];
    const unit = this.model.input.unit;
    const columns = [
      { name: 'I', unit, read: (p: FiPoint) => p.x },
      { name: 'rate', unit: 'Hz', read: (p: FiPoint) => p.y },
    ];
    return [recordsTable('simulated', shown.simulated, columns), ...(shown.analytic.length > 0 ? [recordsTable('analytic', shown.analytic, columns)] : [])];
  }

  private plot(view: FiView): void {
    this.shown = { simulated: view.simulated, analytic: view.analytic };
    renderFi(this.svg!, this.plotWidth(), view);
  }

  protected draw(state: WidgetState): void {
    this.dataset['complete'] = 'false';
    const request: JobTypes['fiCurve']['params'] = {
      model: state.model,
      params: state.params,
      method: state.method,
      dt: state.dt,
      duration: state.duration,
      currents: Array.from(simulatedCurrents(state)),
      transient: state.view?.['transient'] ?? 0,
    };
    const key = JSON.stringify(request);
    if (this.job && this.job.key !== key) {
      this.job.controller.abort();
      this.job = undefined;
      this.progress?.hide();
    }
    const { min, max } = currentRange(state);
    // Check the state before any work, so an invalid value is shown at once rather than by the worker.
    const checked = validateSpec({ model: this.model, params: state.params, method: state.method, dt: state.dt, duration: state.duration });
    if (checked.problems.length > 0) throw new SpecError(checked.problems);
    checkStepBudget(state, MAX_STEPS_PER_POINT);
    const lif = this.model.id === 'lif' ? (checked.params as LifParams) : undefined;
    const view: FiView = {
      analytic: lif ? analyticCurve(this.model, lif, min, max) : [],
      simulated: [],
      currentMin: min,
      currentMax: max,
      ceiling: lif && lif.tRef > 0 ? 1000 / lif.tRef : undefined,
      currentUnit: this.model.input.unit,
      numerics: `simulated points: ${numericsLabel(state.method, methods[state.method].title, state.dt, state.dt)}, ${state.duration} ms runs`,
    };
    if (this.computed?.key === key) {
      const { simulated } = this.computed;
      this.plot({ ...view, simulated });
      this.finish(state, view, simulated, lif);
      return;
    }
    this.plot(view);
    this.setSummary(`f–I curve from ${min} to ${max}${this.unitText()}: computing the simulated points…`);
    if (this.job) return; // The same request is in flight; it draws when it is done.

    const job = { key, controller: new AbortController() };
    this.job = job;
    const started = performance.now();
    createEngineClient()
      .run('fiCurve', request, {
        signal: job.controller.signal,
        onProgress: (fraction) => {
          if (fraction < 1 && performance.now() - started >= PROGRESS_DELAY_MS) this.progress?.show(fraction);
        },
      })
      .then(
        (points) => {
          if (this.job !== job) return;
          this.job = undefined;
          this.progress?.hide();
          const simulated = points.map((p) => ({ x: p.current, y: p.rate }));
          this.computed = { key, simulated };
          this.plot({ ...view, simulated });
          this.finish(state, view, simulated, lif);
        },
        (error: unknown) => {
          if (this.job !== job) return; // Superseded by a newer request.
          this.job = undefined;
          this.progress?.hide();
          if (isAbortError(error)) return;
          this.showError(`The simulated points could not be computed: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
  }

  private unitText(): string {
    return this.model.input.unit ? ` ${this.model.input.unit}` : '';
  }

  private finish(state: WidgetState, view: FiView, simulated: FiPoint[], lif: LifParams | undefined): void {
    const { max } = currentRange(state);
    const top = simulated[simulated.length - 1]!;
    const readouts = new Map<string, ShownReadout>();
    const put = (id: string, value: number, decimals: number, note?: string) =>
      readouts.set(id, Number.isFinite(value) ? { value, text: formatNumber(value, decimals) } : { value, text: '—', note });
    put('simulatedTop', top.y, 2);
    const firingAt = simulated.find((point) => point.y > 0);
    put('onset', firingAt ? firingAt.x : Number.NaN, 3, 'no simulated current fires');
    if (lif) {
      put('rheobase', lifRheobase(lif), 3);
      put('analyticTop', lifRate(lif, max), 2);
      put('ceiling', lif.tRef > 0 ? 1000 / lif.tRef : Number.POSITIVE_INFINITY, 1, 'no refractory period: no ceiling');
    }
    showReadouts(this, readouts);
    const firing = simulated.filter((p) => p.y > 0);
    const onset = firing[0];
    this.setSummary(
      `f–I curve from ${view.currentMin} to ${max}${this.unitText()} with ${simulated.length} simulated points. ` +
        (onset ? `The first simulated point that fires is at ${formatNumber(onset.x, 3)}${this.unitText()}, at ${formatNumber(onset.y, 2)} Hz; ` : 'No simulated point fires; ') +
        `at ${max}${this.unitText()} the simulated rate is ${formatNumber(top.y, 2)} Hz.` +
        (lif ? ` Rheobase ${formatNumber(lifRheobase(lif), 3)} nA.` : ''),
    );
    this.dataset['complete'] = 'true';
  }
}

void defineNeuronWidget('fi-curve', FiCurveElement);
