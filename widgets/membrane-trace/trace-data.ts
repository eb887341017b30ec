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
): { t: Float64Array; u: Float64Array } {
  const n = t.length;
  const outT = new Float64Array(n + 2 * spikes.length);
  const outU = new Float64Array(n + 2 * spikes.length);
  let j = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    // Spikes are sorted and lie within the grid, so each is inserted just before the first sample after it.
    while (s < spikes.length && spikes[s]! <= t[i]!) {
      outT[j] = spikes[s]!;
      outU[j++] = threshold;
      outT[j] = spikes[s]!;
      outU[j++] = reset;
      s++;
    }
    outT[j] = t[i]!;
    outU[j++] = u[i]!;
  }
  return { t: outT.subarray(0, j), u: outU.subarray(0, j) };
}
