/**
 * The browser half every single-neuron widget shares: reads its build-time config, owns a store, wires
 * the parameter and numerics panels, coalesces redraws to one per animation frame, shows problems in
 * words, and exposes `getState()` / `setState()` (the contract shareable links and exercises build on).
 * A subclass only says how to turn a state into a picture (`draw`).
 */
import { isMethodId, methods } from '../../engine/integrators/index.ts';
import type { NeuronModel } from '../../engine/models/model.ts';
import type { ParamProblem } from '../../engine/params/registry.ts';
import { SpecError } from '../../engine/spec-error.ts';
import { loadModel } from '../../engine/models/load.ts';
import { loadAdaptiveDriver, loadedAdaptiveDriver } from '../../engine/run/adaptive-loader.ts';
import { getModel } from '../../engine/models/registry.ts';
import { expressionParser, loadExpressionParser, usesExpression } from '../../engine/stimuli/expression-parser.ts';
import { defineWithModels } from './define-with-models.ts';
import { readControl, writeControl, type Control } from './controls.ts';
import { neuronParams } from './neuron-export-data.ts';
import type { DataTable, ParamValue } from './export.ts';
import { bindParamPanel, type PanelBinding } from './param-panel.ts';
import { plotWidth, readConfig, setSummary, showError } from './regions.ts';
import { createStore, parseState, type Store, type WidgetState } from './state.ts';

export interface WidgetConfig {
  readonly state: WidgetState;
  readonly controls: readonly Control[];
  readonly numerics: readonly Control[];
}

/**
 * First drawings, one widget per task: defining the element upgrades every instance on the page at once, and
 * drawing them all in one animation frame made one long task (over 100 ms on a lesson with eight traces)
 * that delays the reader's first input. Later redraws go through requestAnimationFrame as usual.
 */
const firstRenders: (() => void)[] = [];

function queueFirstRender(render: () => void): void {
  firstRenders.push(render);
  if (firstRenders.length === 1) setTimeout(drainFirstRenders, 0);
}

function drainFirstRenders(): void {
  firstRenders.shift()?.();
  if (firstRenders.length > 0) setTimeout(drainFirstRenders, 0);
}

/** Defines a single-neuron widget's element once the models its instances on the page show are loaded. */
export function defineNeuronWidget(tag: string, element: CustomElementConstructor): Promise<void> {
  const ids: string[] = [];
  let expressions = false;
  let adaptive = false;
  for (const instance of document.getElementsByTagName(tag)) {
    const config = instance instanceof HTMLElement ? (readConfig(instance) as { state?: { model?: unknown; stimulus?: unknown; method?: unknown } } | undefined) : undefined;
    if (typeof config?.state?.model === 'string') ids.push(config.state.model);
    expressions ||= usesExpression(config?.state?.stimulus);
    adaptive ||= config?.state?.method === 'adaptive';
  }
  return defineWithModels(tag, element, ids, { expressions, adaptive });
}

export abstract class WidgetElement<Config extends WidgetConfig = WidgetConfig> extends HTMLElement {
  protected config!: Config;
  protected model!: NeuronModel;
  protected store!: Store;
  private panel?: PanelBinding;
  private pending = false;
  private renders = 0;
  private started = false;
  /** Whether this widget has asked for the adaptive method's code (see render). */
  private adaptiveRequested = false;
  /** The plot's width as last laid out, kept by the ResizeObserver (see plotWidth). */
  private width: number | undefined;

  /** Draws `state`; may throw SpecError for a state that cannot run, which is shown to the reader. */
  protected abstract draw(state: WidgetState): void;

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const config = readConfig(this);
    if (config === undefined) return;
    this.config = config as Config;
    // defineNeuronWidget has loaded the model (and the stimulus grammar, if used) of every instance in the page;
    // one added later loads its own.
    const id = this.config.state.model;
    const model = getModel(id);
    const grammar = usesExpression(this.config.state.stimulus) && !expressionParser();
    if (model && !grammar) this.start(model);
    else {
      // A grammar that failed to load is not a model that failed: the widget starts, and the state's check refuses the
      // expression in words (resolveStimulus), as it would on a page that never fetched the grammar.
      Promise.all([loadModel(id), grammar ? loadExpressionParser() : undefined]).then(
        ([loaded]) => (loaded ? this.start(loaded) : this.showError(`Unknown model "${id}".`)),
        () => this.showError('The model could not be loaded; reload the page to try again.'),
      );
    }
  }

  private start(model: NeuronModel): void {
    this.model = model;
    this.store = createStore(this.config.state);
    const controls = [...this.config.controls, ...this.config.numerics];
    this.panel = bindParamPanel(
      this,
      controls,
      (control, value) => this.store.set(writeControl(this.store.get(), control, value)),
      () => this.setState(this.config.state),
    );
    const method = this.querySelector<HTMLSelectElement>('[data-role="method"]');
    method?.addEventListener('change', () => {
      if (isMethodId(method.value)) this.store.set({ ...this.store.get(), method: method.value });
    });
    this.setup();
    this.store.subscribe(() => this.schedule());
    new ResizeObserver(() => {
      // Layout is fresh when observers run, so reading the width here costs nothing.
      this.width = plotWidth(this);
      this.schedule();
    }).observe(this.querySelector('[data-role="plot"]') ?? this);
    queueFirstRender(() => {
      if (this.renders === 0) this.render();
    });
  }

  /** Hook for subclasses to create their plot once. */
  protected setup(): void {}

  getState(): WidgetState {
    return structuredClone(this.store.get());
  }

  /** The tables of the last drawing, for the export buttons (ExportButtons.astro). */
  abstract exportTables(): DataTable[];

  /** The model and its parameters with the registries' units, for the JSON export. */
  exportMeta(): { model: string; params: Record<string, ParamValue> } {
    const viewSpecs = this.config.controls.filter((c) => c.target.kind === 'view').map((c) => c.spec);
    return { model: this.model.id, params: neuronParams(this.model, this.store.get(), viewSpecs) };
  }

  /** Applies untrusted state if it is valid; returns the problems otherwise (and changes nothing). */
  setState(input: unknown): ParamProblem[] {
    // Before parsing: the page may not have loaded the model a link names, and parsing would call it unknown.
    const named = typeof input === 'object' && input !== null ? (input as { model?: unknown }).model : undefined;
    if (named !== undefined && named !== this.model.id) return [{ name: 'model', message: `This widget shows the ${this.model.title} model.` }];
    const parsed = parseState(input);
    if (!parsed.ok) return parsed.problems;
    this.store.set(parsed.state);
    this.showControls(parsed.state);
    return [];
  }

  private showControls(state: WidgetState): void {
    const controls = [...this.config.controls, ...this.config.numerics];
    this.panel?.show(new Map(controls.map((c) => [c.key, readControl(state, c, this.model)])));
    const method = this.querySelector<HTMLSelectElement>('[data-role="method"]');
    if (method) method.value = state.method;
    const help = this.querySelector<HTMLElement>('[data-role="method-help"]');
    if (help) help.textContent = methods[state.method].description;
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
    const state = this.store.get();
    // The reader chose the adaptive method (or a link did) on a page that had not loaded it: fetch it and draw then.
    // Once only: if the fetch fails, the next drawing says so (createSimulation refuses the method in words).
    if (state.method === 'adaptive' && !loadedAdaptiveDriver() && !this.adaptiveRequested) {
      this.adaptiveRequested = true;
      void loadAdaptiveDriver().then(() => this.schedule());
      return;
    }
    const started = performance.now();
    const help = this.querySelector<HTMLElement>('[data-role="method-help"]');
    if (help) help.textContent = methods[state.method].description;
    this.showError(undefined);
    try {
      this.draw(state);
    } catch (error) {
      if (error instanceof SpecError || error instanceof RangeError) this.showError(error.message);
      else throw error;
    }
    this.renders += 1;
    this.dataset['renders'] = String(this.renders);
    this.dataset['renderMs'] = (performance.now() - started).toFixed(2);
  }

  /** Shows a message in the widget's alert region, or clears it. */
  protected showError(message: string | undefined): void {
    showError(this, message);
  }

  protected setSummary(text: string): void {
    setSummary(this, text);
  }

  /**
   * Width available to the plot, in CSS pixels. Read from the layout only until the ResizeObserver has
   * reported it: reading it during a redraw that follows a slider move would force the browser to lay out
   * the whole lesson page again in the middle of the frame.
   */
  protected plotWidth(): number {
    return this.width ?? plotWidth(this);
  }
}
