/**
 * The shortcuts that make a widget's redraw fit a frame (issue 8) must not change a single number. Each is
 * compared here, exactly (toBe / toEqual on doubles), with the plain computation it replaces:
 * - the stimulus remembers its last value (a sample's recorded input is the next step's first input);
 * - noise reuses the last stream of standard normal deviates when only its mean or intensity changes;
 * - spike edges are inserted by copying runs of samples in blocks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileStimulus, createRandom, DEFAULT_INPUT_SCALE, type Stimulus } from '../../engine/index.ts';
import { withSpikeEdges } from '../../widgets/membrane-trace/trace-data.ts';
import { withResetEdges } from '../../widgets/phase-plane/segments.ts';

const options = { dt: 0.1, duration: 200 };
const compile = (stimulus: Stimulus) => compileStimulus(stimulus, DEFAULT_INPUT_SCALE, options);

describe('a stimulus that remembers its last value', () => {
  // Each has a component costly enough to be remembered; the times repeat, interleave and include 0.
  it.each<[string, Stimulus]>([
    ['an expression without jumps', [{ kind: 'expression', expression: '0.30 + 0.08 * (1 - abs(t - 100) / 100)' }]],
    ['an expression and noise (the FitzHugh–Nagumo ramp)', [{ kind: 'expression', expression: '0.3 + t / 1000' }, { kind: 'noise', sigma: 0.5, seed: 3 }]],
    ['a sine', [{ kind: 'sine', amplitude: 2, frequency: 40 }]],
    ['a pulse train and a constant', [{ kind: 'pulseTrain', amplitude: 5, start: 10, width: 2, period: 20, count: 5 }, { kind: 'constant', amplitude: 1 }]],
  ])('%s: the same values in any order of calls as a fresh drive', (_what, stimulus) => {
    const times = fc.sample(fc.oneof(fc.double({ min: 0, max: 200, noNaN: true }), fc.constantFrom(0, 10, 12, 100, 150.05)), { seed: 7, numRuns: 300 });
    const drive = compile(stimulus);
    for (const [i, t] of times.entries()) {
      const fresh = compile(stimulus);
      const read = i % 3 === 0 ? 'at' : i % 3 === 1 ? 'after' : 'before';
      expect(drive[read](t)).toBe(fresh[read](t));
      expect(drive.at(t)).toBe(fresh.at(t));
    }
  });

  it('tells 0 from -0 when the expression does', () => {
    const drive = compile([{ kind: 'expression', expression: '1 / t' }]);
    expect(drive.at(0)).toBe(Infinity);
    expect(drive.at(-0)).toBe(-Infinity);
    expect(drive.after(0)).toBe(Infinity);
  });
});

describe('noise reuses the last stream of deviates', () => {
  const noise = (seed: number, sigma: number, duration: number) =>
    compileStimulus([{ kind: 'noise', mean: 0.25, sigma, seed }], DEFAULT_INPUT_SCALE, { dt: 0.1, duration });

  it('gives mean + σ/√dt times the stream, whatever was compiled before (longer, shorter, another seed)', () => {
    const expected = (seed: number, sigma: number, steps: number) => {
      const random = createRandom(seed);
      return Array.from({ length: steps }, () => 0.25 + (sigma / Math.sqrt(0.1)) * random.normal());
    };
    const sampled = (seed: number, sigma: number, duration: number) => {
      const drive = noise(seed, sigma, duration);
      return Array.from({ length: duration * 10 + 1 }, (_, k) => drive.at(k * 0.1));
    };
    expect(sampled(1, 2, 100)).toEqual(expected(1, 2, 1001));
    expect(sampled(1, 0.5, 50)).toEqual(expected(1, 0.5, 501));
    expect(sampled(2, 0.5, 50)).toEqual(expected(2, 0.5, 501));
    expect(sampled(1, 3, 200)).toEqual(expected(1, 3, 2001));
  });
});

describe('spike edges', () => {
  // The plain insertion, sample by sample, that the block copy replaces: the phase plane's version of it.
  const reference = withResetEdges;

  it('inserts threshold and reset points exactly where the sample-by-sample insertion does', () => {
    const grid = fc.integer({ min: 1, max: 60 }).chain((n) =>
      fc.tuple(
        fc.constant(Array.from({ length: n }, (_, i) => i * 0.5)),
        fc.array(fc.double({ min: -80, max: 40, noNaN: true }), { minLength: n, maxLength: n }),
        // Spikes anywhere, on grid points, and past the last sample (which are left out).
        fc.array(fc.oneof(fc.double({ min: 0, max: n * 0.5 + 1, noNaN: true }), fc.integer({ min: 0, max: 2 * n }).map((k) => k * 0.5)), { maxLength: 8 }).map((s) => s.sort((a, b) => a - b)),
      ),
    );
    fc.assert(
      fc.property(grid, ([t, u, spikes]) => {
        const fast = withSpikeEdges(Float64Array.from(t), Float64Array.from(u), Float64Array.from(spikes), -50, -70);
        const plain = reference(t, u, spikes, -50, -70);
        expect(Array.from(fast.t)).toEqual(plain.t);
        expect(Array.from(fast.u)).toEqual(plain.u);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
