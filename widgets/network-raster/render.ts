/**
 * Drawing for the network raster. The raster is painted into a pixel buffer (one 32-bit word per canvas
 * pixel) and put on a <canvas>: a spike is a few word writes, so 100,000 spikes cost milliseconds and no DOM
 * nodes. Painting is incremental (`paintSpikes` paints spikes [from, to) and reports the columns it touched,
 * so only that strip is put on the canvas); a full repaint (resize, theme) paints everything again from zero,
 * in batches across frames. Axes are D3 in SVG over and beside the canvas; the population rate, the probe's
 * v(t) and the spectrum are SVG lines (decimated to the pixel width by plot.ts). Computes nothing but scales.
 */
import { scaleLinear } from '../lib/scale.ts';
import type { Spectrum } from '../../engine/network/analysis.ts';
import { axisLabel, formatNumber } from '../lib/format.ts';
import { drawAxes, drawLine, drawVerticalLevel, layer, MARGIN, sizeSvg, type Svg } from '../lib/plot.ts';

export const RASTER_HEIGHT = 300;
export const PANEL_HEIGHT = 150;
export const SPECTRUM_HEIGHT = 190;
/** Above this many neurons a spike is one device pixel tall and wide (rows are thinner than a pixel anyway). */
export const THIN_ROWS = 2000;

export interface RasterGeometry {
  /** Canvas size in device pixels (the plot area only; the axes are in the SVG around it). */
  readonly width: number;
  readonly height: number;
  /** CSS pixels of the plot area. */
  readonly cssWidth: number;
  readonly cssHeight: number;
  readonly markWidth: number;
  readonly markHeight: number;
}

/** The raster's plot area for a host `hostWidth` CSS pixels wide, at `dpr` device pixels per CSS pixel. */
export function rasterGeometry(hostWidth: number, dpr: number, neurons: number): RasterGeometry {
  const cssWidth = Math.max(100, hostWidth - MARGIN.left - MARGIN.right);
  const cssHeight = RASTER_HEIGHT - MARGIN.top - MARGIN.bottom;
  const ratio = Math.max(1, Math.min(4, dpr));
  const width = Math.round(cssWidth * ratio);
  const height = Math.round(cssHeight * ratio);
  const thin = neurons > THIN_ROWS;
  return {
    width,
    height,
    cssWidth,
    cssHeight,
    // Small networks: a mark about 1.5 CSS px wide and one row tall (at least a device pixel), so a single spike shows.
    markWidth: thin ? 1 : Math.max(1, Math.round(1.5 * ratio)),
    markHeight: thin ? 1 : Math.max(1, Math.floor(height / Math.max(1, neurons))),
  };
}

/** An opaque colour as the word a little-endian Uint32Array view of RGBA ImageData holds. */
export function packColour(r: number, g: number, b: number): number {
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

export interface SpikePaint {
  readonly pixels: Uint32Array;
  readonly geometry: RasterGeometry;
  readonly duration: number;
  readonly Ne: number;
  readonly Ni: number;
  readonly excitatory: number;
  readonly inhibitory: number;
}

/**
 * Paints spikes [from, to) of (t, i): time runs left to right over [0, duration], neuron 0 at the bottom (as
 * net.m's plot), excitatory and inhibitory in their colours. Returns the columns touched, [x0, x1), or
 * undefined if none.
 */
export function paintSpikes(paint: SpikePaint, t: ArrayLike<number>, i: ArrayLike<number>, from: number, to: number): [number, number] | undefined {
  const { pixels, geometry, duration, Ne, Ni, excitatory, inhibitory } = paint;
  const { width, height, markWidth, markHeight } = geometry;
  const n = Ne + Ni;
  const xScale = width / duration;
  const yScale = height / n;
  let x0 = width;
  let x1 = 0;
  for (let s = from; s < to; s++) {
    const neuron = i[s]!;
    // Spike at t marks the column of the millisecond (t − 1, t] it ends, like the 1 ms bins.
    const left = Math.min(width - markWidth, Math.max(0, Math.floor((t[s]! - 0.5) * xScale - markWidth / 2)));
    const top = Math.min(height - markHeight, Math.max(0, Math.floor((n - 1 - neuron) * yScale)));
    const colour = neuron < Ne ? excitatory : inhibitory;
    for (let y = top; y < top + markHeight; y++) {
      const row = y * width;
      for (let x = left; x < left + markWidth; x++) pixels[row + x] = colour;
    }
    if (left < x0) x0 = left;
    if (left + markWidth > x1) x1 = left + markWidth;
  }
  return x1 > x0 ? [x0, x1] : undefined;
}

/** The raster's D3 axes, in the SVG laid over the canvas (the canvas fills the axes' inner box). */
export function renderRasterAxes(svg: Svg, hostWidth: number, duration: number, Ne: number, Ni: number): void {
  sizeSvg(svg, hostWidth, RASTER_HEIGHT);
  const inner = Math.max(100, hostWidth - MARGIN.left - MARGIN.right);
  const height = RASTER_HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = scaleLinear().domain([0, duration]).range([0, inner]);
  const y = scaleLinear().domain([0, Math.max(1, Ne + Ni)]).range([height, 0]);
  const panel = layer(svg, 'panel-raster');
  drawAxes(panel, { left: MARGIN.left, top: MARGIN.top, width: inner, height }, x, y, { xLabel: axisLabel('Time', 'ms'), yLabel: 'Neuron index', yTicks: 5 });
  // The boundary between the populations: excitatory below, inhibitory above.
  layer(panel, 'population-boundary')
    .selectAll('line')
    .data(Ne > 0 && Ni > 0 ? [Ne] : [])
    .join('line')
    .attr('class', 'level-line')
    .attr('x1', 0)
    .attr('x2', inner)
    .attr('y1', (d) => y(d))
    .attr('y2', (d) => y(d));
}

export interface TraceView {
  readonly duration: number;
  readonly rateT: ArrayLike<number>;
  readonly rate: ArrayLike<number>;
  readonly smooth: ArrayLike<number>;
  readonly probeT: ArrayLike<number>;
  readonly probeV: ArrayLike<number>;
  readonly probeLabel: string;
}

/** Two panels in one SVG: the population rate (1 ms and 5 ms) and the probe neuron's v(t). */
export function renderTraces(svg: Svg, hostWidth: number, view: TraceView): void {
  sizeSvg(svg, hostWidth, 2 * PANEL_HEIGHT);
  const inner = Math.max(100, hostWidth - MARGIN.left - MARGIN.right);
  const height = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = scaleLinear().domain([0, view.duration]).range([0, inner]);
  let top = 10;
  for (let k = 0; k < view.smooth.length; k++) top = Math.max(top, view.rate[k]!);
  const yRate = scaleLinear().domain([0, top]).range([height, 0]).nice();
  const ratePanel = layer(svg, 'panel-rate');
  drawAxes(ratePanel, { left: MARGIN.left, top: MARGIN.top, width: inner, height }, x, yRate, { xLabel: axisLabel('Time', 'ms'), yLabel: axisLabel('Rate', 'Hz'), yTicks: 4 });
  drawLine(ratePanel, 'rate', view.rateT, view.rate, x, yRate, 6);
  drawLine(ratePanel, 'smooth', view.rateT, view.smooth, x, yRate, 1);
  const yV = scaleLinear().domain([-90, 30]).range([height, 0]);
  const probePanel = layer(svg, 'panel-probe');
  drawAxes(probePanel, { left: MARGIN.left, top: PANEL_HEIGHT + MARGIN.top, width: inner, height }, x, yV, { xLabel: axisLabel('Time', 'ms'), yLabel: axisLabel('v', 'mV'), yTicks: 4 });
  drawLine(probePanel, 'probe', view.probeT, view.probeV, x, yV, 3);
  layer(probePanel, 'probe-label')
    .selectAll('text')
    .data([view.probeLabel])
    .join('text')
    .attr('class', 'level-label')
    .attr('x', inner - 4)
    .attr('y', 12)
    .attr('text-anchor', 'end')
    .text((d) => d);
}

/** The population spectrum after the run, with the alpha and gamma peaks marked. */
export function renderSpectrum(svg: Svg, hostWidth: number, spectrum: Spectrum | undefined, alphaHz: number, gammaHz: number): void {
  sizeSvg(svg, hostWidth, SPECTRUM_HEIGHT);
  const inner = Math.max(100, hostWidth - MARGIN.left - MARGIN.right);
  const height = SPECTRUM_HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = scaleLinear().domain([0, 100]).range([0, inner]);
  let top = 0;
  // The 0 Hz bin holds only what the mean removal left: scale to the rest.
  if (spectrum) for (let k = 1; k < spectrum.power.length; k++) top = Math.max(top, spectrum.power[k]!);
  const y = scaleLinear().domain([0, top > 0 ? top : 1]).range([height, 0]).nice();
  const panel = layer(svg, 'panel-spectrum');
  drawAxes(panel, { left: MARGIN.left, top: MARGIN.top, width: inner, height }, x, y, { xLabel: axisLabel('Frequency', 'Hz'), yLabel: axisLabel('Power', 'spikes²/Hz'), yTicks: 4 });
  drawLine(panel, 'spectrum', spectrum?.frequency ?? [], spectrum?.power ?? [], x, y, 1);
  const mark = (value: number): number | undefined => (spectrum && Number.isFinite(value) ? value : undefined);
  drawVerticalLevel(panel, 'alpha', mark(alphaHz), `alpha ${formatNumber(alphaHz, 0)} Hz`, x, y, 0);
  drawVerticalLevel(panel, 'gamma', mark(gammaHz), `gamma ${formatNumber(gammaHz, 0)} Hz`, x, y, 1);
}
