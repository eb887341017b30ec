import { describe, expect, it } from 'vitest';
import { compileStimulus, DEFAULT_INPUT_SCALE, getModel, resolveStimulus, simulate, stimulusParams, type Stimulus } from '../../engine/index.ts';

const options = { dt: 0.1, duration: 200 };
const compile = (stimulus: Stimulus) => compileStimulus(stimulus, DEFAULT_INPUT_SCALE, options);

describe('stimulus values', () => {
  // [what, stimulus, t, I(t), I(t⁻)]
  it.each<[string, Stimulus, number, number, number]>([
    ['constant anywhere', [{ kind: 'constant', amplitude: 1.5 }], 37.2, 1.5, 1.5],
    ['step before onset', [{ kind: 'step', amplitude: 2, start: 10, end: 50 }], 5, 0, 0],
    ['step at onset: on from the right, off from the left', [{ kind: 'step', amplitude: 2, start: 10, end: 50 }], 10, 2, 0],
    ['step inside', [{ kind: 'step', amplitude: 2, start: 10, end: 50 }], 30, 2, 2],
    ['step at offset: off from the right, on from the left', [{ kind: 'step', amplitude: 2, start: 10, end: 50 }], 50, 0, 2],
    ['pulse train, third pulse onset', [{ kind: 'pulseTrain', amplitude: 5, start: 10, width: 2, period: 20, count: 5 }], 50, 5, 0],
    ['pulse train, third pulse offset', [{ kind: 'pulseTrain', amplitude: 5, start: 10, width: 2, period: 20, count: 5 }], 52, 0, 5],
    ['pulse train, between pulses', [{ kind: 'pulseTrain', amplitude: 5, start: 10, width: 2, period: 20, count: 5 }], 61, 0, 0],
    ['pulse train, after the last pulse', [{ kind: 'pulseTrain', amplitude: 5, start: 10, width: 2, period: 20, count: 2 }], 50.5, 0, 0],
    ['ramp halfway', [{ kind: 'ramp', from: 0, to: 4, start: 10, end: 90 }], 50, 2, 2],
    ['ramp end: falls to zero', [{ kind: 'ramp', from: 0, to: 4, start: 10, end: 90 }], 90, 0, 4],
    ['sine quarter period at 10 Hz', [{ kind: 'sine', amplitude: 3, frequency: 10 }], 25, 3, 3],
    ['sum of a constant and a step', [{ kind: 'constant', amplitude: 1 }, { kind: 'step', amplitude: 2, start: 10, end: 50 }], 20, 3, 3],
  ])('%s', (_what, stimulus, t, right, left) => {
    const drive = compile(stimulus);
    expect(drive.at(t)).toBeCloseTo(right, 12);
    expect(drive.before(t)).toBeCloseTo(left, 12);
  });

  it('sums several components bit for bit as each alone gives it, at the value and at both limits', () => {
    // The cheap kinds (constant, step, ramp) are summed in one loop from a table, the others through their own
    // functions: the order and the arithmetic must be those of adding each component's own value, edges included.
    const components: Stimulus = [
      { kind: 'constant', amplitude: 0.3 },
      { kind: 'ramp', from: 0, to: 0.08, start: 0, end: 90 },
      { kind: 'ramp', from: 0.08, to: -0.05, start: 90, end: 170 },
      { kind: 'step', amplitude: -1.7, start: 12.5, end: 60.3 },
      { kind: 'noise', mean: 0.1, sigma: 0.7, seed: 4 },
      { kind: 'sine', amplitude: 0.9, frequency: 30 },
      { kind: 'pulseTrain', amplitude: 2, start: 5, width: 1.5, period: 20, count: 6 },
      { kind: 'constant', amplitude: -0.3 },
    ];
    const times = [0, 5, 12.5, 33.3, 60.3, 90, 107.7, 170, 199.9, ...Array.from({ length: 400 }, (_, k) => k * 0.5 + 0.05)];
    const limits = ['at', 'before', 'after'] as const;
    // Every run of consecutive components, so that each kind meets each other as a neighbour in the sum.
    for (let first = 0; first < components.length; first++) {
      for (let last = first + 1; last < components.length; last++) {
        const parts = components.slice(first, last + 1);
        const drive = compile(parts);
        const alone = parts.map((part) => compile([part]));
        for (const limit of limits) {
          const summed = times.map((t) => drive[limit](t));
          const expected = times.map((t) => alone.reduce((total, one) => total + one[limit](t), 0));
          expect(summed, `${limit}, components ${first}–${last}`).toEqual(expected);
        }
      }
    }
  });

  it('lists every edge as a break, in order', () => {
    const drive = compile([{ kind: 'step', amplitude: 1, start: 10, end: 50 }, { kind: 'pulseTrain', amplitude: 1, start: 5, width: 1, period: 30, count: 3 }]);
    const breaks: number[] = [];
    for (let t = 0; Number.isFinite(t); t = drive.nextBreak(t)) if (t > 0) breaks.push(t);
    expect(breaks).toEqual([5, 6, 10, 35, 36, 50, 65, 66]);
  });
});

describe('Gaussian white noise', () => {
  const noise = (seed: number, dt = 0.1) =>
    compileStimulus([{ kind: 'noise', mean: 0.5, sigma: 2, seed }], DEFAULT_INPUT_SCALE, { dt, duration: 10_000 });
  const samples = (seed: number, dt = 0.1) => {
    const drive = noise(seed, dt);
    return Array.from({ length: 100_000 }, (_, k) => drive.at(k * dt));
  };

  it('has its intensity in the input unit times √ms, or in √ms for a dimensionless input', () => {
    const sigmaUnit = (model: string) => stimulusParams('noise', getModel(model)!.input).find((p) => p.name === 'sigma')!.unit;
    expect(sigmaUnit('lif')).toBe('nA·√ms');
    expect(sigmaUnit('fitzhugh-nagumo')).toBe('√ms');
    expect(sigmaUnit('izhikevich')).toBe('√ms');
  });

  it('is reproducible from its seed and differs between seeds', () => {
    expect(samples(7)).toEqual(samples(7));
    expect(samples(7)).not.toEqual(samples(8));
  });

  it('has the stated mean and a standard deviation of sigma/sqrt(dt) per step', () => {
    for (const dt of [0.1, 0.01]) {
      const x = samples(3, dt);
      const mean = x.reduce((a, b) => a + b, 0) / x.length;
      const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1));
      const expectedSd = 2 / Math.sqrt(dt);
      // Five standard errors: the standard error of the mean is sd/√n, of the SD about sd/√(2n).
      expect(Math.abs(mean - 0.5)).toBeLessThan((5 * expectedSd) / Math.sqrt(x.length));
      expect(Math.abs(sd - expectedSd)).toBeLessThan((5 * expectedSd) / Math.sqrt(2 * x.length));
    }
  });

  it('holds each sample over its step: the left limit at a grid point is the previous sample', () => {
    const drive = noise(11);
    expect(drive.at(0.55)).toBe(drive.at(0.5));
    expect(drive.before(0.6)).toBe(drive.at(0.5));
    expect(drive.at(0.6)).not.toBe(drive.at(0.5));
  });

  it('without intensity is its mean, and a zero one leaves a neuron exactly as without it', () => {
    const still = compile([{ kind: 'noise', mean: 0.25, sigma: 0, seed: 3 }]);
    for (const t of [0, 0.05, 17.3, 200]) expect([still.at(t), still.before(t), still.after(t)]).toEqual([0.25, 0.25, 0.25]);
    // Lesson 06's ramp with its noise slider at 0 (the noise then drops out of the sum of components).
    const ramp = { kind: 'expression', expression: '0.30 + 0.08 * (1 - abs(t - 3000) / 3000)' } as const;
    const model = getModel('fitzhugh-nagumo')!;
    const plain = simulate({ model, stimulus: [ramp], duration: 3000, sampleEvery: 1 });
    const withZeroNoise = simulate({ model, stimulus: [ramp, { kind: 'noise', mean: 0, sigma: 0, seed: 1 }], duration: 3000, sampleEvery: 1 });
    expect(withZeroNoise.traces).toEqual(plain.traces);
    expect(withZeroNoise.spikes).toEqual(plain.spikes);
    expect(plain.spikes.length).toBeGreaterThan(5);
  });
});

describe('stimulus validation', () => {
  it.each<[string, unknown[], RegExp]>([
    ['an unknown kind', [{ kind: 'square' }], /must have a kind/],
    ['a step that ends before it starts', [{ kind: 'step', start: 50, end: 10 }], /end time must come after/],
    ['a pulse longer than its period', [{ kind: 'pulseTrain', width: 30, period: 20 }], /no longer than the period/],
    ['an amplitude out of range', [{ kind: 'constant', amplitude: 1e6 }], /outside the allowed range/],
    ['a value that is not a number', [{ kind: 'constant', amplitude: 'x' }], /finite number/],
    ['a misspelt parameter', [{ kind: 'step', amplitud: 2 }], /Unknown parameter "amplitud"/],
  ])('rejects %s with a clear message', (_what, stimulus, message) => {
    const { problems } = resolveStimulus(stimulus, DEFAULT_INPUT_SCALE);
    expect(problems.map((p) => p.message).join(' ')).toMatch(message);
  });
});
