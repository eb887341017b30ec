/**
 * The shortcuts that make a widget's redraw fit a frame (issue 8) must not change a single number. Each is
 * compared here, exactly (toBe / toEqual on doubles), with the plain computation it replaces:
 * - the stimulus remembers its last value (a sample's recorded input is the next step's first input);
 * - noise reuses the last stream of standard normal deviates when only its mean or intensity changes;
 * - spike edges are inserted by copying runs of samples in blocks;
 * - a continuous stimulus remembers its left limit too, so an RK4 step starts from the input its predecessor ended on;
 * - a widget records each run into the arrays of its last one (engine/run/trace-buffers.ts), spike edges included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adex,
  compileStimulus,
  createRandom,
  createTraceBuffers,
  DEFAULT_INPUT_SCALE,
  fitzhughNagumo,
  izhikevich,
  simulate,
  type SimulationResult,
  type SimulationSpec,
  type Stimulus,
} from '../../engine/index.ts';
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

  it('an RK4 run with a continuous drive (remembered at both ends of a step) equals one whose drive is not', () => {
    // A zero step over the whole run adds 0 to every value but has a left limit of its own, so that drive remembers
    // its value only, and evaluates the expression at all four stage times.
    const ramp = { kind: 'expression', expression: '0.30 + 0.08 * (1 - abs(t - 3000) / 3000)' } as const;
    const run = (stimulus: Stimulus) => simulate({ model: fitzhughNagumo, method: 'rk4', stimulus, duration: 6000 });
    const remembered = run([ramp]);
    const plain = run([ramp, { kind: 'step', amplitude: 0, start: 0, end: 6000 }]);
    expect(remembered.spikes.length).toBeGreaterThan(10);
    expect(remembered.spikes).toEqual(plain.spikes);
    expect(remembered.traces['v']).toEqual(plain.traces['v']);
    expect(remembered.input).toEqual(plain.input);
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

describe('trace buffers lent to successive runs', () => {
  const copy = (r: SimulationResult) => ({ t: Array.from(r.t), input: Array.from(r.input), spikes: Array.from(r.spikes), traces: Object.fromEntries(Object.entries(r.traces).map(([k, v]) => [k, Array.from(v)])) });
  const specs: [string, SimulationSpec][] = [
    ['Izhikevich, 1 s at dt = 0.01 ms', { model: izhikevich, stimulus: 10, duration: 1000 }],
    ['AdEx, shorter, fewer samples', { model: adex, stimulus: [{ kind: 'step', amplitude: 0.5, start: 10, end: 150 }], duration: 200, sampleEvery: 0.1 }],
    ['FitzHugh–Nagumo, longer than the first, one trace', { model: fitzhughNagumo, stimulus: 0.5, duration: 20000, record: ['w'] }],
    ['Izhikevich, adaptive', { model: izhikevich, stimulus: 10, duration: 300, method: 'adaptive', sampleEvery: 0.5 }],
  ];

  it('record each run exactly as fresh arrays do, in the arrays of the last run while they are long enough', () => {
    const buffers = createTraceBuffers();
    let last: Float64Array | undefined;
    for (const [what, spec] of specs) {
      const lent = simulate({ ...spec, buffers });
      expect(copy(lent), what).toEqual(copy(simulate(spec)));
      const needed = lent.t.length;
      if (last && last.length >= needed) expect(lent.t.buffer, `${what}: the last run's array`).toBe(last.buffer);
      else expect(lent.t.buffer, `${what}: a new, longer array`).not.toBe(last?.buffer);
      last = new Float64Array(lent.t.buffer);
    }
  });

  it('hold spike edges too, the same as in fresh arrays', () => {
    const buffers = createTraceBuffers();
    for (const [what, spec] of specs) {
      const run = simulate(spec);
      const v = run.traces['v'] ?? run.traces['w']!;
      const lent = withSpikeEdges(run.t, v, run.spikes, 30, -65, buffers);
      const fresh = withSpikeEdges(run.t, v, run.spikes, 30, -65);
      expect(Array.from(lent.t), what).toEqual(Array.from(fresh.t));
      expect(Array.from(lent.u), what).toEqual(Array.from(fresh.u));
    }
  });
});
