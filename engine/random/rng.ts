/**
 * Seeded random numbers. The engine never uses the unseeded global generator: every random draw comes from a source made
 * here from an integer seed, so a figure, a test or a shared link reproduces bit for bit.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, as in PractRand), seeded
 * through splitmix32 so that nearby seeds give unrelated streams. Normal deviates use the Box–Muller
 * transform, keeping the second deviate of each pair.
 */
import { cos, log, sin } from '../math/deterministic.ts';

export interface RandomSource {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal (mean 0, variance 1). */
  normal(): number;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRandom(seed: number): RandomSource {
  if (!Number.isInteger(seed)) throw new RangeError(`A random seed must be an integer, got ${seed}.`);
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();

  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  // Warm up: sfc32's first outputs still carry the seed's structure.
  for (let i = 0; i < 12; i++) nextUint32();

  let spare = Number.NaN;
  const uniform = (): number => nextUint32() / 4294967296;
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const value = spare;
      spare = Number.NaN;
      return value;
    }
    // 1 - uniform() lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * sin(angle);
    return radius * cos(angle);
  };
  return { uniform, normal };
}

/**
 * Fills `order` with a uniformly random permutation of 0 … n−1 (Fisher–Yates, one uniform draw per position
 * from the end): the visiting order of one asynchronous sweep.
 */
export function randomPermutation(order: Int32Array, random: RandomSource): Int32Array {
  const n = order.length;
  for (let i = 0; i < n; i++) order[i] = i;
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(random.uniform() * (k + 1));
    const unit = order[j]!;
    order[j] = order[k]!;
    order[k] = unit;
  }
  return order;
}
