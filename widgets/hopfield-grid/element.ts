/**
 * The <hopfield-grid> custom element: binds the buttons, the drawing grid and the plot to a session
 * (session.ts, no DOM) and redraws once per animation frame. One sweep at N = 2,500 and P = 400 costs about
 * 2 ms, so the dynamics run on the page; Run performs one sweep per RUN_INTERVAL_MS (slow enough to watch)
 * and stops at a fixed point or a 2-cycle, and pauses while the widget is scrolled out of view.
 */
import { patternOf } from '../../engine/attractors/patterns.ts';
import type { DataTable, ParamValue } from '../lib/export.ts';
import { formatNumber } from '../lib/format.ts';
import { createSvg, renderLegend, type Svg } from '../lib/plot.ts';
import { plotWidth, setSummary, showError } from '../lib/regions.ts';
import type { GridConfig } from './config.ts';
import { cellAt, colouredPatterns, drawGrid, drawThumbnail, MAX_THUMBS, morePatternsText, overlapLegend, paletteOf, renderOverlaps, swatchColour, THUMB_CSS } from './render.ts';
import {
  applyState,
  clearGrid,
  corruptState,
  createSession,
  loadCue,
  paintCell,
  readoutsOf,
  sameState,
  setCount,
  stateOf,
  storeDrawing,
  sweep,
  type GridState,
  type Session,
} from './session.ts';

const RUN_INTERVAL_MS = 180;

class HopfieldGridElement extends HTMLElement {
  private config!: GridConfig;
  private session!: Session;
  private svg?: Svg;
  private canvas!: HTMLCanvasElement;
  private gridHost!: HTMLElement;
  private pending = false;
  private thumbsDirty = true;
  /**
   * The thumbnails last drawn, by pattern index. One whose pattern and name are unchanged is kept: a move of the
   * count slider changes the patterns past the old count only (session.ts), and drawing twelve thumbnails cell by
   * cell took 7 ms of each redraw at 900 units.
   */
  private thumbs: { pattern: Int8Array; name: string; button: HTMLElement }[] = [];
  private renders = 0;
  private focusCell = 0;
  private showFocus = false;
  private painting: 1 | -1 | undefined;
  private running = false;
  private visible = true;
  private lastSweepAt = 0;
  private cue = 0;
  private started = false;

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    try {
      this.config = JSON.parse(this.dataset['config'] ?? '') as GridConfig;
      this.session = createSession(this.config);
    } catch (error) {
      showError(this, error instanceof Error ? error.message : 'This widget could not read its setup.');
      return;
    }
    this.cue = this.config.cue;
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'Overlaps against time', `${this.id}-summary`);
    this.canvas = this.querySelector<HTMLCanvasElement>('[data-role="canvas"]')!;
    this.gridHost = this.querySelector<HTMLElement>('[data-role="grid"]')!;
    this.bindButtons();
    this.bindGrid();
    new ResizeObserver(() => this.schedule()).observe(host);
    new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      if (this.visible && this.running) this.tick();
    }).observe(this);
    // Follow a change of colour scheme: the canvas reads its colours from the theme.
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
      this.thumbs = [];
      this.thumbsDirty = true;
      this.schedule();
    });
    this.fillCueSelect();
    this.schedule();
  }

  getState(): GridState {
    return stateOf(this.session);
  }

  /** Applies untrusted state if it is valid; returns the problems otherwise (and changes nothing). */
  setState(input: unknown): { name: string; message: string }[] {
    const problems = applyState(this.session, input);
    if (problems.length === 0) {
      this.stop();
      this.syncControls();
      this.thumbsDirty = true;
      this.fillCueSelect();
      this.schedule();
    }
    return problems;
  }

  private act(action: () => void): void {
    try {
      action();
      showError(this, undefined);
    } catch (error) {
      if (error instanceof RangeError) showError(this, error.message);
      else throw error;
    }
    this.schedule();
  }

  private bindButtons(): void {
    const on = (name: string, handler: () => void) => this.querySelector(`[data-action="${name}"]`)?.addEventListener('click', () => this.act(handler));
    const cueSelect = this.querySelector<HTMLSelectElement>('[data-role="cue"]')!;
    cueSelect.addEventListener('change', () => (this.cue = Number(cueSelect.value)));
    on('load', () => {
      this.stop();
      loadCue(this.session, this.cue);
    });
    on('corrupt', () => {
      this.stop();
      corruptState(this.session);
    });
    on('step', () => {
      this.stop();
      sweep(this.session);
    });
    on('run', () => (this.running ? this.stop() : this.start()));
    on('clear', () => {
      this.stop();
      clearGrid(this.session);
    });
    on('store', () => {
      this.stop();
      storeDrawing(this.session);
      this.thumbsDirty = true;
      this.fillCueSelect();
    });
    on('reset', () => {
      this.stop();
      this.session = createSession(this.config);
      this.cue = this.config.cue;
      this.thumbsDirty = true;
      this.fillCueSelect();
      this.syncControls();
    });
    const corruption = this.querySelector<HTMLInputElement>('[data-role="corruption"]')!;
    corruption.addEventListener('input', () => {
      this.session.corruption = Number(corruption.value);
      this.syncControls();
    });
    const mode = this.querySelector<HTMLSelectElement>('[data-role="mode"]')!;
    mode.addEventListener('change', () => this.act(() => (this.session.mode = mode.value === 'async' ? 'async' : 'sync')));
    const count = this.querySelector<HTMLInputElement>('[data-role="count"]');
    count?.addEventListener('input', () =>
      this.act(() => {
        this.stop();
        setCount(this.session, Number(count.value));
        if (this.cue >= this.session.set.count) this.cue = 0;
        this.thumbsDirty = true;
        this.fillCueSelect();
        this.syncControls();
      }),
    );
    this.syncControls();
  }

  /** Shows the session's values in the controls without emitting changes. */
  private syncControls(): void {
    const s = this.session;
    const corruption = this.querySelector<HTMLInputElement>('[data-role="corruption"]')!;
    corruption.value = String(s.corruption);
    corruption.setAttribute('aria-valuetext', `${s.corruption} %`);
    this.querySelector<HTMLOutputElement>('[data-role="corruption-value"]')!.textContent = `${s.corruption} %`;
    this.querySelector<HTMLSelectElement>('[data-role="mode"]')!.value = s.mode;
    const count = this.querySelector<HTMLInputElement>('[data-role="count"]');
    if (count) {
      count.value = String(s.count);
      const out = this.querySelector<HTMLOutputElement>('[data-role="count-value"]');
      if (out) out.textContent = String(s.count);
      const load = this.querySelector<HTMLElement>('[data-role="load"]');
      if (load) load.textContent = `load α = P/N = ${formatNumber(s.set.count / s.net.n, 3)}`;
    }
    const run = this.querySelector<HTMLButtonElement>('[data-action="run"]')!;
    run.textContent = this.running ? 'Pause' : 'Run';
    run.setAttribute('aria-pressed', String(this.running));
  }

  private fillCueSelect(): void {
    const select = this.querySelector<HTMLSelectElement>('[data-role="cue"]')!;
    select.replaceChildren(
      ...this.session.names.map((name, k) => {
        const option = document.createElement('option');
        option.value = String(k);
        option.textContent = name;
        return option;
      }),
    );
    select.value = String(this.cue);
  }

  private bindGrid(): void {
    const grid = this.gridHost;
    const cellOf = (event: PointerEvent) => {
      const box = this.canvas.getBoundingClientRect();
      return cellAt(event.clientX - box.left, event.clientY - box.top, box.width, this.config.size);
    };
    grid.addEventListener('pointerdown', (event) => {
      const cell = cellOf(event);
      if (cell === undefined) return;
      event.preventDefault();
      grid.focus({ preventScroll: true });
      this.stop();
      this.painting = this.session.net.state[cell] === 1 ? -1 : 1;
      grid.setPointerCapture(event.pointerId);
      this.focusCell = cell;
      this.paint(cell);
    });
    grid.addEventListener('pointermove', (event) => {
      if (this.painting === undefined) return;
      const cell = cellOf(event);
      if (cell !== undefined) this.paint(cell);
    });
    const end = () => (this.painting = undefined);
    grid.addEventListener('pointerup', end);
    grid.addEventListener('pointercancel', end);
    grid.addEventListener('focus', () => {
      this.showFocus = true;
      this.announceCell();
      this.schedule();
    });
    grid.addEventListener('blur', () => {
      this.showFocus = false;
      this.schedule();
    });
    grid.addEventListener('keydown', (event) => {
      const side = this.config.size;
      const r = Math.floor(this.focusCell / side);
      const c = this.focusCell % side;
      const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      const move = moves[event.key];
      if (move) {
        event.preventDefault();
        const nr = Math.min(side - 1, Math.max(0, r + move[0]));
        const nc = Math.min(side - 1, Math.max(0, c + move[1]));
        this.focusCell = nr * side + nc;
        this.announceCell();
        this.schedule();
      } else if (event.key === ' ' || event.key === 'Enter') {
        event.preventDefault();
        this.stop();
        this.paint(this.focusCell, this.session.net.state[this.focusCell] === 1 ? -1 : 1);
        this.announceCell();
      }
    });
  }

  private paint(cell: number, value: 1 | -1 | undefined = this.painting): void {
    if (value === undefined) return;
    if (paintCell(this.session, cell, value)) this.schedule();
  }

  private announceCell(): void {
    const side = this.config.size;
    const text = `Row ${Math.floor(this.focusCell / side) + 1}, column ${(this.focusCell % side) + 1}: ${this.session.net.state[this.focusCell] === 1 ? 'filled (+1)' : 'empty (−1)'}.`;
    const region = this.querySelector<HTMLElement>('[data-role="cell"]');
    if (region) region.textContent = text;
  }

  private start(): void {
    this.running = true;
    this.syncControls();
    this.lastSweepAt = 0;
    this.tick();
  }

  private stop(): void {
    if (!this.running) return;
    this.running = false;
    this.syncControls();
  }

  private tick(): void {
    requestAnimationFrame((now) => {
      if (!this.running || !this.visible) return;
      if (now - this.lastSweepAt >= RUN_INTERVAL_MS) {
        this.lastSweepAt = now;
        sweep(this.session);
        if (this.session.ended !== undefined) this.stop();
        this.render();
      }
      if (this.running) this.tick();
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

  private renderThumbs(): void {
    const host = this.querySelector<HTMLElement>('[data-role="thumbs"]')!;
    const s = this.session;
    const palette = paletteOf(this);
    const shown = Math.min(MAX_THUMBS, s.set.count);
    const buttons: HTMLElement[] = [];
    for (let mu = 0; mu < shown; mu++) {
      const pattern = patternOf(s.set, mu);
      const name = s.names[mu] ?? '';
      const kept = this.thumbs[mu];
      if (kept && kept.name === name && sameState(kept.pattern, pattern)) {
        buttons.push(kept.button);
        continue;
      }
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'hg-thumb';
      button.setAttribute('aria-label', `Load pattern ${name} as the cue`);
      const canvas = document.createElement('canvas');
      canvas.setAttribute('aria-hidden', 'true');
      drawThumbnail(canvas, pattern, this.config.size, THUMB_CSS, palette);
      const label = document.createElement('span');
      label.textContent = name;
      label.setAttribute('aria-hidden', 'true');
      button.append(canvas, label);
      button.addEventListener('click', () =>
        this.act(() => {
          this.stop();
          this.cue = mu;
          this.querySelector<HTMLSelectElement>('[data-role="cue"]')!.value = String(mu);
          loadCue(this.session, mu);
        }),
      );
      buttons.push(button);
      this.thumbs[mu] = { pattern: pattern.slice(), name, button };
    }
    this.thumbs.length = shown;
    if (s.set.count > shown) {
      const more = document.createElement('span');
      more.className = 'hg-more';
      more.textContent = morePatternsText(s.set.count, shown);
      buttons.push(more);
    }
    host.replaceChildren(...buttons);
    this.querySelector<HTMLElement>('[data-role="stored-count"]')!.textContent = String(s.set.count);
    this.thumbsDirty = false;
  }

  /** As drawn: the overlap with every stored pattern after each sweep of this trial, and the grid's state now. */
  exportTables(): DataTable[] {
    const s = this.session;
    const offset = s.sweeps - (s.history.length - 1);
    const side = this.config.size;
    return [
      {
        name: 'overlaps',
        columns: [{ name: 'sweep', unit: 'sweeps' }, ...s.names.map((name) => ({ name: `m ${name}`, unit: '' }))],
        rows: s.history.map((m, i) => [offset + i, ...Array.from(m).slice(0, s.names.length)]),
      },
      {
        name: 'grid',
        columns: [{ name: 'row', unit: '' }, { name: 'column', unit: '' }, { name: 's', unit: '' }],
        rows: Array.from(s.net.state, (value, cell) => [Math.floor(cell / side) + 1, (cell % side) + 1, value]),
      },
    ];
  }

  /** The network's size, the patterns stored and the cue's corruption (the JSON's parameters). */
  exportMeta(): { model: string; params: Record<string, ParamValue> } {
    const s = this.session;
    return {
      model: `hopfield (${s.mode} updates)`,
      params: {
        N: { value: s.net.state.length, unit: 'units' },
        P: { value: s.set.count, unit: 'patterns' },
        corruption: { value: s.corruption, unit: '%' },
        sweeps: { value: s.sweeps, unit: 'sweeps' },
      },
    };
  }

  /** The figure is the drawing grid (a canvas) beside the overlap plot. */
  exportFigure(): Element[] {
    return [this.canvas, this.svg!.node()!];
  }

  private render(): void {
    const s = this.session;
    const started = performance.now();
    if (this.thumbsDirty) this.renderThumbs();
    const column = this.gridHost.parentElement!;
    // The same size as hopfield-grid.css gives the canvas before this runs (pages.test compares them).
    const cssSize = Math.max(120, Math.min(360, Math.floor(column.clientWidth - 2)));
    drawGrid(this.canvas, s.net.state, this.config.size, cssSize, paletteOf(this), this.showFocus ? this.focusCell : undefined);
    const coloured = colouredPatterns(s.set.count, this.cue);
    renderOverlaps(this.svg!, plotWidth(this), s.history, coloured, s.sweeps - (s.history.length - 1));
    const legend = this.querySelector<HTMLElement>('[data-role="legend"]')!;
    const entries = overlapLegend(s.names, s.set.count, this.cue);
    renderLegend(legend, entries);
    legend.querySelectorAll<HTMLElement>('.swatch').forEach((el, k) => el.style.setProperty('--swatch', swatchColour(entries[k]!.series)));
    const r = readoutsOf(s);
    const set = (id: string, text: string, value: string) => {
      const out = this.querySelector<HTMLOutputElement>(`output[data-readout="${id}"]`)!;
      out.textContent = text;
      out.dataset['value'] = value;
    };
    set('overlaps', r.top.map((t) => `${t.name}: ${formatNumber(t.overlap, 2)}`).join(', '), String(r.top[0]?.overlap ?? ''));
    set('energy', formatNumber(r.energy, 2), String(r.energy));
    set('changed', r.changed === undefined ? '—' : String(r.changed), String(r.changed ?? ''));
    set('sweeps', String(r.sweeps), String(r.sweeps));
    const verdict = this.querySelector<HTMLElement>('[data-role="verdict"]')!;
    if (verdict.textContent !== r.verdict.text) verdict.textContent = r.verdict.text;
    this.dataset['verdict'] = r.verdict.kind;
    this.dataset['sweeps'] = String(r.sweeps);
    this.dataset['running'] = String(this.running);
    setSummary(
      this,
      `Hopfield network of ${s.net.n} units storing ${s.set.count} patterns, ${s.mode === 'sync' ? 'synchronous' : 'asynchronous'} updates. After ${r.sweeps} sweeps: ${r.verdict.text} Largest overlaps: ${r.top.map((t) => `${t.name} ${formatNumber(t.overlap, 2)}`).join(', ')}. Energy ${formatNumber(r.energy, 2)}.`,
    );
    this.syncControls();
    this.renders += 1;
    this.dataset['renders'] = String(this.renders);
    this.dataset['renderMs'] = (performance.now() - started).toFixed(2);
  }
}

if (!customElements.get('hopfield-grid')) customElements.define('hopfield-grid', HopfieldGridElement);
