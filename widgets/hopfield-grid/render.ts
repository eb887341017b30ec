/**
 * Drawing for the Hopfield grid: the ±1 grid on a canvas (a 50 × 50 grid is 2,500 rectangles, cheap on a
 * canvas and heavy as SVG), the stored patterns as thumbnails, and the overlaps m^μ against time in sweeps
 * with D3. Colours are read from the theme's CSS variables at draw time, so both themes work.
 */
import { scaleLinear } from '../lib/scale.ts';
import { axisLabel } from '../lib/format.ts';
import { drawAxes, drawLine, drawLevel, layer, MARGIN, sizeSvg, type LegendEntry, type Svg } from '../lib/plot.ts';

export interface Palette {
  readonly on: string;
  readonly off: string;
  readonly line: string;
  readonly focus: string;
}

export function paletteOf(element: Element): Palette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { on: read('--fg', '#000'), off: read('--bg', '#fff'), line: read('--border-subtle', '#ccc'), focus: read('--focus', read('--accent', '#06c')) };
}

/** Thumbnails of stored patterns shown above the grid (the others are chosen under "Cue pattern"), and their size. */
export const MAX_THUMBS = 12;
export const THUMB_CSS = 40;

/** The note after the thumbnails when there are more patterns than MAX_THUMBS. */
export function morePatternsText(count: number, shown: number): string {
  return `and ${count - shown} more (choose them under “Cue pattern”)`;
}

/** Sizes `canvas` to `cssSize` CSS pixels square at the device's resolution; returns the cell size in device pixels. */
function fit(canvas: HTMLCanvasElement, cssSize: number, side: number): { ctx: CanvasRenderingContext2D; cell: number; scale: number } {
  const scale = globalThis.devicePixelRatio || 1;
  const pixels = Math.round(cssSize * scale);
  if (canvas.width !== pixels) {
    canvas.width = pixels;
    canvas.height = pixels;
  }
  canvas.style.width = `${cssSize}px`;
  canvas.style.height = `${cssSize}px`;
  const ctx = canvas.getContext('2d')!;
  return { ctx, cell: pixels / side, scale };
}

/** The grid: filled cells (+1) in the foreground colour; the focused cell outlined when `focus` is set. */
export function drawGrid(canvas: HTMLCanvasElement, state: Int8Array, side: number, cssSize: number, palette: Palette, focus?: number): void {
  const { ctx, cell, scale } = fit(canvas, cssSize, side);
  ctx.fillStyle = palette.off;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = palette.on;
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      if (state[r * side + c] === 1) ctx.fillRect(Math.floor(c * cell), Math.floor(r * cell), Math.ceil(cell), Math.ceil(cell));
    }
  }
  if (side <= 30) {
    ctx.strokeStyle = palette.line;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let k = 1; k < side; k++) {
      const at = Math.round(k * cell) + 0.5;
      ctx.moveTo(at, 0);
      ctx.lineTo(at, canvas.height);
      ctx.moveTo(0, at);
      ctx.lineTo(canvas.width, at);
    }
    ctx.stroke();
  }
  if (focus !== undefined) {
    const r = Math.floor(focus / side);
    const c = focus % side;
    ctx.strokeStyle = palette.focus;
    ctx.lineWidth = Math.max(2, 2 * scale);
    const inset = ctx.lineWidth / 2;
    ctx.strokeRect(c * cell + inset, r * cell + inset, Math.max(cell - 2 * inset, 2), Math.max(cell - 2 * inset, 2));
  }
}

/** A small picture of a stored pattern. */
export function drawThumbnail(canvas: HTMLCanvasElement, pattern: Int8Array, side: number, cssSize: number, palette: Palette): void {
  const { ctx, cell } = fit(canvas, cssSize, side);
  ctx.fillStyle = palette.off;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = palette.on;
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) if (pattern[r * side + c] === 1) ctx.fillRect(c * cell, r * cell, cell, cell);
}

/** The grid cell under a pointer at (x, y) CSS pixels from the canvas's top left, or undefined outside. */
export function cellAt(x: number, y: number, cssSize: number, side: number): number | undefined {
  const c = Math.floor((x / cssSize) * side);
  const r = Math.floor((y / cssSize) * side);
  return r >= 0 && r < side && c >= 0 && c < side ? r * side + c : undefined;
}

export const OVERLAP_HEIGHT = 240;
/** Patterns drawn in colour (series 1 … 6); the others as thin grey lines, at most MAX_GREY of them. */
export const COLOURED = 6;
export const MAX_GREY = 60;

/** Which patterns get a colour: the first six, with the cued pattern swapped in if it lies beyond them. */
export function colouredPatterns(count: number, cue: number): number[] {
  const first = Array.from({ length: Math.min(COLOURED, count) }, (_, k) => k);
  if (cue >= COLOURED && cue < count) first[COLOURED - 1] = cue;
  return first;
}

/**
 * The overlap plot's legend: one line per coloured pattern, then the others in one grey entry (series 0, which
 * has no colour of its own: the swatch is drawn in the border colour). Shared by the script and the component,
 * which serves the first legend so that the widget does not grow when it loads.
 */
export function overlapLegend(names: readonly string[], count: number, cue: number): LegendEntry[] {
  const coloured = colouredPatterns(count, cue);
  const entries: LegendEntry[] = coloured.map((mu, slot) => ({ label: `m for ${names[mu]}`, series: slot + 1, mark: 'line' }));
  if (count > coloured.length) entries.push({ label: `the other ${count - coloured.length} patterns`, series: 0, mark: 'line' });
  return entries;
}

/** The colour of a legend swatch of overlapLegend. */
export const swatchColour = (series: number): string => (series === 0 ? 'var(--border)' : `var(--series-${series})`);

export function renderOverlaps(svg: Svg, width: number, history: readonly Float64Array[], coloured: readonly number[], sweepOffset: number): void {
  sizeSvg(svg, width, OVERLAP_HEIGHT);
  const inner = width - MARGIN.left - MARGIN.right;
  const height = OVERLAP_HEIGHT - MARGIN.top - MARGIN.bottom;
  const last = sweepOffset + Math.max(history.length - 1, 0);
  const x = scaleLinear().domain([sweepOffset, Math.max(sweepOffset + 5, last)]).range([0, inner]);
  const y = scaleLinear().domain([-1, 1]).range([height, 0]);
  const panel = layer(svg, 'panel-overlap');
  drawAxes(panel, { left: MARGIN.left, top: MARGIN.top, width: inner, height }, x, y, {
    xLabel: axisLabel('Time', 'sweeps'),
    yLabel: 'Overlap m',
    xTicks: Math.min(Math.max(3, Math.floor(inner / 70)), Math.max(1, last - sweepOffset)),
    yTicks: 5,
  });
  drawLevel(panel, 'zero', 0, '', x, y);
  const times = history.map((_, k) => sweepOffset + k);
  const count = history[0]?.length ?? 0;
  const colouredSet = new Set(coloured);
  const grey = Array.from({ length: count }, (_, k) => k).filter((k) => !colouredSet.has(k)).slice(0, MAX_GREY);
  const pointsOf = (mu: number) => history.map((m, k) => [x(times[k]!), y(m[mu]!)] as const);
  layer(panel, 'others')
    .selectAll('path')
    .data(grey)
    .join('path')
    .attr('class', 'overlap-other')
    .attr('fill', 'none')
    .attr('d', (mu) => pointsOf(mu).map(([px, py], k) => `${k === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`).join(''));
  coloured.forEach((mu, slot) => {
    drawLine(panel, `m${slot}`, times, history.map((m) => m[mu]!), x, y, slot + 1);
  });
  // Remove colour slots no longer used (fewer patterns than before).
  for (let slot = coloured.length; slot < COLOURED; slot++) layer(panel, `series-m${slot}`).selectAll('path').remove();
  // A single point cannot make a path: show the start as dots so sweep 0 is visible.
  layer(panel, 'start-dots')
    .selectAll('circle')
    .data(history.length === 1 ? coloured.map((mu, slot) => ({ mu, slot })) : [])
    .join('circle')
    .attr('r', 3.5)
    .attr('cx', x(sweepOffset))
    .attr('cy', (d) => y(history[0]![d.mu]!))
    .style('fill', (d) => `var(--series-${d.slot + 1})`);
}
