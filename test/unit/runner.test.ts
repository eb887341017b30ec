/**
 * The scenario runner as a program: the interface in docs/scenario.md, exercised through a real process
 * so its standard output, standard error and exit status are what a script sees.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lifIsi, lifTimeToThreshold, defaultValues, lif } from '../../engine/index.ts';
import { scenarioSchema } from '../../engine/scenario-schema.ts';

const root = new URL('../../', import.meta.url);
const tsx = new URL('node_modules/.bin/tsx', root).pathname;

function run(args: string[], stdin?: string) {
  const result = spawnSync(tsx, ['engine/cli/run.ts', ...args], { cwd: root.pathname, input: stdin, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run sim', () => {
  it('runs a minimal scenario from standard input with the documented output shape', () => {
    const { status, stdout, stderr } = run(['-'], JSON.stringify({ model: 'lif', stimulus: 2, duration: 50, sampleEvery: 1 }));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const output = JSON.parse(stdout) as { spikes: number[]; t: number[]; traces: Record<string, number[]>; diverged: unknown };
    expect(Object.keys(output).sort()).toEqual(['diverged', 'spikes', 't', 'traces']);
    expect(output.diverged).toBeNull();
    expect(output.t.length).toBe(51);
    expect(output.traces['u']!.length).toBe(51);
    // Default method (exact) and dt: spikes at the analytic times (engine tests hold them to 1e-9 ms).
    const p = defaultValues(lif.params);
    expect(output.spikes[0]).toBeCloseTo(lifTimeToThreshold(p, 2, p.uRest), 8);
    expect(output.spikes[1]! - output.spikes[0]!).toBeCloseTo(lifIsi(p, 2), 8);
  });

  it('runs the example file', () => {
    const { status, stdout } = run(['examples/lif-step.json']);
    expect(status).toBe(0);
    expect((JSON.parse(stdout) as { spikes: number[] }).spikes.length).toBe(4);
  });

  it('reports divergence with the time, the variable and the reason, and no NaN in the traces', () => {
    const { status, stdout } = run(['-'], JSON.stringify({ model: 'lif', stimulus: '1e300 * (t > 5)', duration: 20, params: { theta: -20 }, method: 'euler' }));
    expect(status).toBe(0);
    const output = JSON.parse(stdout) as { t: number[]; traces: { u: number[] }; diverged: { t: number; variable: string; reason: string } };
    expect(output.diverged).toMatchObject({ variable: 'u', reason: 'overflow' });
    expect(output.diverged.t).toBeGreaterThan(5);
    expect(output.t[output.t.length - 1]).toBeLessThanOrEqual(output.diverged.t);
    expect(output.traces.u.every(Number.isFinite)).toBe(true);
  });

  // Each bad scenario: one line on stderr naming the field, nothing on stdout, exit status 1.
  it.each<[string, unknown, RegExp]>([
    ['an unknown model', { model: 'hh9', stimulus: 1, duration: 10 }, /^invalid scenario: model: Unknown model "hh9"/],
    ['an unknown parameter', { model: 'lif', stimulus: 1, duration: 10, params: { tau: 1 } }, /tau: Unknown parameter "tau"/],
    ['a value outside its domain', { model: 'lif', stimulus: 1, duration: 10, params: { tauM: -5 } }, /tauM: tauM \(ms\) = -5 is outside/],
    ['a malformed expression', { model: 'lif', stimulus: '(t > 10', duration: 10 }, /stimulus\[0\]\.expression: .*column/],
    ['a missing duration', { model: 'lif', stimulus: 1 }, /duration: duration \(ms\) is required/],
    ['an unknown field', { model: 'lif', stimulus: 1, duration: 10, speed: 2 }, /speed: Unknown scenario field "speed"/],
    ['an unknown method', { model: 'lif', stimulus: 1, duration: 10, method: 'leapfrog' }, /method: Unknown method "leapfrog"/],
  ])('refuses %s', (_what, scenario, message) => {
    const { status, stdout, stderr } = run(['-'], JSON.stringify(scenario));
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('exits with status 2 for malformed JSON or no argument', () => {
    expect(run(['-'], '{ nope').status).toBe(2);
    expect(run([]).status).toBe(2);
  });
});

describe('docs/scenario.schema.json', () => {
  it('is generated from the registries and current (run `npm run schema` after changing a model)', () => {
    const committed = JSON.parse(readFileSync(new URL('docs/scenario.schema.json', root), 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioSchema())));
  });
});

describe('npm run sim with a network', () => {
  it('runs net.m and prints spike count, rates, wallMs and, when asked, the spike trains', () => {
    const { status, stdout, stderr } = run(['-'], JSON.stringify({ network: 'izhikevich-2003', duration: 300, seed: 1, method: 'published', Ne: 800, Ni: 200, record: ['spikes'] }));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const output = JSON.parse(stdout) as { spikeCount: number; rates: { exc: number; inh: number }; wallMs: number; warmupMs: number; spikeTrains: { t: number[]; i: number[] } };
    expect(Object.keys(output).sort()).toEqual(['rates', 'spikeCount', 'spikeTrains', 'wallMs', 'warmupMs']);
    expect(output.spikeTrains.t).toHaveLength(output.spikeCount);
    expect(output.spikeTrains.i).toHaveLength(output.spikeCount);
    // The onset transient of net.m (everyone starts at −65 mV) makes the first 300 ms a little faster than 7.6 Hz.
    expect(output.rates.exc).toBeGreaterThan(5);
    expect(output.rates.exc).toBeLessThan(12);
    expect(output.wallMs).toBeGreaterThan(0);
    const excSpikes = output.spikeTrains.i.filter((i) => i < 800).length;
    expect(output.rates.exc).toBeCloseTo(excSpikes / 800 / 0.3, 9);
  });

  it('runs the example network file, without spike trains unless asked', () => {
    const { status, stdout } = run(['examples/net-m.json']);
    expect(status).toBe(0);
    const output = JSON.parse(stdout) as Record<string, unknown>;
    expect(output).not.toHaveProperty('spikeTrains');
    expect(output['spikeCount']).toBeGreaterThan(5000);
  });

  it('runs the mean field with PyRates’ protocol by default and prints r(t) and v(t) (reference within 1e-6)', () => {
    const { status, stdout } = run(['-'], JSON.stringify({ network: 'izhikevich-mean-field', sampleEvery: 1 }));
    expect(status).toBe(0);
    const output = JSON.parse(stdout) as { t: number[]; r: number[]; v: number[]; diverged: unknown };
    expect(output.t).toHaveLength(1001);
    expect(output.diverged).toBeNull();
    const reference = JSON.parse(readFileSync(new URL('test/reference/ik_meanfield.json', root), 'utf8')) as { scenarios: { results: { mean_field: { r: number[]; v: number[] } } }[] };
    const { r, v } = reference.scenarios[0]!.results.mean_field;
    // RK4 at dt 0.01 is within 1e-10 of the converged reference (mean-field.test.ts); 1e-6 leaves room for printing.
    for (const k of [100, 399, 500, 999]) {
      expect(output.r[k]).toBeCloseTo(r[k * 10]!, 6);
      expect(output.v[k]).toBeCloseTo(v[k * 10]!, 6);
    }
  });

  it.each([
    [{ network: 'izhikevich-2003', duration: 100, seed: 1.5 }, 'seed'],
    [{ network: 'izhikevich-2003', duration: 100, Ne: 9000 }, 'Ne'],
    [{ network: 'izhikevich-2003', duration: 100, method: 'rk4', dt: 0.3 }, 'dt'],
    [{ network: 'izhikevich-2003', duration: 0 }, 'duration'],
    [{ network: 'izhikevich-2003', duration: 100, Ne: '800' }, 'Ne'],
    [{ network: 'izhikevich-2003', duration: 100, colour: 'red' }, 'colour'],
    [{ network: 'brunel-2000', duration: 100 }, 'network'],
    [{ network: 'izhikevich-mean-field', params: { g: 99 } }, 'g'],
    [{ network: 'izhikevich-mean-field', dt: 0.03 }, 'dt'],
    [{ network: 'izhikevich-mean-field', input: [{ tStart: 0 }] }, 'input'],
    [{ network: 'izhikevich-mean-field', dt: 0.0001, duration: 100000 }, 'steps'],
  ])('%j exits 1 with one line naming the problem (%s)', (scenario, name) => {
    const { status, stdout, stderr } = run(['-'], JSON.stringify(scenario));
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(name);
  });
});
