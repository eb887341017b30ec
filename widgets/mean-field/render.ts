/**
 * Drawing for MeanFieldLink: two panels over the same time axis, the population rate r (mean field, its
 * comparison at the other g, and the network's rate) above the mean potential v (mean field and network).
 * The window where the input is off is shaded in both. Takes data, draws; computes nothing but scales.
 */
import { scaleLinear, type ScaleLinear } from '../lib/scale.ts';
import { axisLabel } from '../lib/format.ts';
import { drawAxes, drawLine, layer, MARGIN, sizeSvg, type Group, type Svg } from '../lib/plot.ts';
import { DURATION, OFF_END, OFF_START } from './state.ts';

const RATE_HEIGHT = 220;
const V_HEIGHT = 140;
/** Space between the panels; the upper one shares the lower one's time axis, so it has no tick labels. */
const GAP = 18;

export const MEAN_FIELD_HEIGHT = MARGIN.top + RATE_HEIGHT + GAP + V_HEIGHT + MARGIN.bottom;

export interface MeanFieldView {
  readonly meanField: { readonly t: ArrayLike<number>; readonly r: ArrayLike<number>; readonly v: ArrayLike<number> } | undefined;
  readonly ghost: { readonly t: ArrayLike<number>; readonly r: ArrayLike<number> } | undefined;
  readonly network:
    | { readonly binCentres: ArrayLike<number>; readonly rate: ArrayLike<number>; readonly smoothed: ArrayLike<number>; readonly t: ArrayLike<number>; readonly meanV: ArrayLike<number> }
    | undefined;
  /** Draw the network's raw 0.1 bins (faint) as well as the smoothed rate. */
  readonly showRaw: boolean;
  /** The input is off on [OFF_START, OFF_END). */
  readonly pulse: boolean;
}

/** The largest finite value of the series, or `fallback` if none. */
function finiteMax(fallback: number, ...series: (ArrayLike<number> | undefined)[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of series) if (s) for (let i = 0; i < s.length; i++) if (Number.isFinite(s[i]!) && s[i]! > max) max = s[i]!;
  return max === Number.NEGATIVE_INFINITY ? fallback : max;
}

function finiteMin(fallback: number, ...series: (ArrayLike<number> | undefined)[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const s of series) if (s) for (let i = 0; i < s.length; i++) if (Number.isFinite(s[i]!) && s[i]! < min) min = s[i]!;
  return min === Number.POSITIVE_INFINITY ? fallback : min;
}

/** The y domains: r from 0 (or below, if a curve goes there) to above its peak; v padded around its range. */
export function meanFieldDomains(view: MeanFieldView): { r: [number, number]; v: [number, number] } {
  const { meanField, ghost, network, showRaw } = view;
  const rMax = finiteMax(0.05, meanField?.r, ghost?.r, network?.smoothed, showRaw ? network?.rate : undefined);
  const rMin = Math.min(0, finiteMin(0, meanField?.r, ghost?.r));
  const vMax = finiteMax(1, meanField?.v, network?.meanV);
  const vMin = finiteMin(-1, meanField?.v, network?.meanV);
  const pad = Math.max(0.05, 0.08 * (vMax - vMin));
  return { r: [rMin, Math.max(0.05, rMax * 1.08)], v: [vMin - pad, vMax + pad] };
}

function shadeOff(panel: Group, pulse: boolean, x: ScaleLinear, height: number, label: boolean): void {
  const g = layer(panel, 'input-off');
  g.lower();
  g.selectAll('rect')
    .data(pulse ? [0] : [])
    .join('rect')
    .attr('class', 'input-off-band')
    .attr('x', x(OFF_START))
    .attr('width', x(OFF_END) - x(OFF_START))
    .attr('y', 0)
    .attr('height', height);
  g.selectAll('text')
    .data(pulse && label ? ['input off'] : [])
    .join('text')
    .attr('class', 'level-label')
    .attr('x', (x(OFF_START) + x(OFF_END)) / 2)
    .attr('y', 12)
    .attr('text-anchor', 'middle')
    .text((d) => d);
}

export function renderMeanField(svg: Svg, width: number, view: MeanFieldView): void {
  sizeSvg(svg, width, MEAN_FIELD_HEIGHT);
  const inner = width - MARGIN.left - MARGIN.right;
  const domains = meanFieldDomains(view);
  const x = scaleLinear().domain([0, DURATION]).range([0, inner]);
  const empty = new Float64Array(0);

  const rY = scaleLinear().domain(domains.r).range([RATE_HEIGHT, 0]).nice();
  const rates = layer(svg, 'panel-rate');
  drawAxes(rates, { left: MARGIN.left, top: MARGIN.top, width: inner, height: RATE_HEIGHT }, x, rY, {
    yLabel: axisLabel('Rate r', 'per time unit'),
    yTicks: 5,
  });
  shadeOff(rates, view.pulse, x, RATE_HEIGHT, true);
  const net = view.network;
  drawLine(rates, 'network-raw', view.showRaw && net ? net.binCentres : empty, view.showRaw && net ? net.rate : empty, x, rY, 2);
  drawLine(rates, 'ghost', view.ghost?.t ?? empty, view.ghost?.r ?? empty, x, rY, 4);
  drawLine(rates, 'network', net?.binCentres ?? empty, net?.smoothed ?? empty, x, rY, 2);
  drawLine(rates, 'mean-field', view.meanField?.t ?? empty, view.meanField?.r ?? empty, x, rY, 1);

  const vY = scaleLinear().domain(domains.v).range([V_HEIGHT, 0]).nice();
  const potentials = layer(svg, 'panel-v');
  drawAxes(potentials, { left: MARGIN.left, top: MARGIN.top + RATE_HEIGHT + GAP, width: inner, height: V_HEIGHT }, x, vY, {
    xLabel: axisLabel('Time t', 'dimensionless'),
    yLabel: axisLabel('v', 'dimensionless'),
    yTicks: 4,
  });
  shadeOff(potentials, view.pulse, x, V_HEIGHT, false);
  drawLine(potentials, 'network', net?.t ?? empty, net?.meanV ?? empty, x, vY, 2);
  drawLine(potentials, 'mean-field', view.meanField?.t ?? empty, view.meanField?.v ?? empty, x, vY, 1);
}
