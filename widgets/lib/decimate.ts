// The arrays every result is a view of (see below).
let reusedX = new Float64Array(0);
let reusedY = new Float64Array(0);

/**
 * Min–max decimation: keeps, for each of `buckets` equal slices of the series, its first point and its
 * extremes in time order. A trace of 100 000 points drawn on 700 pixels then looks identical (every peak
 * and spike survives) but costs the browser a few thousand path vertices.
 *
 * The result is two views of arrays that the next call reuses: a line is decimated, printed as a path and dropped, on
 * every slider move, and fresh arrays each time were garbage for the collector. Copy the result to keep it.
 */
export function decimate(xs: ArrayLike<number>, ys: ArrayLike<number>, buckets: number): { x: Float64Array; y: Float64Array } {
  const n = Math.min(xs.length, ys.length);
  const copy = n <= buckets * 4;
  const capacity = copy ? n : 3 * buckets + 1;
  if (reusedX.length < capacity) [reusedX, reusedY] = [new Float64Array(capacity), new Float64Array(capacity)];
  const x = reusedX;
  const y = reusedY;
  if (copy) {
    for (let i = 0; i < n; i++) {
      x[i] = xs[i]!;
      y[i] = ys[i]!;
    }
    return { x: x.subarray(0, n), y: y.subarray(0, n) };
  }
  let count = 0;
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(n, Math.floor((b + 1) * size));
    let lo = start;
    let hi = start;
    for (let i = start; i < end; i++) {
      if (ys[i]! < ys[lo]!) lo = i;
      if (ys[i]! > ys[hi]!) hi = i;
    }
    // The first point, then the extremes in time order, each once (both extremes lie at or after the first).
    const early = Math.min(lo, hi);
    const late = Math.max(lo, hi);
    x[count] = xs[start]!;
    y[count++] = ys[start]!;
    if (early !== start) {
      x[count] = xs[early]!;
      y[count++] = ys[early]!;
    }
    if (late !== early) {
      x[count] = xs[late]!;
      y[count++] = ys[late]!;
    }
  }
  x[count] = xs[n - 1]!;
  y[count++] = ys[n - 1]!;
  return { x: x.subarray(0, count), y: y.subarray(0, count) };
}
