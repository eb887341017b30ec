/**
 * What the gallery draws for v(t): the recorded samples plus, at each spike, a vertical stroke up to the
 * spike cut-off and down to the reset, as figure1.m draws VV = 30 at each spike. The recording never holds
 * the peak itself (v is reset the moment it reaches v_peak), so without these points a spike would show
 * as a small bump at whatever value the last sample had.
 *
 * The points go after every sample at or before the spike time: an accurate run's spike lies between two
 * samples, and a published run's spike is recorded at the start t_k of its step, whose sample holds the
 * voltage before the step (the reset value follows at t_k + τ).
 */
export function withSpikeStrokes(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  spikes: ArrayLike<number>,
  peak: number,
  reset: number,
): { t: Float64Array; v: Float64Array } {
  const n = Math.min(t.length, v.length);
  const outT = new Float64Array(n + 2 * spikes.length);
  const outV = new Float64Array(n + 2 * spikes.length);
  let j = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    outT[j] = t[i]!;
    outV[j++] = v[i]!;
    // Spikes are sorted. One before this sample (none in practice) is dropped so it cannot hold up the rest.
    while (s < spikes.length && spikes[s]! < t[i]!) s++;
    // Each spike goes in after the last sample at or before its time.
    while (s < spikes.length && spikes[s]! >= t[i]! && (i + 1 >= n || spikes[s]! < t[i + 1]!)) {
      outT[j] = spikes[s]!;
      outV[j++] = peak;
      outT[j] = spikes[s]!;
      outV[j++] = reset;
      s++;
    }
  }
  return { t: outT.subarray(0, j), v: outV.subarray(0, j) };
}
