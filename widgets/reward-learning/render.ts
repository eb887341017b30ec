/**
 * Drawing for the reward-learning widget: three panels against the trial number, the reader's run solid and
 * the comparison (same seed, one ingredient removed) dashed in the same colours. Top: the discrimination
 * y_A - y_B with its target 1. Middle: the responses to A and B with their targets 1 and 0. Bottom: the reward,
 * averaged over the last REWARD_WINDOW trials. Takes an analysis, draws; computes nothing.
 */
import { scaleLinear } from '../lib/scale.ts';
import { drawAxes, drawLevel, drawLine, layer, MARGIN, sizeSvg, type Svg } from '../lib/plot.ts';
import type { RewardAnalysis } from './state.ts';

const PANEL_HEIGHT = 130;
const GAP = 26;
export const REWARD_HEIGHT = MARGIN.top + 3 * PANEL_HEIGHT + 2 * GAP + MARGIN.bottom;

/** Discrimination and reward: the reader's run series 1, the comparison series 2. Responses: A series 3, B series 4. */
export const RUN_SERIES = 1;
export const COMPARISON_SERIES = 2;
export const A_SERIES = 3;
export const B_SERIES = 4;

const EMPTY = new Float64Array(0);

function extent(series: readonly (ArrayLike<number> | undefined)[], extra: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const take = (v: number) => {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  };
  for (const s of series) if (s) for (let i = 0; i < s.length; i++) take(s[i]!);
  extra.forEach(take);
  if (!(hi - lo > 1e-9)) {
    lo = Number.isFinite(lo) ? lo - 0.5 : 0;
    hi = lo + 1;
  }
  // Headroom above, so a level's label drawn just above its line stays inside the plot.
  return [lo, hi + 0.1 * (hi - lo)];
}

export function renderReward(svg: Svg, width: number, a: RewardAnalysis): void {
  sizeSvg(svg, width, REWARD_HEIGHT);
  // Extra room on the right: the last trial tick is centred on the axis end.
  const inner = width - MARGIN.left - MARGIN.right - 12;
  const xs = a.trialNumbers;
  const x = scaleLinear().domain([1, Math.max(2, xs.length)]).range([0, inner]);
  const xTicks = Math.max(3, Math.floor(inner / 80));
  const run = a.run.ok ? a.run.result : undefined;
  const cmp = a.comparison.ok ? a.comparison.result : undefined;
  const box = (i: number) => ({ left: MARGIN.left, top: MARGIN.top + i * (PANEL_HEIGHT + GAP), width: inner, height: PANEL_HEIGHT });

  const yD = scaleLinear().domain(extent([run?.discrimination, cmp?.discrimination], [0, 1])).range([PANEL_HEIGHT, 0]).nice();
  const top = layer(svg, 'panel-discrimination');
  drawAxes(top, box(0), x, yD, { yLabel: 'yA − yB', xTicks, yTicks: 4 });
  drawLevel(top, 'target', 1, 'target', x, yD);
  drawLine(top, 'cmp-disc', xs, cmp?.discrimination ?? EMPTY, x, yD, COMPARISON_SERIES);
  drawLine(top, 'disc', xs, run?.discrimination ?? EMPTY, x, yD, RUN_SERIES);

  const yR = scaleLinear()
    .domain(extent([run?.response[0], run?.response[1], cmp?.response[0], cmp?.response[1]], [0, 1]))
    .range([PANEL_HEIGHT, 0])
    .nice();
  const middle = layer(svg, 'panel-responses');
  drawAxes(middle, box(1), x, yR, { yLabel: 'Responses', xTicks, yTicks: 4 });
  drawLevel(middle, 'target-a', 1, 'target A', x, yR);
  drawLevel(middle, 'target-b', 0, 'target B', x, yR);
  drawLine(middle, 'cmp-ya', xs, cmp?.response[0] ?? EMPTY, x, yR, A_SERIES);
  drawLine(middle, 'cmp-yb', xs, cmp?.response[1] ?? EMPTY, x, yR, B_SERIES);
  drawLine(middle, 'ya', xs, run?.response[0] ?? EMPTY, x, yR, A_SERIES);
  drawLine(middle, 'yb', xs, run?.response[1] ?? EMPTY, x, yR, B_SERIES);

  const yW = scaleLinear().domain(extent([a.meanReward.run, a.meanReward.comparison], [1])).range([PANEL_HEIGHT, 0]).nice();
  const bottom = layer(svg, 'panel-reward');
  drawAxes(bottom, box(2), x, yW, { xLabel: 'Trial', yLabel: 'Mean reward', xTicks, yTicks: 4 });
  drawLevel(bottom, 'best', 1, 'best', x, yW);
  drawLine(bottom, 'cmp-reward', xs, a.meanReward.comparison ?? EMPTY, x, yW, COMPARISON_SERIES);
  drawLine(bottom, 'reward', xs, a.meanReward.run ?? EMPTY, x, yW, RUN_SERIES);
}
