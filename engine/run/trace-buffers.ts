/**
 * Arrays a caller lends to its successive runs for their traces. A widget re-simulates on every slider move, and
 * a second at dt = 0.01 ms records several arrays of 100 000 samples. Allocated afresh each time, they cost the
 * browser more than filling them: in Chromium on our 2-core test machine, allocating and filling four arrays of
 * 100 001 doubles took a median of 14–25 ms, filling the same four again 0.5–0.8 ms. Each run overwrites what the
 * previous one recorded, so only a caller that is done with the previous result may pass the same buffers again.
 */
export interface TraceBuffers {
  /** `count` arrays of at least `length` elements: the same arrays as the last time, unless they were too short. */
  take(count: number, length: number): Float64Array[];
}

export function createTraceBuffers(): TraceBuffers {
  const arrays: Float64Array[] = [];
  return {
    take(count, length) {
      for (let i = 0; i < count; i++) if (!(arrays[i] && arrays[i]!.length >= length)) arrays[i] = new Float64Array(length);
      return arrays.slice(0, count);
    },
  };
}

/** Fresh arrays every time: for callers that keep their results. */
export const freshArrays: TraceBuffers = {
  take: (count, length) => Array.from({ length: count }, () => new Float64Array(length)),
};
