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
