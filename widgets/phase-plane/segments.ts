/**
 * A trajectory as it is drawn in the plane. Models without a reset give one unbroken path. With a reset
 * (AdEx) the state jumps at each spike from the cut-off to the reset line, so the path is cut there: each
 * piece runs from one reset to the next spike and ends on the cut-off (where u was when it fired), and each
 * jump is returned apart, to be drawn as a dashed arrow, so the student reads the run spike by spike.
 */
export interface Segment {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Sample index in the run where the piece starts. */
  readonly start: number;
}

export interface Jump {
  /** The spike time, ms. */
  readonly t: number;
  readonly from: readonly [number, number];
  readonly to: readonly [number, number];
  /** Index of the first sample after the reset. */
  readonly index: number;
}

/**
 * Cuts the sampled run (t, x, y) at each spike. A spike inside the sample interval (t[k-1], t[k]] resets
 * the state before t[k] is recorded, so the piece ends at sample k-1, extended to the cut-off `peak`, and the
 * next starts at sample k. Without `peak` (no reset) the run is one piece and there are no jumps.
 */
export function segmentAtResets(
  t: ArrayLike<number>,
  x: Float64Array,
  y: Float64Array,
  spikes: ArrayLike<number>,
  peak?: number,
): { segments: Segment[]; jumps: Jump[] } {
  // Views and block copies, not arrays filled element by element: a slider move re-cuts a run of 10,000 samples or more.
  const n = Math.min(t.length, x.length, y.length);
  if (peak === undefined || spikes.length === 0) return { segments: n > 0 ? [{ x: x.subarray(0, n), y: y.subarray(0, n), start: 0 }] : [], jumps: [] };
  const breaks: { k: number; t: number }[] = [];
  let k = 1;
  for (let s = 0; s < spikes.length; s++) {
    const time = spikes[s]!;
    while (k < n && t[k]! < time) k++;
    if (k >= n) break;
    if (breaks.length > 0 && breaks[breaks.length - 1]!.k === k) continue;
    breaks.push({ k, t: time });
  }
  /** Samples start … end − 1, then the point (peak, w) where the piece fired. */
  const piece = (values: Float64Array, start: number, end: number, last: number): Float64Array => {
    const out = new Float64Array(end - start + 1);
    out.set(values.subarray(start, end));
    out[end - start] = last;
    return out;
  };
  const segments: Segment[] = [];
  const jumps: Jump[] = [];
  let start = 0;
  for (const { k: at, t: time } of breaks) {
    const w = y[at - 1]!;
    segments.push({ x: piece(x, start, at, peak), y: piece(y, start, at, w), start });
    jumps.push({ t: time, from: [peak, w], to: [x[at]!, y[at]!], index: at });
    start = at;
  }
  segments.push({ x: x.subarray(start, n), y: y.subarray(start, n), start });
  return { segments, jumps };
}

/** The voltage against time with the cut-off and reset drawn at each spike (vertical edges, not slanted lines). */
export function withResetEdges(t: ArrayLike<number>, u: ArrayLike<number>, spikes: ArrayLike<number>, peak: number, reset: number): { t: number[]; u: number[] } {
  const outT: number[] = [];
  const outU: number[] = [];
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    while (s < spikes.length && spikes[s]! <= t[i]!) {
      outT.push(spikes[s]!, spikes[s]!);
      outU.push(peak, reset);
      s++;
    }
    outT.push(t[i]!);
    outU.push(u[i]!);
  }
  return { t: outT, u: outU };
}

/**
 * Drops points closer than `minStep` (in the units of the scales given) to the last one kept, so a long
 * run costs the browser a path of a few thousand vertices. The first and last points are always kept.
 * Only the first `count` points are read (all by default): the trajectory so far, while it plays.
 */
export function thin(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  sx: (v: number) => number,
  sy: (v: number) => number,
  count = Math.min(xs.length, ys.length),
  minStep = 0.75,
): [number, number][] {
  const out: [number, number][] = [];
  let lastX = Number.NaN;
  let lastY = Number.NaN;
  // Squared distances: Math.hypot guards against overflow that pixel coordinates never reach, at several times the cost.
  const minSquared = minStep * minStep;
  for (let i = 0; i < count; i++) {
    const px = sx(xs[i]!);
    const py = sy(ys[i]!);
    // A point is made only when kept: a run is thousands of samples, most of them dropped here.
    if (out.length === 0 || i === count - 1 || (px - lastX) ** 2 + (py - lastY) ** 2 >= minSquared) {
      out.push([px, py]);
      lastX = px;
      lastY = py;
    }
  }
  return out;
}
