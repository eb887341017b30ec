/** The <membrane-trace> custom element: runs the engine for its state and draws the result. */
import { createTraceBuffers, methods, type LifParams, type SimulationResult } from '../../engine/index.ts';
import { attachCursor, type CursorData } from '../lib/cursor.ts';
import { numericsLabel, spikeDisplay } from '../lib/model-display.ts';
import { columnsTable } from '../lib/export-data.ts';
import type { DataTable } from '../lib/export.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { showReadouts } from '../lib/readouts.ts';
import { bindScenarioExport } from '../lib/scenario-export.ts';
import { bindStimulusEditor } from '../lib/stimulus-editor.ts';
import { checkStepBudget, simulateState, type WidgetState } from '../lib/state.ts';
import { WidgetElement, defineNeuronWidget } from '../lib/widget-element.ts';
import type { TraceConfig } from './config.ts';
import { computeReadouts, traceSummary } from './readouts.ts';
import { renderTrace } from './render.ts';
import { withSpikeEdges } from './trace-data.ts';

/** About 20 ms of Euler or exact integration on a laptop (npm run bench: ~6 M steps/s and more). */
const MAX_STEPS = 300_000;

class MembraneTraceElement extends WidgetElement<TraceConfig> {
  private svg?: Svg;
  private cursor?: (data: CursorData) => void;
  private exportScenario?: (state: WidgetState) => void;
  private spikes: Float64Array = new Float64Array(0);
  /** Each redraw records into the arrays of the last one: the trace drawn is always the latest run. */
  private readonly runBuffers = createTraceBuffers();
  private readonly lineBuffers = createTraceBuffers();
  /** Builds the export tables of the last run on demand: a row per sample is too much to make on every slider move. */
  private tables: () => DataTable[] = () => [];

  protected override setup(): void {
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'Membrane potential trace', `${this.id}-summary`);
    const control = this.querySelector<HTMLElement>('[data-role="cursor"]');
    if (control) this.cursor = attachCursor(this.svg, control);
    this.exportScenario = bindScenarioExport(this);
    bindStimulusEditor(this, (stimulus) => this.store.set({ ...this.store.get(), stimulus }));
  }

  /** Spike times of the last run (ms), for tests and exports. */
  lastSpikes(): number[] {
    return Array.from(this.spikes);
  }

  /** The run last drawn, at every integration step (not the decimated line), and its spike times. */
  exportTables(): DataTable[] {
    return this.tables();
  }

  protected draw(state: WidgetState): void {
    checkStepBudget(state, MAX_STEPS);
    const result = simulateState(state, this.runBuffers);
    this.spikes = result.spikes;
    const voltage = this.model.state[this.model.voltage]!;
    const u = result.traces[voltage.name]!;
    const display = spikeDisplay(this.model, result.params);
    const edges = display.reset !== undefined && display.level !== undefined;
    const line = edges ? withSpikeEdges(result.t, u, result.spikes, display.level!, display.reset!, this.lineBuffers) : { t: result.t, u };
    const p = this.model.id === 'lif' ? (result.params as LifParams) : undefined;
    const drawn = renderTrace(this.svg!, this.plotWidth(), {
      t: result.t,
      input: result.input,
      lineT: line.t,
      lineU: line.u,
      spikes: result.spikes,
      duration: state.duration,
      threshold: display.level,
      thresholdLabel: display.label,
      // Integrate-and-fire models leave the spike itself out of the trace: mark it with a tick.
      ticks: edges && display.level !== undefined && display.level < -20,
      anchors: [...(p ? [p.uRest] : [u[0]!]), ...(display.reset !== undefined ? [display.reset] : []), ...(display.level !== undefined && edges ? [display.level] : [])],
      currentUnit: this.model.input.unit,
      voltageName: voltage.name,
      voltageUnit: voltage.unit,
      extra: this.config.traces.map((name) => ({ name, unit: this.model.state.find((s) => s.name === name)!.unit, values: result.traces[name]! })),
      numerics: numericsLabel(state.method, methods[state.method].title, state.dt, state.dt),
    });
    this.cursor?.({
      ...drawn,
      t: result.t,
      series: [
        { name: voltage.name, unit: voltage.unit, decimals: 2, values: u },
        ...this.config.traces.map((name) => ({ name, unit: this.model.state.find((s) => s.name === name)!.unit, decimals: 4, values: result.traces[name]! })),
        { name: 'I', unit: this.model.input.unit, decimals: 2, values: result.input },
      ],
    });
    this.tables = () => [
      columnsTable('trace', [
        { name: 't', unit: 'ms', values: result.t },
        { name: 'I', unit: this.model.input.unit, values: result.input },
        { name: voltage.name, unit: voltage.unit, values: u },
        ...this.config.traces.map((name) => ({ name, unit: this.model.state.find((s) => s.name === name)!.unit, values: result.traces[name]! })),
      ]),
      columnsTable('spikes', [{ name: 'spike time', unit: 'ms', values: result.spikes }]),
    ];
    const readouts = computeReadouts(this.config.readouts, this.model, state, result);
    showReadouts(this, readouts);
    this.setSummary(traceSummary(this.model, state, result, readouts));
    this.exportScenario?.(state);
    this.reportDivergence(result);
  }

  private reportDivergence(result: SimulationResult): void {
    if (result.divergence) this.showError(result.divergence.message);
  }
}

void defineNeuronWidget('membrane-trace', MembraneTraceElement);
