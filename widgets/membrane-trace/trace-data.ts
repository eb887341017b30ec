import { freshArrays, type TraceBuffers } from '../../engine/run/trace-buffers.ts';

/**
 * What the trace plot draws: the recorded grid plus, at each spike, the point where u reached threshold
 * and the point where it was reset. The model's u does go to threshold at the located spike time and jump
 * to reset there; inserting both points shows that instead of a slanted line between two grid samples.
 */
export function withSpikeEdges(
  t: ArrayLike<number>,
  u: ArrayLike<number>,
  spikes: ArrayLike<number>,
  threshold: number,
  reset: number,
  buffers: TraceBuffers = freshArrays,
): { t: Float64Array; u: Float64Array } {
  const n = t.length;
  const [outT, outU] = buffers.take(2, n + 2 * spikes.length) as [Float64Array, Float64Array];
  // The runs of samples between spikes are copied in blocks (a 1 s run at dt = 0.01 ms is 100 000 samples).
  const time = t instanceof Float64Array ? t : Float64Array.from(t);
  const values = u instanceof Float64Array ? u : Float64Array.from(u);
  let j = 0;
  let from = 0;
  for (let s = 0; s < spikes.length; s++) {
    // Spikes are sorted and lie within the grid, so each is inserted just before the first sample at or after it.
    const spike = spikes[s]!;
    let lo = from;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (time[mid]! < spike) lo = mid + 1;
      else hi = mid;
    }
    if (lo === n) break; // after the last sample: nothing follows it to insert before
    outT.set(time.subarray(from, lo), j);
    outU.set(values.subarray(from, lo), j);
    j += lo - from;
    from = lo;
    outT[j] = spike;
    outU[j++] = threshold;
    outT[j] = spike;
    outU[j++] = reset;
  }
  outT.set(time.subarray(from), j);
  outU.set(values.subarray(from), j);
  j += n - from;
  return { t: outT.subarray(0, j), u: outU.subarray(0, j) };
}
