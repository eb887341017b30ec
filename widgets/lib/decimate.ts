/**
 * Min–max decimation: keeps, for each of `buckets` equal slices of the series, its first point and its
 * extremes in time order. A trace of 100 000 points drawn on 700 pixels then looks identical (every peak
 * and spike survives) but costs the browser a few thousand path vertices.
 */
export function decimate(xs: ArrayLike<number>, ys: ArrayLike<number>, buckets: number): { x: number[]; y: number[] } {
  const n = Math.min(xs.length, ys.length);
  if (n <= buckets * 4) return { x: Array.from({ length: n }, (_, i) => xs[i]!), y: Array.from({ length: n }, (_, i) => ys[i]!) };
  const x: number[] = [];
  const y: number[] = [];
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
    x.push(xs[start]!);
    y.push(ys[start]!);
    if (early !== start) {
      x.push(xs[early]!);
      y.push(ys[early]!);
    }
    if (late !== early) {
      x.push(xs[late]!);
      y.push(ys[late]!);
    }
  }
  x.push(xs[n - 1]!);
  y.push(ys[n - 1]!);
  return { x, y };
}
