/** Drawing for the f–I widget: analytic curve as a line, simulated rates as open dots. */
import { scaleLinear } from '../lib/scale.ts';
import { axisLabel } from '../lib/format.ts';
import { drawAxes, drawDots, drawLevel, drawLine, layer, MARGIN, sizeSvg, type Svg } from '../lib/plot.ts';
import type { FiPoint } from './compute.ts';

export const FI_HEIGHT = 300;

export interface FiView {
  readonly analytic: readonly FiPoint[];
  readonly simulated: readonly FiPoint[];
  readonly currentMin: number;
  readonly currentMax: number;
  /** Upper bound on the rate (1 / refractory period), drawn as a reference line when finite. */
  readonly ceiling?: number | undefined;
  readonly currentUnit: string;
  /** Method and time step of the simulated points, shown on the plot. */
  readonly numerics: string;
}

export function renderFi(svg: Svg, width: number, view: FiView): void {
  sizeSvg(svg, width, FI_HEIGHT);
  const inner = width - MARGIN.left - MARGIN.right;
  const height = FI_HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = scaleLinear().domain([view.currentMin, view.currentMax]).range([0, inner]);
  const top = Math.max(10, ...view.analytic.map((p) => p.y), ...view.simulated.map((p) => p.y));
  const y = scaleLinear().domain([0, top * 1.08]).range([height, 0]).nice();
  const panel = layer(svg, 'panel-fi');
  drawAxes(panel, { left: MARGIN.left, top: MARGIN.top, width: inner, height }, x, y, {
    xLabel: axisLabel('Injected current I', view.currentUnit),
    yLabel: axisLabel('Firing rate f', 'Hz'),
  });
  const visibleCeiling = view.ceiling !== undefined && Number.isFinite(view.ceiling) && view.ceiling <= y.domain()[1]! ? view.ceiling : undefined;
  drawLevel(panel, 'ceiling', visibleCeiling, '1/Δabs', x, y);
  drawLine(panel, 'analytic', view.analytic.map((p) => p.x), view.analytic.map((p) => p.y), x, y, 1);
  drawDots(panel, 'simulated', view.simulated, x, y, 2);
  layer(panel, 'numerics-label')
    .selectAll('text')
    .data([view.numerics])
    .join('text')
    .attr('class', 'numerics-label')
    .attr('x', 6)
    .attr('y', 14)
    .text((d) => d);
}
