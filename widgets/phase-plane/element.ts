/**
 * The <phase-plane> custom element: analyses the plane for its state (engine calls in compute.ts), draws it
 * (render.ts), fills the fixed-point table and the summary, and handles the trajectory's start: a click or
 * tap on the plane, or the two start fields and "Run from here" for keyboard users. "Play" animates the
 * trajectory being drawn; it pauses while the widget is out of view and is skipped under reduced motion.
 */
import { select } from 'd3-selection';
import { columnsTable, recordsTable } from '../lib/export-data.ts';
import type { DataTable } from '../lib/export.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { checkStepBudget, toScenario, type WidgetState } from '../lib/state.ts';
import { WidgetElement, defineNeuronWidget } from '../lib/widget-element.ts';
import { createTraceBuffers, methods, type ParamProblem } from '../../engine/index.ts';
import { analysePlane, planeBox, type PlaneData } from './compute.ts';
import type { PlaneConfig } from './config.ts';
import { clientToPlane, roundToAxis } from './coords.ts';
import { fixedPointRow, planeSummary } from './readouts.ts';
import { arrowCounts, planeLayout, renderPlane, renderTrajectory, type Drawn, type PlaneView } from './render.ts';
import { numericsLabel } from '../lib/model-display.ts';

/** Steps per redraw: about 20 ms of RK4 on a laptop, with room for the analysis. */
const MAX_STEPS = 100_000;

interface Animation {
  index: number;
  last: number | undefined;
  frame: number | undefined;
  /** Paused because the widget left the viewport; resumes when it returns. */
  hidden: boolean;
}

class PhasePlaneElement extends WidgetElement<PlaneConfig> {
  private svg?: Svg;
  private drawn?: Drawn;
  private view?: PlaneView;
  private animation: Animation | undefined;
  /** Each redraw records its trajectory into the arrays of the last one (the animation of the last is stopped first). */
  private readonly runBuffers = createTraceBuffers();
  private visible = true;

  protected override setup(): void {
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'Phase plane', `${this.id}-summary`);
    this.svg.on('click', (event: MouseEvent) => this.startAtPointer(event));
    this.querySelector<HTMLFormElement>('[data-role="start-form"]')?.addEventListener('submit', (event) => {
      event.preventDefault();
      this.startFromFields();
    });
    this.querySelector<HTMLButtonElement>('[data-action="play"]')?.addEventListener('click', () => this.togglePlay());
    new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      this.onVisibility();
    }).observe(this);
  }

  /** As the base class, but a state without a window keeps the current one, and an empty window is refused. */
  override setState(input: unknown): ParamProblem[] {
    if (typeof input !== 'object' || input === null) return super.setState(input);
    const candidate = { ...input } as Record<string, unknown>;
    candidate['view'] ??= this.store.get().view;
    try {
      planeBox(candidate as unknown as WidgetState);
    } catch (error) {
      return [{ name: 'view', message: (error as Error).message }];
    }
    return super.setState(candidate);
  }

  /**
   * The plane last drawn: the trajectory at every step, the fixed points with their linearisation (eigenvalue
   * pairs as real and imaginary parts, 1/ms), and the nullclines as numbered polylines.
   */
  exportTables(): DataTable[] {
    const data = this.view?.data;
    if (!data) return [];
    const [ax, ay] = this.config.axes;
    const nullclines = data.nullclines.flatMap((n) =>
      n.lines.flatMap((line, k) => Array.from(line.x, (x, i) => [data.nullclines.indexOf(n), k, x, line.y[i]!])),
    );
    return [
      columnsTable('trajectory', [
        { name: 't', unit: 'ms', values: data.run.t },
        { name: ax.name, unit: ax.unit, values: data.run.traces[ax.name]! },
        { name: ay.name, unit: ay.unit, values: data.run.traces[ay.name]! },
      ]),
      recordsTable('fixed points', data.points, [
        { name: ax.name, unit: ax.unit, read: (p) => p.state[0]! },
        { name: ay.name, unit: ay.unit, read: (p) => p.state[1]! },
        { name: 'trace', unit: '1/ms', read: (p) => p.trace },
        { name: 'determinant', unit: '1/ms^2', read: (p) => p.determinant },
        { name: 'lambda1 re', unit: '1/ms', read: (p) => p.eigenvalues[0].re },
        { name: 'lambda1 im', unit: '1/ms', read: (p) => p.eigenvalues[0].im },
        { name: 'lambda2 re', unit: '1/ms', read: (p) => p.eigenvalues[1].re },
        { name: 'lambda2 im', unit: '1/ms', read: (p) => p.eigenvalues[1].im },
      ]),
      {
        name: `nullclines (0: d${data.nullclines[0]?.variable ?? ax.name}/dt = 0; 1: d${data.nullclines[1]?.variable ?? ay.name}/dt = 0)`,
        columns: [
          { name: 'nullcline', unit: '' },
          { name: 'piece', unit: '' },
          { name: ax.name, unit: ax.unit },
          { name: ay.name, unit: ay.unit },
        ],
        rows: nullclines,
      },
    ];
  }

  protected draw(state: WidgetState): void {
    this.stop();
    checkStepBudget(state, MAX_STEPS);
    const width = this.plotWidth();
    const layout = planeLayout(width);
    const data = analysePlane(this.model, state, { arrows: arrowCounts(layout.plane), cells: 100 }, this.runBuffers);
    const view: PlaneView = {
      data,
      axes: this.config.axes,
      clipId: `${this.id}-clip`,
      numerics: numericsLabel(state.method, methods[state.method].title, state.dt, state.dt),
    };
    this.view = view;
    this.drawn = renderPlane(this.svg!, width, view);
    renderTrajectory(this.svg!, this.drawn, view, data.run.t.length - 1);
    this.showTable(data);
    this.showStart(data.start);
    const summary = planeSummary(data.points, this.config.axes, {
      spikes: data.run.spikes,
      duration: state.duration,
      end: [data.run.traces[this.config.axes[0].name]!.at(-1)!, data.run.traces[this.config.axes[1].name]!.at(-1)!],
      span: [data.box.x.max - data.box.x.min, data.box.y.max - data.box.y.min],
      resets: this.config.resets,
    });
    this.setSummary(summary);
    const visible = this.querySelector<HTMLElement>('[data-role="summary-visible"]');
    if (visible) visible.textContent = summary;
    const scenario = this.querySelector<HTMLElement>('[data-role="scenario"]');
    if (scenario) scenario.textContent = JSON.stringify(toScenario(state), null, 2);
    this.dataset['fixedPoints'] = String(data.points.length);
    if (data.run.divergence) this.showError(data.run.divergence.message);
  }

  private showTable(data: PlaneData): void {
    const body = this.querySelector<HTMLTableSectionElement>('[data-role="fixed-points"]');
    if (!body) return;
    const axes = this.config.axes;
    const rows = data.points.map((p, i) => ({ point: p, row: fixedPointRow(p, axes), n: i + 1 }));
    select(body)
      .selectAll('tr.empty')
      .data(rows.length === 0 ? ['No fixed point in this window.'] : [])
      .join('tr')
      .attr('class', 'empty')
      .html('')
      .append('td')
      .attr('colspan', 7)
      .text((d) => d);
    select(body)
      .selectAll<HTMLTableRowElement, (typeof rows)[number]>('tr.fixed-point-row')
      .data(rows)
      .join('tr')
      .attr('class', 'fixed-point-row')
      .attr('data-type', (d) => d.point.type)
      .each(function (d) {
        const [l1, l2] = d.point.eigenvalues;
        const cells: { text: string; key: string; value: string; header?: boolean }[] = [
          { text: String(d.n), key: 'n', value: String(d.n), header: true },
          { text: d.row.x, key: 'x', value: String(d.point.state[0]) },
          { text: d.row.y, key: 'y', value: String(d.point.state[1]) },
          { text: d.row.trace, key: 'trace', value: String(d.point.trace) },
          { text: d.row.determinant, key: 'determinant', value: String(d.point.determinant) },
          { text: d.row.eigenvalues, key: 'eigenvalues', value: JSON.stringify([l1.re, l1.im, l2.re, l2.im]) },
          { text: d.row.type, key: 'type', value: d.point.type },
        ];
        select(this)
          .selectAll<HTMLTableCellElement, (typeof cells)[number]>('th, td')
          .data(cells)
          .join((enter) => enter.append((c) => document.createElement(c.header ? 'th' : 'td')))
          .attr('scope', (c) => (c.header ? 'row' : null))
          .attr('data-cell', (c) => c.key)
          .attr('data-value', (c) => c.value)
          .text((c) => c.text);
      });
  }

  /** Shows the start of the run drawn in the two start fields (unless the reader is typing in one). */
  private showStart(start: readonly [number, number]): void {
    const fields = [this.querySelector<HTMLInputElement>('[data-role="start-x"]'), this.querySelector<HTMLInputElement>('[data-role="start-y"]')];
    fields.forEach((field, i) => {
      if (!field || document.activeElement === field) return;
      field.value = String(start[i]);
      field.removeAttribute('aria-invalid');
    });
    const error = this.querySelector<HTMLElement>('[data-role="start-error"]');
    if (error) error.hidden = true;
  }

  private startAt(x: number, y: number): void {
    const [a, b] = this.config.axes;
    const state = this.store.get();
    this.store.set({ ...state, initial: { ...state.initial, [a.name]: x, [b.name]: y } });
  }

  private startAtPointer(event: MouseEvent): void {
    if (!this.drawn) return;
    const point = clientToPlane(event.clientX, event.clientY, this.svg!.node()!.getBoundingClientRect(), this.drawn.frame);
    if (!point) return;
    this.startAt(roundToAxis(point.x, this.drawn.frame.x), roundToAxis(point.y, this.drawn.frame.y));
    // The fields show the new start even if one of them had the focus.
    const [fx, fy] = [this.querySelector<HTMLInputElement>('[data-role="start-x"]'), this.querySelector<HTMLInputElement>('[data-role="start-y"]')];
    if (fx) fx.value = String(roundToAxis(point.x, this.drawn.frame.x));
    if (fy) fy.value = String(roundToAxis(point.y, this.drawn.frame.y));
  }

  private startFromFields(): void {
    const fields = [this.querySelector<HTMLInputElement>('[data-role="start-x"]')!, this.querySelector<HTMLInputElement>('[data-role="start-y"]')!];
    const values = fields.map((f) => Number(f.value.trim().replace(',', '.').replace('−', '-')));
    const error = this.querySelector<HTMLElement>('[data-role="start-error"]')!;
    const bad = values.map((v, i) => (fields[i]!.value.trim() === '' || !Number.isFinite(v) ? i : -1)).filter((i) => i >= 0);
    fields.forEach((f, i) => (bad.includes(i) ? f.setAttribute('aria-invalid', 'true') : f.removeAttribute('aria-invalid')));
    if (bad.length > 0) {
      error.textContent = `Enter a number for the start ${bad.map((i) => this.config.axes[i]!.label).join(' and ')}.`;
      error.hidden = false;
      return;
    }
    error.hidden = true;
    this.startAt(values[0]!, values[1]!);
  }

  // Animation: draws the run up to a growing sample index, one step per animation frame.

  private togglePlay(): void {
    if (!this.view || !this.drawn) return;
    if (this.animation && this.animation.frame !== undefined) {
      this.pause();
      return;
    }
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const note = this.querySelector<HTMLElement>('[data-role="play-note"]');
    if (reduced) {
      if (note) note.textContent = 'Your system asks for reduced motion, so the whole trajectory is shown at once.';
      renderTrajectory(this.svg!, this.drawn, this.view, Number.POSITIVE_INFINITY);
      return;
    }
    if (note) note.textContent = '';
    const n = this.view.data.run.t.length;
    if (!this.animation || this.animation.index >= n - 1) this.animation = { index: 0, last: undefined, frame: undefined, hidden: false };
    this.resume();
  }

  private resume(): void {
    const animation = this.animation;
    if (!animation || animation.frame !== undefined) return;
    if (!this.visible) {
      animation.hidden = true;
      return;
    }
    animation.hidden = false;
    animation.last = undefined;
    this.setPlaying(true);
    const tick = (now: number) => {
      if (!this.view || !this.drawn || this.animation !== animation) return;
      const run = this.view.data.run;
      const n = run.t.length;
      const duration = run.t[n - 1]!;
      // Simulated time runs at duration / wall time, with the whole run taking 3 to 10 s.
      const wall = Math.min(10_000, Math.max(3000, duration * 20));
      if (animation.last !== undefined) animation.index = Math.min(n - 1, animation.index + ((now - animation.last) / wall) * (n - 1));
      animation.last = now;
      const index = Math.floor(animation.index);
      renderTrajectory(this.svg!, this.drawn, this.view, index);
      this.dataset['playIndex'] = String(index);
      if (index >= n - 1) {
        animation.frame = undefined;
        this.setPlaying(false);
        return;
      }
      animation.frame = requestAnimationFrame(tick);
    };
    animation.frame = requestAnimationFrame(tick);
  }

  private pause(): void {
    const animation = this.animation;
    if (!animation || animation.frame === undefined) return;
    cancelAnimationFrame(animation.frame);
    animation.frame = undefined;
    this.setPlaying(false);
  }

  /** Stops any animation (a new state redraws the whole run). */
  private stop(): void {
    this.pause();
    this.animation = undefined;
  }

  private onVisibility(): void {
    const animation = this.animation;
    if (!animation) return;
    if (!this.visible && animation.frame !== undefined) {
      this.pause();
      animation.hidden = true;
      this.setPlaying(false, true);
    } else if (this.visible && animation.hidden) {
      this.resume();
    }
  }

  private setPlaying(playing: boolean, waiting = false): void {
    const button = this.querySelector<HTMLButtonElement>('[data-action="play"]');
    if (button) {
      button.textContent = playing ? 'Pause' : 'Play';
      button.setAttribute('aria-pressed', String(playing));
    }
    this.dataset['playing'] = playing ? 'true' : waiting ? 'paused-offscreen' : 'false';
  }
}

void defineNeuronWidget('phase-plane', PhasePlaneElement);

