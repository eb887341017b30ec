/**
 * Between a pointer on the screen and a point of the plane. The SVG is drawn in its own viewBox units and
 * scaled by CSS to its box on the page, so a click is first mapped into viewBox units, then into the plot
 * area, then into data. Pure, so it is tested without a browser.
 */
import type { Box } from '../lib/plot.ts';

export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface PlaneFrame {
  /** The plot area inside the viewBox. */
  readonly box: Box;
  /** The viewBox's size. */
  readonly viewWidth: number;
  readonly viewHeight: number;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/** Data coordinates of a pointer at (clientX, clientY) over an SVG whose box on the page is `rect`; undefined outside the plot area. */
export function clientToPlane(clientX: number, clientY: number, rect: Rect, frame: PlaneFrame): { x: number; y: number } | undefined {
  if (!(rect.width > 0 && rect.height > 0)) return undefined;
  const px = ((clientX - rect.left) * frame.viewWidth) / rect.width - frame.box.left;
  const py = ((clientY - rect.top) * frame.viewHeight) / rect.height - frame.box.top;
  if (px < 0 || py < 0 || px > frame.box.width || py > frame.box.height) return undefined;
  const [x0, x1] = frame.x;
  const [y0, y1] = frame.y;
  return { x: x0 + (px / frame.box.width) * (x1 - x0), y: y1 - (py / frame.box.height) * (y1 - y0) };
}

/** The inverse: where a data point lies on the page (used by tests to click a chosen point). */
export function planeToClient(x: number, y: number, rect: Rect, frame: PlaneFrame): { clientX: number; clientY: number } {
  const [x0, x1] = frame.x;
  const [y0, y1] = frame.y;
  const px = frame.box.left + ((x - x0) / (x1 - x0)) * frame.box.width;
  const py = frame.box.top + ((y1 - y) / (y1 - y0)) * frame.box.height;
  return { clientX: rect.left + (px * rect.width) / frame.viewWidth, clientY: rect.top + (py * rect.height) / frame.viewHeight };
}

/** Rounds a clicked value to a precision that suits the axis (a hundredth of a 5-unit axis is 0.01…). */
export function roundToAxis(value: number, range: readonly [number, number]): number {
  const decimals = axisDecimals(range, 1000);
  return Number(value.toFixed(decimals));
}

/** Decimals that resolve 1/`parts` of the axis range. */
export function axisDecimals(range: readonly [number, number], parts = 200): number {
  const span = Math.abs(range[1] - range[0]);
  if (!(span > 0)) return 2;
  return Math.min(6, Math.max(0, Math.ceil(-Math.log10(span / parts) - 1e-9)));
}
