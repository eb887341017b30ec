/**
 * The browser half shared by the plasticity widgets (BCM selectivity, STDP window): reads the build-time
 * state from `data-config`, binds the slider panel, coalesces redraws to one animation frame, shows problems
 * in the alert region instead of a blank plot, and exposes getState() / setState() with validation. A subclass
 * says how to validate its state, which controls it has and how to draw.
 */
import type { ParamProblem } from '../../engine/params/registry.ts';
import type { Control } from '../lib/controls.ts';
import type { DataTable, ParamValue } from '../lib/export.ts';
import { bindParamPanel, type PanelBinding } from '../lib/param-panel.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { plotWidth, readConfig, setSummary, showError } from '../lib/regions.ts';

export type Parsed<S> = { ok: true; state: S } | { ok: false; problems: ParamProblem[] };

export abstract class PlasticityElement<S> extends HTMLElement {
  protected state!: S;
  protected initial!: S;
  protected svg?: Svg;
  /**
   * What `draw` last put on the plot, as tables for the export buttons, built on demand: a row per trial or time
   * step, made on every slider move, was thousands of arrays kept alive until the next move for an export rarely
   * asked for (as in membrane-trace/element.ts).
   */
  protected tables: () => DataTable[] = () => [];
  private panel?: PanelBinding;
  private controls: Control[] = [];
  private pending = false;
  private renders = 0;
  private started = false;

  protected abstract parse(input: unknown): Parsed<S>;
  protected abstract controlsOf(state: S): Control[];
  protected abstract controlValueOf(state: S, key: string): number | undefined;
  protected abstract withControl(state: S, key: string, value: number): S;
  /** Draws `state`; may throw RangeError, which is shown to the reader. */
  protected abstract draw(state: S): void;
  /** Hook: bind extra inputs (radio groups) and show the state in them. */
  protected bindExtra(): void {}
  protected showExtra(_state: S): void {}

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const config = readConfig(this) as { state?: unknown } | undefined;
    if (config === undefined) return;
    const parsed = this.parse(config.state);
    if (!parsed.ok) {
      showError(this, parsed.problems.map((p) => p.message).join(' '));
      return;
    }
    this.state = parsed.state;
    this.initial = parsed.state;
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'Plot', `${this.id}-summary`);
    this.controls = this.controlsOf(this.state);
    this.panel = bindParamPanel(
      this,
      this.controls,
      (control, value) => this.update(this.withControl(this.state, control.key, value)),
      () => this.setState(this.initial),
    );
    this.bindExtra();
    new ResizeObserver(() => this.schedule()).observe(host);
    this.schedule();
  }

  exportTables(): DataTable[] {
    return this.tables();
  }

  /** The widget's kind and the values of its sliders, each with the unit of its registry entry. */
  exportMeta(): { model: string; params: Record<string, ParamValue> } {
    const params: Record<string, ParamValue> = {};
    for (const c of this.controls) params[c.key] = { value: this.controlValueOf(this.state, c.key) ?? c.spec.default, unit: c.spec.unit };
    return { model: this.localName, params };
  }

  getState(): S {
    return structuredClone(this.state);
  }

  /** Applies untrusted state if it is valid; returns the problems otherwise (and changes nothing). */
  setState(input: unknown): ParamProblem[] {
    const parsed = this.parse(input);
    if (!parsed.ok) return parsed.problems;
    const keys = new Set(this.controlsOf(parsed.state).map((c) => c.key));
    const missing = [...keys].filter((k) => !this.controls.some((c) => c.key === k));
    if (missing.length > 0) return [{ name: 'state', message: `This widget has no control for ${missing.join(', ')}.` }];
    this.update(parsed.state);
    this.panel?.show(new Map(this.controls.map((c) => [c.key, this.controlValueOf(parsed.state, c.key) ?? c.spec.default])));
    this.showExtra(parsed.state);
    return [];
  }

  protected update(next: S): void {
    this.state = next;
    this.schedule();
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
    const started = performance.now();
    showError(this, undefined);
    try {
      this.draw(this.state);
    } catch (error) {
      if (error instanceof RangeError) showError(this, error.message);
      else throw error;
    }
    this.renders += 1;
    this.dataset['renders'] = String(this.renders);
    this.dataset['renderMs'] = (performance.now() - started).toFixed(2);
  }

  protected showWarning(message: string | undefined): void {
    showError(this, message);
  }

  protected setSummary(text: string): void {
    setSummary(this, text);
  }

  protected plotWidth(): number {
    return plotWidth(this);
  }
}
