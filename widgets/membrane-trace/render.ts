/**
 * Drawing for the membrane-trace widget: the injected current on top, the membrane potential with the
 * threshold level and a tick at each spike, and optionally other state variables (gates, adaptation,
 * conductances) underneath, all on one time axis. Takes data, draws; simulates nothing.
 */
import { scaleLinear } from '../lib/scale.ts';
import type { CursorData } from '../lib/cursor.ts';
import { axisLabel } from '../lib/format.ts';
import { drawAxes, drawLevel, drawLine, drawTicks, layer, MARGIN, sizeSvg, type Group, type Svg } from '../lib/plot.ts';

export interface ExtraTrace {
  readonly name: string;
  readonly unit: string;
  readonly values: ArrayLike<number>;
}

export interface TraceView {
  readonly t: ArrayLike<number>;
  readonly input: ArrayLike<number>;
  /** The voltage as drawn (with spike edges inserted for models with a reset), and its own time axis. */
  readonly lineT: ArrayLike<number>;
  readonly lineU: ArrayLike<number>;
  readonly spikes: ArrayLike<number>;
  readonly duration: number;
  /** Voltage of the threshold line and its label; no line when undefined. */
  readonly threshold?: number | undefined;
  readonly thresholdLabel: string;
  /** Draw spike ticks above the threshold (models whose spike shape is not part of the trace). */
  readonly ticks: boolean;
  /** Values the voltage axis should always include (rest, reset), so it does not jump with every run. */
  readonly anchors: readonly number[];
  readonly currentUnit: string;
  readonly voltageName: string;
  readonly voltageUnit: string;
  readonly extra: readonly ExtraTrace[];
  /** "RK4 · dt = 0.01 ms", drawn on the plot. */
  readonly numerics: string;
}

const INPUT_HEIGHT = 72;
const GAP = 18;
const VOLTAGE_HEIGHT = 210;
const EXTRA_HEIGHT = 110;

export function traceHeight(extra: number): number {
  return MARGIN.top + INPUT_HEIGHT + GAP + VOLTAGE_HEIGHT + (extra > 0 ? GAP + EXTRA_HEIGHT : 0) + MARGIN.bottom;
}

function extent(values: ArrayLike<number>, extra: readonly number[]): [number, number] {
  let lo = extra.length > 0 ? Math.min(...extra) : Number.POSITIVE_INFINITY;
  let hi = extra.length > 0 ? Math.max(...extra) : Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}

/** Draws the trace and returns where it drew, for the reading cursor. */
export function renderTrace(svg: Svg, width: number, view: TraceView): Pick<CursorData, 'x' | 'panels' | 'left'> {
  const hasExtra = view.extra.length > 0;
  sizeSvg(svg, width, traceHeight(view.extra.length));
  const inner = width - MARGIN.left - MARGIN.right;
  const x = scaleLinear().domain([0, view.duration]).range([0, inner]);

  const [iLo, iHi] = extent(view.input, [0]);
  const iPad = Math.max(Math.abs(iHi - iLo) * 0.12, Math.max(Math.abs(iHi), Math.abs(iLo)) * 0.05, 1e-3);
  const yI = scaleLinear().domain([iLo - (iLo < 0 ? iPad : 0), iHi + iPad]).range([INPUT_HEIGHT, 0]).nice();
  const inputPanel = layer(svg, 'panel-input');
  drawAxes(inputPanel, { left: MARGIN.left, top: MARGIN.top, width: inner, height: INPUT_HEIGHT }, x, yI, { yLabel: axisLabel('I', view.currentUnit), yTicks: 3 });
  drawLine(inputPanel, 'input', view.t, view.input, x, yI, 2);

  const spikeTop = view.ticks && view.threshold !== undefined ? view.threshold + 8 : undefined;
  const anchors = [...view.anchors, ...(spikeTop === undefined ? [] : [spikeTop])];
  const [uLo, uHi] = extent(view.lineU, anchors);
  const pad = Math.max(2, (uHi - uLo) * 0.04);
  const yU = scaleLinear().domain([uLo - pad, uHi + pad]).range([VOLTAGE_HEIGHT, 0]).nice();
  const voltageTop = MARGIN.top + INPUT_HEIGHT + GAP;
  const voltagePanel = layer(svg, 'panel-voltage');
  drawAxes(voltagePanel, { left: MARGIN.left, top: voltageTop, width: inner, height: VOLTAGE_HEIGHT }, x, yU, {
    ...(hasExtra ? {} : { xLabel: axisLabel('Time', 'ms') }),
    yLabel: axisLabel(view.voltageName, view.voltageUnit),
  });
  drawLevel(voltagePanel, 'threshold', view.threshold, view.thresholdLabel, x, yU);
  drawLine(voltagePanel, 'voltage', view.lineT, view.lineU, x, yU, 1);
  drawTicks(voltagePanel, 'spikes', spikeTop === undefined ? [] : view.spikes, view.threshold ?? 0, spikeTop ?? 0, x, yU, 1);
  layer(voltagePanel, 'numerics-label')
    .selectAll('text')
    .data([view.numerics])
    .join('text')
    .attr('class', 'numerics-label')
    .attr('x', 6)
    .attr('y', 14)
    .text((d) => d);

  const panels: { group: Group; height: number }[] = [
    { group: inputPanel, height: INPUT_HEIGHT },
    { group: voltagePanel, height: VOLTAGE_HEIGHT },
  ];
  const extraPanel = layer(svg, 'panel-extra');
  if (hasExtra) {
    const all = view.extra.flatMap((e) => extent(e.values, []));
    const yE = scaleLinear().domain(extent(all, [])).range([EXTRA_HEIGHT, 0]).nice();
    const names = view.extra.map((e) => e.name).join(', ');
    drawAxes(extraPanel, { left: MARGIN.left, top: voltageTop + VOLTAGE_HEIGHT + GAP, width: inner, height: EXTRA_HEIGHT }, x, yE, {
      xLabel: axisLabel('Time', 'ms'),
      yLabel: axisLabel(names, view.extra[0]!.unit),
      yTicks: 3,
    });
    view.extra.forEach((e, i) => drawLine(extraPanel, `extra-${i}`, view.t, e.values, x, yE, 3 + (i % 4)));
    panels.push({ group: extraPanel, height: EXTRA_HEIGHT });
  } else {
    extraPanel.selectAll('*').remove();
  }
  return { x, left: MARGIN.left, panels };
}
