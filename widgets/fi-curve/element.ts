/**
 * The <fi-curve> custom element. The analytic curve is drawn in the frame the slider moved; the simulated
 * points (one full run each) are computed in slices of about 8 ms per frame, so the page never stalls, and
 * a new slider value abandons the slices still pending. `data-complete` turns "true" when all are in.
 */
import { lifRate, lifRheobase, SpecError, validateSpec, type LifParams } from '../../engine/index.ts';
import { formatNumber } from '../lib/format.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { showReadouts, type ShownReadout } from '../lib/readouts.ts';
import { checkStepBudget, type WidgetState } from '../lib/state.ts';
import { WidgetElement } from '../lib/widget-element.ts';
import { analyticCurve, currentRange, simulatedCurrents, simulatedPoint, type FiPoint } from './compute.ts';
import type { FiConfig } from './config.ts';
import { renderFi, type FiView } from './render.ts';

const SLICE_MS = 8;
const MAX_STEPS_PER_POINT = 100_000;

class FiCurveElement extends WidgetElement<FiConfig> {
  private svg?: Svg;
  private generation = 0;

  protected override setup(): void {
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'f–I curve', `${this.id}-summary`);
  }

  protected draw(state: WidgetState): void {
    const generation = ++this.generation;
    this.dataset['complete'] = 'false';
    const { min, max } = currentRange(state);
    // Check the state before any work, so an invalid value is shown at once rather than mid-way.
    const checked = validateSpec({ model: this.model, params: state.params, method: state.method, dt: state.dt, duration: state.duration });
    if (checked.problems.length > 0) throw new SpecError(checked.problems);
    // Each simulated point is one slice of work, so a single run must fit comfortably in a frame.
    checkStepBudget(state, MAX_STEPS_PER_POINT);
    const lif = this.model.id === 'lif' ? (checked.params as LifParams) : undefined;
    const view: FiView = {
      analytic: lif ? analyticCurve(this.model, lif, min, max) : [],
      simulated: [],
      currentMin: min,
      currentMax: max,
      ceiling: lif && lif.tRef > 0 ? 1000 / lif.tRef : undefined,
      currentUnit: this.model.currentUnit,
    };
    renderFi(this.svg!, this.plotWidth(), view);
    this.setSummary(`f–I curve from ${min} to ${max} nA: computing the simulated points…`);

    const currents = simulatedCurrents(state);
    const simulated: FiPoint[] = [];
    const width = this.plotWidth();
    const work = () => {
      if (generation !== this.generation) return;
      const started = performance.now();
      while (simulated.length < currents.length && performance.now() - started < SLICE_MS) {
        simulated.push(simulatedPoint(this.model, state, currents[simulated.length]!));
      }
      renderFi(this.svg!, width, { ...view, simulated });
      if (simulated.length < currents.length) {
        requestAnimationFrame(work);
        return;
      }
      this.finish(state, view, simulated, lif);
    };
    work();
  }

  private finish(state: WidgetState, view: FiView, simulated: FiPoint[], lif: LifParams | undefined): void {
    const { max } = currentRange(state);
    const top = simulated[simulated.length - 1]!;
    const readouts = new Map<string, ShownReadout>();
    const put = (id: string, value: number, decimals: number, note?: string) =>
      readouts.set(id, Number.isFinite(value) ? { value, text: formatNumber(value, decimals) } : { value, text: '—', note });
    put('simulatedTop', top.y, 2);
    if (lif) {
      put('rheobase', lifRheobase(lif), 3);
      put('analyticTop', lifRate(lif, max), 2);
      put('ceiling', lif.tRef > 0 ? 1000 / lif.tRef : Number.POSITIVE_INFINITY, 1, 'no refractory period: no ceiling');
    }
    showReadouts(this, readouts);
    const firing = simulated.filter((p) => p.y > 0);
    const onset = firing[0];
    this.setSummary(
      `f–I curve from ${view.currentMin} to ${max} nA with ${simulated.length} simulated points. ` +
        (onset ? `The first simulated point that fires is at ${formatNumber(onset.x, 2)} nA; ` : 'No simulated point fires; ') +
        `at ${max} nA the simulated rate is ${formatNumber(top.y, 2)} Hz.` +
        (lif ? ` Rheobase ${formatNumber(lifRheobase(lif), 3)} nA.` : ''),
    );
    this.dataset['complete'] = 'true';
  }
}

if (!customElements.get('fi-curve')) customElements.define('fi-curve', FiCurveElement);
