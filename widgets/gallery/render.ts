/**
 * Drawing for the Izhikevich gallery, after figure1.m's panels: the membrane potential v(t) on top and the
 * stimulus protocol I(t) in a shorter panel under it, on one time axis. Takes data, draws; simulates nothing.
 */
import { scaleLinear } from '../lib/scale.ts';
import { axisLabel } from '../lib/format.ts';
import { drawAxes, drawLine, layer, MARGIN, sizeSvg, type Group, type Svg } from '../lib/plot.ts';

export interface GalleryView {
  /** v(t) as drawn (with spike strokes) and its time axis. */
  readonly lineT: ArrayLike<number>;
  readonly lineV: ArrayLike<number>;
  /** I(t) on the run's sample times. */
  readonly t: ArrayLike<number>;
  readonly input: ArrayLike<number>;
  readonly duration: number;
  /** Values the voltage axis always includes (reset, cut-off), so it does not jump between runs. */
  readonly anchors: readonly number[];
  /** The numerics, written in the plot's corner ("figure1.m loop · τ = 0.25 ms"). */
  readonly numerics: string;
  /** Where a run stopped before the end (runaway firing, divergence), ms. */
  readonly stoppedAt?: number | undefined;
  readonly stoppedLabel?: string | undefined;
}

const VOLTAGE_HEIGHT = 220;
const GAP = 14;
const INPUT_HEIGHT = 70;
export const GALLERY_HEIGHT = MARGIN.top + VOLTAGE_HEIGHT + GAP + INPUT_HEIGHT + MARGIN.bottom;

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

/** A dashed vertical line across a panel with a label at its top, or nothing. */
function drawStop(panel: Group, at: number | undefined, label: string, x: (v: number) => number, height: number): void {
  const data = at === undefined ? [] : [at];
  const g = layer(panel, 'stop');
  g.selectAll('line')
    .data(data)
    .join('line')
    .attr('class', 'level-line')
    .attr('x1', (d) => x(d))
    .attr('x2', (d) => x(d))
    .attr('y1', 0)
    .attr('y2', height);
  g.selectAll('text')
    .data(data)
    .join('text')
    .attr('class', 'level-label')
    .attr('x', (d) => x(d) - 4)
    .attr('y', 12)
    .attr('text-anchor', 'end')
    .text(label);
}

export function renderGallery(svg: Svg, width: number, view: GalleryView): void {
  sizeSvg(svg, width, GALLERY_HEIGHT);
  const inner = width - MARGIN.left - MARGIN.right;
  const x = scaleLinear().domain([0, view.duration]).range([0, inner]);

  const [vLo, vHi] = extent(view.lineV, view.anchors);
  const yV = scaleLinear().domain([vLo - 3, vHi + 3]).range([VOLTAGE_HEIGHT, 0]).nice();
  const voltage = layer(svg, 'panel-voltage');
  drawAxes(voltage, { left: MARGIN.left, top: MARGIN.top, width: inner, height: VOLTAGE_HEIGHT }, x, yV, { yLabel: axisLabel('v', 'mV') });
  drawLine(voltage, 'voltage', view.lineT, view.lineV, x, yV, 1);
  drawStop(voltage, view.stoppedAt, view.stoppedLabel ?? '', x, VOLTAGE_HEIGHT);
  layer(voltage, 'numerics')
    .selectAll('text')
    .data([view.numerics])
    .join('text')
    .attr('class', 'numerics-label')
    .attr('x', 4)
    .attr('y', VOLTAGE_HEIGHT - 6)
    .text((d) => d);

  const [iLo, iHi] = extent(view.input, [0]);
  const pad = Math.max(0.5, (iHi - iLo) * 0.12);
  const yI = scaleLinear().domain([iLo - (iLo < 0 ? pad : 0), iHi + pad]).range([INPUT_HEIGHT, 0]).nice();
  const input = layer(svg, 'panel-input');
  drawAxes(input, { left: MARGIN.left, top: MARGIN.top + VOLTAGE_HEIGHT + GAP, width: inner, height: INPUT_HEIGHT }, x, yI, {
    xLabel: axisLabel('Time', 'ms'),
    yLabel: 'I',
    yTicks: 3,
  });
  drawLine(input, 'input', view.t, view.input, x, yI, 2);
}
