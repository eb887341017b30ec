/**
 * The <weight-matrix> custom element: recomputes the matrix and its histogram when the number of patterns
 * changes (N ≤ 900, P ≤ 400: under 20 ms) and redraws once per animation frame.
 */
import { columnsTable } from '../lib/export-data.ts';
import type { DataTable } from '../lib/export.ts';
import { formatNumber } from '../lib/format.ts';
import { createSvg, type Svg } from '../lib/plot.ts';
import { plotWidth, readConfig, setSummary, showError } from '../lib/regions.ts';
import { weightData, type WeightConfig, type WeightData } from './compute.ts';
import { drawMatrix, renderHistogram } from './render.ts';

class WeightMatrixElement extends HTMLElement {
  private config!: WeightConfig;
  private count = 1;
  private data?: WeightData;
  private svg?: Svg;
  private pending = false;
  private renders = 0;
  private started = false;

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const config = readConfig(this);
    if (config === undefined) return;
    this.config = config as WeightConfig;
    this.count = this.config.count;
    const host = this.querySelector<HTMLElement>('[data-role="plot"]')!;
    this.svg = createSvg(host, host.dataset['title'] ?? 'Histogram of the weights', `${this.id}-summary`);
    const slider = this.querySelector<HTMLInputElement>('[data-role="count"]')!;
    slider.addEventListener('input', () => this.setCount(Number(slider.value)));
    this.querySelector('[data-action="reset"]')?.addEventListener('click', () => this.setCount(this.config.count));
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(host);
    this.setCount(this.count);
  }

  getState(): { count: number } {
    return { count: this.count };
  }

  /** As drawn: the histogram of the weights with the binomial law's expected counts, and the whole matrix. */
  exportTables(): DataTable[] {
    const data = this.data;
    if (!data) return [];
    const n = data.histogram.n;
    return [
      columnsTable('histogram', [
        { name: 'w', unit: '', values: data.histogram.values },
        { name: 'count', unit: '', values: data.histogram.counts },
        { name: 'expected (binomial)', unit: '', values: data.theory.expected },
      ]),
      { name: 'matrix', columns: [{ name: 'i', unit: '' }, { name: 'j', unit: '' }, { name: 'w_ij', unit: '' }], rows: Array.from(data.weights, (w, k) => [Math.floor(k / n) + 1, (k % n) + 1, w]) },
    ];
  }

  /** The figure is the matrix (a canvas) beside the histogram. */
  exportFigure(): Element[] {
    return [this.querySelector('[data-role="canvas"]')!, this.svg!.node()!];
  }

  setState(input: unknown): { name: string; message: string }[] {
    const count = (input as { count?: unknown } | null)?.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > this.config.maxCount) {
      return [{ name: 'count', message: `count must be a whole number from 1 to ${this.config.maxCount}.` }];
    }
    this.setCount(count);
    return [];
  }

  private setCount(count: number): void {
    try {
      this.data = weightData(this.config, count);
      this.count = count;
      showError(this, undefined);
    } catch (error) {
      if (error instanceof RangeError) showError(this, error.message);
      else throw error;
    }
    const slider = this.querySelector<HTMLInputElement>('[data-role="count"]')!;
    slider.value = String(this.count);
    slider.setAttribute('aria-valuetext', `${this.count} patterns`);
    this.querySelector<HTMLOutputElement>('[data-role="count-value"]')!.textContent = String(this.count);
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
    const data = this.data;
    if (!data) return;
    const box = this.querySelector<HTMLElement>('.wm-matrix')!;
    // The same size as weight-matrix.css gives the canvas before this runs (pages.test compares them).
    const cssSize = Math.max(100, Math.min(300, Math.floor(box.clientWidth - 2)));
    drawMatrix(this.querySelector<HTMLCanvasElement>('[data-role="canvas"]')!, data, cssSize, this);
    renderHistogram(this.svg!, plotWidth(this), data);
    const h = data.histogram;
    const present = Array.from(h.counts).filter((c) => c > 0).length;
    const put = (id: string, text: string, value: number) => {
      const out = this.querySelector<HTMLOutputElement>(`output[data-readout="${id}"]`)!;
      out.textContent = text;
      out.dataset['value'] = String(value);
    };
    put('values', `${present} of the ${h.count + 1} possible (P − 2k)/N`, present);
    put('variance', formatNumber(data.variance * h.n * h.n, 3) + ' / N²', data.variance);
    const note = this.querySelector<HTMLElement>('[data-note-for="variance"]');
    if (note) note.textContent = `theory for random patterns: P/N² = ${h.count} / N²`;
    put('largest', formatNumber(data.largest, 3), data.largest);
    setSummary(
      this,
      `Weight matrix of ${h.n} units storing ${h.count} patterns. The weights take ${present} distinct values between ${formatNumber(-data.largest, 2)} and ${formatNumber(data.largest, 2)}; counted variance ${formatNumber(data.variance * h.n * h.n, 2)} / N², binomial theory ${h.count} / N².`,
    );
    this.renders += 1;
    this.dataset['renders'] = String(this.renders);
    this.dataset['count'] = String(this.count);
  }
}

if (!customElements.get('weight-matrix')) customElements.define('weight-matrix', WeightMatrixElement);
