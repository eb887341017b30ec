/**
 * The <izhikevich-gallery> custom element. Every setup is run twice, with figure1.m's published loop and
 * with the model's accurate numerics: the shown run is computed and drawn in the animation frame, the other
 * right after it (a task later, so a slider drag stays responsive), and both fill the readout table.
 * Every preset's runs fit in a frame; a long free-play run (up to 2000 ms at 0.01 ms) goes to the engine
 * worker instead, and the last plot stays until it is back. Results are cached by scenario, so switching
 * the numerics or resizing does not simulate again. `data-complete` turns "true" once both runs are in.
 */
import { parseScenario, runScenario, SpecError, type Scenario, type SimulationResult } from '../../engine/index.ts';
import { getModel } from '../../engine/models/registry.ts';
import { defineWithModels } from '../lib/define-with-models.ts';
import { createEngineClient, isAbortError } from '../../engine/worker/client.ts';
import { bindParamPanel, type PanelBinding } from '../lib/param-panel.ts';
import { formatNumber } from '../lib/format.ts';
import { registryParams } from '../lib/export-data.ts';
import { runTables } from '../lib/neuron-export-data.ts';
import type { DataTable, ParamValue } from '../lib/export.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { controlValues, galleryControls, initialState, type GalleryConfig } from './config.ts';
import { expressionProblem, gallerySummary, readoutTexts, runawayMessage, runReadout, type RunReadout } from './readouts.ts';
import { renderGallery } from './render.ts';
import {
  extraParams,
  findPreset,
  isEdited,
  numericsChoices,
  numericsOf,
  parseGalleryState,
  presetLabel,
  presetState,
  scenarioOf,
  withInitialV,
  withParam,
  type GalleryState,
  type Numerics,
} from './state.ts';
import { withSpikeStrokes } from './trace-data.ts';
import { plotWidth, readConfig, setSummary, showError } from '../lib/regions.ts';

/** Results kept per element: both runs of the current and the previous setup, and a little more. */
const CACHE_SIZE = 6;
/**
 * Runs up to this many steps are computed on the page: every preset's (at most 400 ms at 0.01 ms), about
 * 10 ms each. Longer ones (the notebook's 2000 ms at 0.01 ms is 200 000 steps) go to the worker.
 */
const PAGE_STEPS = 50_000;
/** A "computing" note appears only for a worker run still going after this long, so quick ones do not flash it. */
const BUSY_DELAY_MS = 150;

const stepsOf = (scenario: Scenario): number => Math.ceil(scenario.duration / scenario.dt!);

const otherOf = (which: Numerics): Numerics => (which === 'published' ? 'accurate' : 'published');

class IzhikevichGalleryElement extends HTMLElement {
  private config!: GalleryConfig;
  private state!: GalleryState;
  private svg?: Svg;
  private panel?: PanelBinding;
  private readonly cache = new Map<string, SimulationResult>();
  private pending = false;
  private followUp: ReturnType<typeof setTimeout> | undefined;
  /** Worker runs in flight, by the JSON of their scenario. */
  private readonly jobs = new Map<string, AbortController>();
  private busyTimer: ReturnType<typeof setTimeout> | undefined;
  private renders = 0;
  private started = false;
  /** The run on the plot, with the numerics it was drawn with, for the export. */
  private drawn?: { result: SimulationResult; dt: number; duration: number };

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const config = readConfig(this);
    if (config === undefined) return;
    this.config = config as GalleryConfig;
    if (!getModel('izhikevich')) {
      this.showError('The Izhikevich model could not be loaded; reload the page to try again.');
      return;
    }
    if (!findPreset(this.config.preset)) {
      this.showError(`Unknown preset "${this.config.preset}".`);
      return;
    }
    this.state = initialState(this.config);
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'Izhikevich model trace', `${this.id}-summary`);

    const controls = galleryControls(this.state);
    this.panel = bindParamPanel(
      this,
      [...controls.model, ...controls.time],
      (control, value) => this.update(this.applyControl(control.key, value)),
      () => this.choosePreset(this.state.preset),
    );
    const select = this.querySelector<HTMLSelectElement>('[data-role="preset"]');
    select?.addEventListener('change', () => this.choosePreset(select.value));
    for (const radio of this.querySelectorAll<HTMLInputElement>('[data-role="numerics"]')) {
      radio.addEventListener('change', () => {
        if (radio.checked && numericsChoices.includes(radio.value as Numerics)) this.update({ ...this.state, numerics: radio.value as Numerics });
      });
    }
    this.bindEditor();
    this.bindCopy();
    new ResizeObserver(() => this.schedule()).observe(host);
    this.showControls();
    this.schedule();
  }

  getState(): GalleryState {
    return structuredClone(this.state);
  }

  /** The runner scenario of the run shown now (what the export block holds). */
  getScenario(): ReturnType<typeof scenarioOf> {
    return scenarioOf(this.state, this.state.numerics);
  }

  /** Applies untrusted state if it is valid; returns the problems otherwise (and changes nothing). */
  setState(input: unknown): { name: string; message: string }[] {
    const parsed = parseGalleryState(input);
    if (!parsed.ok) return parsed.problems;
    this.update(parsed.state);
    this.showControls();
    return [];
  }

  private choosePreset(id: string): void {
    const preset = findPreset(id);
    if (!preset) return;
    this.update(presetState(preset, this.state.numerics));
    this.showControls();
  }

  private applyControl(key: string, value: number): GalleryState {
    if (key === 'v0') return withInitialV(this.state, value);
    if (key === 'dt' || key === 'duration') return { ...this.state, [key]: value };
    return withParam(this.state, key, value);
  }

  private update(next: GalleryState): void {
    this.state = next;
    this.schedule();
  }

  /** Shows the state in every control without emitting changes. */
  private showControls(): void {
    const state = this.state;
    this.panel?.show(controlValues(state));
    const select = this.querySelector<HTMLSelectElement>('[data-role="preset"]');
    if (select) select.value = state.preset;
    for (const radio of this.querySelectorAll<HTMLInputElement>('[data-role="numerics"]')) radio.checked = radio.value === state.numerics;
    const field = this.querySelector<HTMLInputElement>('[data-role="expression"]');
    if (field) field.value = state.stimulus;
    this.showExpressionProblem(undefined);
  }

  private bindEditor(): void {
    const form = this.querySelector<HTMLFormElement>('[data-role="editor"]');
    const field = this.querySelector<HTMLInputElement>('[data-role="expression"]');
    if (!form || !field) return;
    const submit = () => {
      const problem = expressionProblem(field.value);
      this.showExpressionProblem(problem);
      // A stimulus that does not parse changes nothing: the last good plot stays.
      if (!problem && field.value !== this.state.stimulus) this.update({ ...this.state, stimulus: field.value });
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit();
    });
    field.addEventListener('change', submit);
  }

  private showExpressionProblem(problem: ReturnType<typeof expressionProblem>): void {
    const box = this.querySelector<HTMLElement>('[data-role="expression-error"]');
    const field = this.querySelector<HTMLInputElement>('[data-role="expression"]');
    const message = this.querySelector<HTMLElement>('[data-role="expression-message"]');
    const pointer = this.querySelector<HTMLElement>('[data-role="expression-pointer"]');
    if (!box || !field || !message || !pointer) return;
    box.hidden = problem === undefined;
    message.textContent = problem ? `${problem.message} The plot still shows the last stimulus that worked.` : '';
    pointer.textContent = problem ? problem.pointer.join('\n') : '';
    if (problem) field.setAttribute('aria-invalid', 'true');
    else field.removeAttribute('aria-invalid');
  }

  private bindCopy(): void {
    const copy = this.querySelector<HTMLButtonElement>('[data-action="copy-scenario"]');
    const output = this.querySelector<HTMLElement>('[data-role="scenario"]');
    const status = this.querySelector<HTMLElement>('[data-role="copy-status"]');
    copy?.addEventListener('click', () => {
      const done = (text: string) => {
        if (status) status.textContent = text;
      };
      if (!navigator.clipboard) {
        done('Copying is not available here; select the text instead.');
        return;
      }
      navigator.clipboard.writeText(output?.textContent ?? '').then(
        () => done('Copied.'),
        () => done('Copying was refused; select the text instead.'),
      );
    });
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  /**
   * One of the two runs of `state`: from the cache; or, for a short run, computed here (`now`) or left for
   * the caller to ask again (undefined); or, for a long one, undefined while the worker computes it (the
   * widget redraws when it is back). Throws SpecError for a setup that cannot run.
   */
  private obtain(state: GalleryState, which: Numerics, now: boolean): SimulationResult | undefined {
    const scenario = scenarioOf(state, which);
    const key = JSON.stringify(scenario);
    const cached = this.cache.get(key);
    if (cached) return cached;
    if (stepsOf(scenario) <= PAGE_STEPS) {
      if (!now) return undefined;
      const result = runScenario(scenario);
      this.remember(key, result);
      return result;
    }
    // Check before sending, so a setup that cannot run is reported at once rather than by the worker.
    const parsed = parseScenario(scenario);
    if (!parsed.ok) throw new SpecError(parsed.problems);
    if (!this.jobs.has(key)) this.startJob(key, scenario);
    return undefined;
  }

  private remember(key: string, result: SimulationResult): void {
    this.cache.set(key, result);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }

  private startJob(key: string, scenario: Scenario): void {
    const controller = new AbortController();
    this.jobs.set(key, controller);
    const { version: _version, ...params } = scenario;
    createEngineClient()
      .run('simulate', params, { signal: controller.signal })
      .then(
        (result) => {
          this.remember(key, result);
          this.schedule();
        },
        (error: unknown) => {
          if (isAbortError(error)) return;
          this.showError(`This run could not be computed: ${error instanceof Error ? error.message : String(error)}`);
        },
      )
      .finally(() => {
        if (this.jobs.get(key) === controller) this.jobs.delete(key);
        if (this.jobs.size === 0) this.showBusy(undefined);
      });
  }

  /** Cancels worker runs the current setup no longer needs. */
  private cancelJobs(keep: readonly string[]): void {
    for (const [key, controller] of this.jobs) {
      if (keep.includes(key)) continue;
      controller.abort();
      this.jobs.delete(key);
    }
  }

  private showBusy(text: string | undefined): void {
    if (this.busyTimer !== undefined) clearTimeout(this.busyTimer);
    this.busyTimer = undefined;
    const region = this.querySelector<HTMLElement>('[data-role="busy"]');
    if (!region) return;
    if (text === undefined) {
      region.hidden = true;
      region.textContent = '';
      return;
    }
    this.busyTimer = setTimeout(() => {
      region.textContent = text;
      region.hidden = false;
    }, BUSY_DELAY_MS);
  }

  private render(): void {
    const started = performance.now();
    const state = this.state;
    if (this.followUp !== undefined) clearTimeout(this.followUp);
    this.followUp = undefined;
    this.dataset['complete'] = 'false';
    this.showError(undefined);
    const otherWhich = otherOf(state.numerics);
    this.cancelJobs([state.numerics, otherWhich].map((which) => JSON.stringify(scenarioOf(state, which))));
    try {
      const shown = this.obtain(state, state.numerics, true);
      if (shown) {
        const shownReadout = runReadout(shown, state.duration);
        this.draw(state, shown, shownReadout);
        this.showColumn(state.numerics, shownReadout);
        const other = this.obtain(state, otherWhich, false);
        if (other) this.finishBoth(state, shownReadout, other);
        else {
          // A worker run takes a while: its column must not keep the previous setup's numbers meanwhile.
          if (stepsOf(scenarioOf(state, otherWhich)) > PAGE_STEPS) this.clearColumn(otherWhich);
          this.finish(state, shownReadout, undefined);
          // A short run follows a task later on the page; a long one is already on its way from the worker.
          if (stepsOf(scenarioOf(state, otherWhich)) <= PAGE_STEPS) {
            this.followUp = setTimeout(() => {
              this.followUp = undefined;
              if (this.state !== state) return; // a newer setup is on its way
              try {
                this.finishBoth(state, shownReadout, this.obtain(state, otherWhich, true)!);
              } catch (error) {
                this.handle(error);
              }
            }, 0);
          }
        }
      }
      if (!shown) {
        this.clearColumn(state.numerics);
        this.setSummary(`Computing the ${state.numerics} run…`);
      }
      if (this.jobs.size > 0) {
        const steps = Math.max(...[state.numerics, otherWhich].map((which) => stepsOf(scenarioOf(state, which))));
        this.showBusy(`Computing a long run (${steps.toLocaleString('en')} steps) in the background…`);
      } else this.showBusy(undefined);
    } catch (error) {
      this.handle(error);
    }
    this.renders += 1;
    this.dataset['renders'] = String(this.renders);
    this.dataset['renderMs'] = (performance.now() - started).toFixed(2);
  }

  private finishBoth(state: GalleryState, shown: RunReadout, otherResult: SimulationResult): void {
    const other = runReadout(otherResult, state.duration);
    this.showColumn(otherOf(state.numerics), other);
    this.finish(state, shown, other);
  }

  /** A setup the engine refuses is shown in words; the last good plot stays. */
  private handle(error: unknown): void {
    if (error instanceof SpecError || error instanceof RangeError) this.showError(error.message);
    else throw error;
  }

  /** The run on the plot: every sample of v, u and I, and the spike times. */
  exportTables(): DataTable[] {
    return this.drawn ? runTables(getModel('izhikevich')!, this.drawn.result) : [];
  }

  exportMeta(): { model: string; params: Record<string, ParamValue> } {
    const model = getModel('izhikevich')!;
    if (!this.drawn) return { model: model.id, params: {} };
    const { result, dt, duration } = this.drawn;
    return {
      model: model.id,
      params: { ...registryParams(result.params, model.params), dt: { value: dt, unit: 'ms' }, duration: { value: duration, unit: 'ms' } },
    };
  }

  private draw(state: GalleryState, result: SimulationResult, readout: RunReadout): void {
    const p = result.params;
    const line = withSpikeStrokes(result.t, result.traces['v']!, result.spikes, p['vPeak']!, p['c']!);
    const { method, dt } = numericsOf(state, state.numerics);
    const stopped = result.divergence;
    this.drawn = { result, dt, duration: state.duration };
    renderGallery(this.svg!, this.plotWidth(), {
      lineT: line.t,
      lineV: line.v,
      t: result.t,
      input: result.input,
      duration: state.duration,
      anchors: [p['vPeak']!, p['c']!, state.initial.v],
      numerics: method === 'published' ? `figure1.m loop · τ = ${dt} ms` : `${method === 'rk4' ? 'RK4' : method} · dt = ${dt} ms`,
      stoppedAt: stopped?.t,
      stoppedLabel: readout.runaway ? 'run stopped: runaway firing' : 'run stopped',
    });
    if (readout.diverged) this.showError(readout.diverged);
  }

  private showColumn(which: Numerics, readout: RunReadout): void {
    for (const [row, shown] of Object.entries(readoutTexts(readout))) {
      const id = `${which}-${row}`;
      const output = this.querySelector<HTMLOutputElement>(`output[data-readout="${id}"]`);
      if (output) {
        output.textContent = shown.text;
        output.dataset['value'] = String(shown.value);
      }
      const note = this.querySelector<HTMLElement>(`[data-note-for="${id}"]`);
      if (note) note.textContent = shown.note ?? '';
    }
  }

  private clearColumn(which: Numerics): void {
    for (const output of this.querySelectorAll<HTMLOutputElement>(`output[data-readout^="${which}-"]`)) output.textContent = '…';
    for (const note of this.querySelectorAll<HTMLElement>(`[data-note-for^="${which}-"]`)) note.textContent = '';
  }

  /** Everything that depends on both runs (`other` undefined while the second is still to come). */
  private finish(state: GalleryState, shown: RunReadout, other: RunReadout | undefined): void {
    const preset = findPreset(state.preset)!;
    const edited = isEdited(state);
    const label = `${presetLabel(preset)}${edited ? ' (edited)' : ''}`;
    this.text('status', edited ? `${presetLabel(preset)}, edited: free play from this protocol` : presetLabel(preset), false);
    for (const el of this.querySelectorAll<HTMLElement>('[data-role="tau"]')) el.textContent = String(state.dt);
    for (const which of numericsChoices) {
      const badge = this.querySelector<HTMLElement>(`[data-shown-for="${which}"]`);
      if (badge) badge.hidden = which !== state.numerics;
      for (const cell of this.querySelectorAll<HTMLElement>(`[data-col="${which}"]`)) cell.classList.toggle('is-shown', which === state.numerics);
    }

    const explain = shown.runaway ? runawayMessage(shown, edited ? undefined : preset.note) : undefined;
    this.text('explain', explain);
    const published = state.numerics === 'published' ? shown : other;
    const accurate = state.numerics === 'accurate' ? shown : other;
    const differ = published && accurate && (published.count !== accurate.count || published.runaway !== undefined || accurate.runaway !== undefined);
    let note: string | undefined;
    if (!edited && preset.note) note = explain ? undefined : preset.note;
    else if (differ) {
      note =
        `The two numerics disagree here. figure1.m’s loop is Euler’s method at τ = ${state.dt} ms, too coarse for this setup: ` +
        'make τ smaller and watch the published count approach the accurate one.';
    }
    this.text('note', note);
    this.text('extra', this.extraText(state), false);

    const scenario = this.querySelector<HTMLElement>('[data-role="scenario"]');
    if (scenario) scenario.textContent = JSON.stringify(scenarioOf(state, state.numerics), null, 2);
    this.text('scenario-help', `The ${state.numerics} run, as shown. Save it as a file and run npm run --silent sim -- file.json for the same spikes.`, false);
    this.setSummary(gallerySummary(label, state.numerics, shown, other));
    this.dataset['complete'] = other ? 'true' : 'false';
  }

  private extraText(state: GalleryState): string {
    const { v, u } = state.initial;
    const b = state.params['b']!;
    const initial =
      u === b * v
        ? `u(0) = b·v(0) = ${formatNumber(u, 2)}.`
        : `u(0) = ${formatNumber(u, 2)}, set by the protocol; moving v(0) or b sets u(0) = b·v(0).`;
    const extras = extraParams(state);
    const also = extras.length > 0 ? ` This protocol also sets ${extras.map((e) => `${e.name} = ${formatNumber(e.value, 2)}`).join(', ')} (see the model’s equations).` : '';
    return `${initial}${also}`;
  }

  /** Sets the text of a [data-role] element; a message region is hidden while it has none. */
  private text(role: string, text: string | undefined, hideWhenEmpty = true): void {
    const el = this.querySelector<HTMLElement>(`[data-role="${role}"]`);
    if (!el) return;
    if (el.textContent !== (text ?? '')) el.textContent = text ?? '';
    if (hideWhenEmpty) el.hidden = !text;
  }

  private showError(message: string | undefined): void {
    showError(this, message);
  }

  private setSummary(text: string): void {
    setSummary(this, text);
  }

  private plotWidth(): number {
    return plotWidth(this);
  }
}

// The gallery runs the Izhikevich model only.
void defineWithModels('izhikevich-gallery', IzhikevichGalleryElement, ['izhikevich']);
