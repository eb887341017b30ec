/**
 * The capacity experiment (engine/attractors/capacity.ts), the AGS theory (engine/attractors/ags.ts) and
 * its error function (engine/math/erf.ts), and the 'hopfieldCapacity' worker job.
 *
 * - The experiment's own output at N = 1000 against the reference statistics (test/reference/hopfield.json,
 *   NumPy, 10 seeds): the core's recall is tested in hopfield.test.ts; here the experiment function (seeding,
 *   cue, bookkeeping, mean and SD) is, and its sweep-by-sweep recall loop must equal the core's `recall`.
 * - AGS values against the reference (SciPy) to 1e-9 (they agree to 1e-15), α_c against 0.138 to 1e-3, and
 *   the solution put back into the three original equations.
 * - erf against high-precision values (mpmath, 30 digits) to 1e-15 relative.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agsCritical, agsCurve, agsG, agsOverlap, agsRetrieval } from '../../engine/attractors/ags.ts';
import { capacityParams, createCapacityExperiment, firstLoadBelow, runCapacity, summarise } from '../../engine/attractors/capacity.ts';
import { createHopfield, overlaps, recall } from '../../engine/attractors/hopfield.ts';
import { corrupt, patternOf, randomPatterns } from '../../engine/attractors/patterns.ts';
import { exp } from '../../engine/math/deterministic.ts';
import { erf } from '../../engine/math/erf.ts';
import { createRandom } from '../../engine/random/rng.ts';
import { createEngineClient, EngineError, isAbortError, type WorkerFactory } from '../../engine/worker/client.ts';
import { jobs } from '../../engine/worker/jobs.ts';
import { createJobHost, type FromWorker, type JobHostOptions } from '../../engine/worker/protocol.ts';

interface LoadRow {
  readonly alpha: number;
  readonly P: number;
  readonly sync_mean_m: number;
  readonly sync_std_m: number;
  readonly async_mean_m: number;
  readonly async_std_m: number;
  readonly sync_runs: readonly { end: string }[];
  readonly ags_replica_symmetric_T0_m?: number | null;
}
const reference = JSON.parse(readFileSync(new URL('../reference/hopfield.json', import.meta.url), 'utf8')) as {
  parameters: { N: number; cue_flip_fraction: number; seeds: number[] };
  results: { overlap_vs_load: LoadRow[] };
};
const rows = reference.results.overlap_vs_load;
const row = (alpha: number): LoadRow => rows.find((r) => r.alpha === alpha)!;

describe('erf (fdlibm port) against 30-digit values', () => {
  // mpmath.erf at 30 digits. fdlibm's erf is accurate to under 1 ulp; 1e-15 relative is about 4.5 ulp.
  it.each<[number, number]>([
    [1e-5, 1.128379167057899935e-5],
    [0.1, 0.1124629160182848922],
    [0.5, 0.52049987781304653768],
    [0.84, 0.76514271145499453466],
    [1, 0.84270079294971486934],
    [1.2, 0.91031397822963538024],
    [2, 0.99532226501895273416],
    [3, 0.99997790950300141456],
    [4, 0.99999998458274209972],
    [5.5, 0.99999999999999264215],
  ])('erf(%d)', (x, expected) => {
    expect(Math.abs(erf(x) - expected)).toBeLessThanOrEqual(1e-15 * expected);
    expect(erf(-x)).toBe(-erf(x));
  });
  it('special values and monotonicity', () => {
    expect(erf(0)).toBe(0);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(Number.NaN)).toBeNaN();
    fc.assert(
      fc.property(fc.double({ min: 0, max: 7, noNaN: true }), fc.double({ min: 0, max: 7, noNaN: true }), (a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(erf(lo)).toBeLessThanOrEqual(erf(hi));
      }),
      { seed: 5, numRuns: 2000 },
    );
  });
});

describe('AGS theory (T = 0, replica symmetric)', () => {
  const withTheory = rows.filter((r) => typeof r.ags_replica_symmetric_T0_m === 'number');
  it('has reference values to compare with', () => expect(withTheory.length).toBeGreaterThanOrEqual(3));
  it.each(withTheory)('m(α = $alpha) equals the reference', (r) => {
    // README: the reference solved the same equations to double precision; 1e-9 allows another root finder.
    expect(Math.abs(agsOverlap(r.alpha)! - r.ags_replica_symmetric_T0_m!)).toBeLessThanOrEqual(1e-9);
  });
  it.each(rows.filter((r) => r.ags_replica_symmetric_T0_m == null))('no retrieval state at α = $alpha (above α_c)', (r) => {
    expect(agsOverlap(r.alpha)).toBeUndefined();
  });
  it('α_c ≈ 0.138 (AGS 1985), with the overlap jumping from about 0.967', () => {
    const { alpha, overlap } = agsCritical();
    expect(Math.abs(alpha - 0.138)).toBeLessThanOrEqual(1e-3);
    expect(overlap).toBeCloseTo(0.9674, 4);
    expect(agsOverlap(alpha * (1 - 1e-9))).toBeCloseTo(overlap, 3);
    expect(agsOverlap(alpha * (1 + 1e-9))).toBeUndefined();
  });
  it('the solution satisfies the three original equations at every load below α_c', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-4, max: agsCritical().alpha * 0.9999, noNaN: true }), (alpha) => {
        const { overlap: m, c, r } = agsRetrieval(alpha)!;
        const q = 2 * alpha * r;
        // Each residual is a few roundings of quantities of order 1.
        expect(Math.abs(m - erf(m / Math.sqrt(q)))).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(c - Math.sqrt(2 / (Math.PI * alpha * r)) * exp((-m * m) / q))).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(r - 1 / ((1 - c) * (1 - c)))).toBeLessThanOrEqual(1e-12 * r);
      }),
      { seed: 3, numRuns: 300 },
    );
  });
  it('the retrieval overlap falls as the load rises, and g is largest at y*', () => {
    const curve = agsCurve(60);
    for (let k = 1; k < curve.length; k++) expect(curve[k]![1]).toBeLessThanOrEqual(curve[k - 1]![1]);
    const { y } = agsCritical();
    expect(agsG(y)).toBeGreaterThan(agsG(y * 0.99));
    expect(agsG(y)).toBeGreaterThan(agsG(y * 1.01));
    expect(agsOverlap(0)).toBe(1);
    expect(() => agsOverlap(-0.1)).toThrow(RangeError);
  });
});

describe('the experiment at N = 1000 reproduces the reference overlap against load', () => {
  const { N, cue_flip_fraction: flip, seeds } = reference.parameters;
  const loads = [0.1, 0.14, 0.2];
  const ourSeeds = 20;
  describe.each(['sync', 'async'] as const)('%s', (mode) => {
    const result = runCapacity({ loads, mode, params: { n: N, seeds: ourSeeds, cueFlip: flip, seed: 500 } });
    it.each(loads.map((load, k) => [load, k] as const))('P/N = %d', (load, k) => {
      const point = result.points[k]!;
      const r = row(load);
      expect(point.load).toBe(load);
      expect(point.patterns).toBe(r.P);
      expect(point.runs.map((run) => run.seed)).toEqual(Array.from({ length: ourSeeds }, (_, s) => 500 + s));
      const expected = mode === 'sync' ? r.sync_mean_m : r.async_mean_m;
      const refSd = mode === 'sync' ? r.sync_std_m : r.async_std_m;
      // The reference README's max(0.01, 3·SD/√10), taken as three standard errors of the difference of the
      // two means (our 20 seeds, its 10): near capacity single runs are bimodal and the 10-seed SD is rough.
      const standardError = Math.sqrt((refSd * refSd) / seeds.length + (point.sd * point.sd) / ourSeeds);
      expect(Math.abs(point.mean - expected)).toBeLessThanOrEqual(Math.max(0.01, 3 * standardError));
      // Mean and SD are those of the runs listed.
      const again = summarise(load, point.patterns, point.runs);
      expect(again.mean).toBe(point.mean);
      expect(again.sd).toBe(point.sd);
      // Asynchronous sign dynamics with symmetric weights always reaches a fixed point (the energy falls).
      if (mode === 'async') for (const run of point.runs) expect(run.end).toBe('fixed-point');
    });
    it('far below capacity every run retrieves; far above, none does', () => {
      expect(result.points[0]!.mean).toBeGreaterThan(0.99);
      expect(result.points[2]!.mean).toBeLessThan(0.6);
      // Near α_c single runs are bimodal, so the finite-N drop below 0.9 lands at 0.14 or 0.2.
      expect([0.14, 0.2]).toContain(firstLoadBelow(result.points));
    });
  });
  it('synchronous runs end in 2-cycles above capacity, as in the reference', () => {
    const result = runCapacity({ loads: [0.2], mode: 'sync', params: { n: N, seeds: ourSeeds, seed: 500 } });
    const cycles = result.points[0]!.runs.filter((run) => run.end === 'two-cycle').length;
    expect(row(0.2).sync_runs.filter((run) => run.end === '2-cycle').length).toBeGreaterThan(0);
    expect(cycles).toBeGreaterThan(0);
  });
});

describe('the experiment, run by run', () => {
  it('each run equals the core: patterns, cue, then recall from one seeded source', () => {
    for (const mode of ['sync', 'async'] as const) {
      const { points } = runCapacity({ loads: [0.13, 0.3], mode, params: { n: 300, seeds: 4, maxSteps: 30, seed: 7 } });
      for (const point of points) {
        for (const run of point.runs) {
          const random = createRandom(run.seed);
          const patterns = randomPatterns(300, point.patterns, random);
          const net = createHopfield(patterns, corrupt(patternOf(patterns, 0), 0.1, random));
          const { steps, end } = recall(net, mode, 30, random);
          expect(run).toEqual({ seed: run.seed, overlap: overlaps(net)[0], steps, end });
        }
      }
    }
  });
  it('a load run alone gives exactly its point in a longer list, however the sweeps are chunked', () => {
    const spec = { loads: [0.05, 0.15, 0.25], mode: 'async', params: { n: 200, seeds: 3 } } as const;
    const whole = runCapacity(spec);
    const alone = runCapacity({ ...spec, loads: [0.15] });
    expect(alone.points[0]).toEqual(whole.points[1]);
    const experiment = createCapacityExperiment(spec);
    let calls = 0;
    let done = 0;
    while (experiment.advance(1)) {
      calls++;
      expect(experiment.done()).toBeGreaterThanOrEqual(done);
      done = experiment.done();
      expect(experiment.points().length).toBe(Math.floor(done / 3));
    }
    expect(calls).toBeGreaterThan(9);
    expect(experiment.result()).toEqual(whole);
  });
  it('the cue has exactly the asked overlap 1 − 2·round(fN)/N, and cueFlip 0 retrieves at low load', () => {
    const { points } = runCapacity({ loads: [0.02], mode: 'sync', params: { n: 500, seeds: 3, cueFlip: 0 } });
    for (const run of points[0]!.runs) expect(run).toMatchObject({ overlap: 1, steps: 1, end: 'fixed-point' });
  });
  it('reports the step limit', () => {
    const { points } = runCapacity({ loads: [0.5], mode: 'async', params: { n: 200, seeds: 2, maxSteps: 1 } });
    for (const run of points[0]!.runs) expect(run).toMatchObject({ steps: 1, end: 'step-limit' });
  });
  it('firstLoadBelow finds the lowest load whose mean falls below the threshold, in any order', () => {
    const points = [{ load: 0.2, mean: 0.3 }, { load: 0.05, mean: 1 }, { load: 0.16, mean: 0.85 }, { load: 0.12, mean: 0.95 }];
    expect(firstLoadBelow(points)).toBe(0.16);
    expect(firstLoadBelow(points, 0.97)).toBe(0.12);
    expect(firstLoadBelow(points, 0.1)).toBeUndefined();
  });
  it('every registry default lies in its range', () => {
    for (const spec of capacityParams) {
      expect(spec.default).toBeGreaterThanOrEqual(spec.min);
      expect(spec.default).toBeLessThanOrEqual(spec.max);
    }
  });
});

const good = { loads: [0.05, 0.1], mode: 'sync', params: { n: 100, seeds: 2 } };
const badInputs: [string, unknown, RegExp][] = [
  ['not an object', 7, /needs an object/],
  ['no loads', { mode: 'sync' }, /loads must be a list of 1 to 60 numbers/],
  ['a load of 0', { ...good, loads: [0] }, /loads\[0\] = 0: a load P\/N must lie in \(0, 1\]/],
  ['a load above 1', { ...good, loads: [0.1, 1.5] }, /loads\[1\] = 1.5/],
  ['a load as text', { ...good, loads: ['0.1'] }, /loads\[0\] = "0.1"/],
  ['a load that stores nothing', { ...good, loads: [0.001] }, /stores no pattern in 100 units/],
  ['an unknown mode', { ...good, mode: 'glauber' }, /mode must be "sync" or "async", got "glauber"/],
  ['N too large', { ...good, params: { n: 1e6 } }, /n = 1000000 is outside the allowed range 20 to 3000/],
  ['N not whole', { ...good, params: { n: 100.5 } }, /n must be a whole number/],
  ['no seeds', { ...good, params: { seeds: 0 } }, /seeds = 0 is outside the allowed range 1 to 100/],
  ['too much corruption', { ...good, params: { cueFlip: 0.7 } }, /cueFlip = 0.7 is outside the allowed range 0 to 0.5/],
  ['an unknown parameter', { ...good, params: { beta: 2 } }, /Unknown parameter "beta"/],
  ['an unknown field', { ...good, colour: 'red' }, /Unknown field "colour"/],
];

describe('bad input is refused with a sentence', () => {
  it.each(badInputs)('%s', (_what, input, message) => {
    expect(() => createCapacityExperiment(input as never)).toThrow(message);
  });
});

describe("the 'hopfieldCapacity' job through the worker protocol", () => {
  function harness(options: JobHostOptions = {}) {
    const posted: FromWorker[] = [];
    const waiting = new Map<number, () => void>();
    const host = createJobHost(
      jobs,
      (message) => {
        posted.push(message);
        if (message.type !== 'progress') waiting.get(message.id)?.();
      },
      options,
    );
    const of = (id: number) => posted.filter((m) => m.id === id);
    const done = (id: number): Promise<FromWorker[]> =>
      of(id).some((m) => m.type !== 'progress') ? Promise.resolve(of(id)) : new Promise((resolve) => waiting.set(id, () => resolve(of(id))));
    return { host, done };
  }
  const request = { loads: [0.05, 0.12, 0.2], mode: 'async', params: { n: 300, seeds: 3 } } as const;

  it('gives exactly the direct result, with progress after every run', async () => {
    const { host, done } = harness();
    host.receive({ type: 'run', id: 1, job: 'hopfieldCapacity', params: request });
    const messages = await done(1);
    const final = messages[messages.length - 1]!;
    expect(final).toEqual({ type: 'result', id: 1, result: runCapacity(request) });
    const progress = messages.filter((m) => m.type === 'progress');
    expect(progress.map((m) => m.fraction)).toEqual(Array.from({ length: 9 }, (_, k) => (k + 1) / 9));
    expect(progress[0]).toMatchObject({ note: 'run 1 of 9, P/N = 0.05' });
    expect(progress[8]).toMatchObject({ note: 'run 9 of 9, P/N = 0.2' });
  });

  it('stops when cancelled, posting cancelled and no result', async () => {
    const { host, done } = harness({ sliceMs: 0 });
    host.receive({ type: 'run', id: 2, job: 'hopfieldCapacity', params: { ...request, params: { n: 1000, seeds: 10 } } });
    await new Promise((resolve) => setTimeout(resolve, 0));
    host.receive({ type: 'cancel', id: 2 });
    const messages = await done(2);
    expect(messages[messages.length - 1]).toEqual({ type: 'cancelled', id: 2 });
    expect(messages.filter((m) => m.type === 'result' || m.type === 'error')).toEqual([]);
    expect(messages.filter((m) => m.type === 'progress').length).toBeLessThan(30);
    expect(host.running()).toEqual([]);
  });

  it.each(badInputs)('answers %s with an error message', async (_what, params, message) => {
    const { host, done } = harness();
    host.receive({ type: 'run', id: 3, job: 'hopfieldCapacity', params });
    const messages = await done(3);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: 'error', id: 3, message: expect.stringMatching(message) });
  });

  it('through the page client: progress, abort and errors', async () => {
    const factory: WorkerFactory = (handlers) => {
      const host = createJobHost(jobs, (message) => setTimeout(() => handlers.message(structuredClone(message)), 0), { sliceMs: 0 });
      return { post: (message) => setTimeout(() => host.receive(structuredClone(message)), 0), terminate() {} };
    };
    const client = createEngineClient({ createWorker: factory });
    const fractions: number[] = [];
    const result = await client.run('hopfieldCapacity', { ...request, mode: 'sync' }, { onProgress: (f) => fractions.push(f) });
    expect(result).toEqual(runCapacity({ ...request, mode: 'sync' }));
    expect(fractions[fractions.length - 1]).toBe(1);
    const controller = new AbortController();
    const aborted = await client.run('hopfieldCapacity', request, { signal: controller.signal, onProgress: () => controller.abort() }).catch((e: unknown) => e);
    expect(isAbortError(aborted)).toBe(true);
    const error = await client.run('hopfieldCapacity', { ...request, loads: [2] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as Error).message).toMatch(/loads\[0\] = 2/);
  });
});
