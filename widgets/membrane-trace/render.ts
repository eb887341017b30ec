/**
 * Drawing for the membrane-trace widget: the injected current above, the membrane potential below with
 * the threshold line and a tick at each spike. Takes data, draws; simulates nothing.
 */
import { scaleLinear } from 'd3-scale';
import type { CursorData } from '../lib/cursor.ts';
import { drawAxes, drawLevel, drawLine, drawTicks, layer, MARGIN, sizeSvg, type Svg } from '../lib/plot.ts';
import { axisLabel } from '../lib/format.ts';

export interface TraceView {
  readonly t: ArrayLike<number>;
  readonly input: ArrayLike<number>;
  /** The voltage as drawn (with spike edges inserted), and its own time axis. */
  readonly lineT: ArrayLike<number>;
  readonly lineU: ArrayLike<number>;
  readonly spikes: ArrayLike<number>;
  readonly duration: number;
  readonly threshold?: number | undefined;
  /** Values the voltage axis should always include (rest, reset), so it does not jump with every run. */
  readonly anchors: readonly number[];
  readonly currentUnit: string;
  readonly voltageUnit: string;
}

const INPUT_HEIGHT = 72;
const GAP = 18;
const VOLTAGE_HEIGHT = 210;
export const TRACE_HEIGHT = MARGIN.top + INPUT_HEIGHT + GAP + VOLTAGE_HEIGHT + MARGIN.bottom;

function extent(values: ArrayLike<number>, extra: readonly number[]): [number, number] {
  let lo = Math.min(...extra);
  let hi = Math.max(...extra);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Draws the trace and returns where it drew, for the reading cursor. */
export function renderTrace(svg: Svg, width: number, view: TraceView): Pick<CursorData, 'x' | 'panels' | 'left'> {
  sizeSvg(svg, width, TRACE_HEIGHT);
  const inner = width - MARGIN.left - MARGIN.right;
  const x = scaleLinear().domain([0, view.duration]).range([0, inner]);

  const [iLo, iHi] = extent(view.input, [0]);
  const iPad = Math.max(0.1, (iHi - iLo) * 0.12);
  const yI = scaleLinear().domain([iLo - (iLo < 0 ? iPad : 0), iHi + iPad]).range([INPUT_HEIGHT, 0]).nice();
  const inputPanel = layer(svg, 'panel-input');
  drawAxes(inputPanel, { left: MARGIN.left, top: MARGIN.top, width: inner, height: INPUT_HEIGHT }, x, yI, { yLabel: axisLabel('I', view.currentUnit), yTicks: 3 });
  drawLine(inputPanel, 'input', view.t, view.input, x, yI, 2);

  const spikeTop = view.threshold === undefined ? undefined : view.threshold + 8;
  const anchors = [...view.anchors, ...(spikeTop === undefined ? [] : [spikeTop])];
  const [uLo, uHi] = extent(view.lineU, anchors);
  const yU = scaleLinear().domain([uLo - 2, uHi + 2]).range([VOLTAGE_HEIGHT, 0]).nice();
  const voltagePanel = layer(svg, 'panel-voltage');
  drawAxes(
    voltagePanel,
    { left: MARGIN.left, top: MARGIN.top + INPUT_HEIGHT + GAP, width: inner, height: VOLTAGE_HEIGHT },
    x,
    yU,
    { xLabel: axisLabel('Time', 'ms'), yLabel: axisLabel('u', view.voltageUnit) },
  );
  drawLevel(voltagePanel, 'threshold', view.threshold, 'threshold ϑ', x, yU);
  drawLine(voltagePanel, 'voltage', view.lineT, view.lineU, x, yU, 1);
  if (view.threshold !== undefined && spikeTop !== undefined) drawTicks(voltagePanel, 'spikes', view.spikes, view.threshold, spikeTop, x, yU, 1);
  return {
    x,
    left: MARGIN.left,
    panels: [
      { group: inputPanel, height: INPUT_HEIGHT },
      { group: voltagePanel, height: VOLTAGE_HEIGHT },
    ],
  };
}
