/**
 * Engine benchmark: `npm run bench`. For every model, 1 s of simulated time at its default method and
 * time step under a current that makes it fire (the widget case: the target is one animation frame,
 * 16 ms), then every applicable method at that dt as steps per second; then the f–I curve a widget
 * computes; then the learning-and-memory modules; then networks (net.m against NumPy and Brian2). Medians of repeated runs after a warm-up; compare runs on the same machine only.
 */
import { createTraceBuffers, fixedPoints, methods, models, morrisLecarPresets, nullclines, resolveParams, simulate, simulatedFiCurve, linspace, lif, validateSpec, vectorField, type MethodId, type NeuronModel, type PlaneBox } from '../engine/index.ts';
import { createRandom } from '../engine/random/rng.ts';
import { createHopfield, recall, setState, step } from '../engine/attractors/hopfield.ts';
import { corrupt, patternOf, randomPatterns } from '../engine/attractors/patterns.ts';
import { weightHistogram } from '../engine/attractors/weight-stats.ts';
import { runCapacity } from '../engine/attractors/capacity.ts';
import { runTemperatureScan } from '../engine/attractors/stochastic.ts';
import { sparseRecall } from '../engine/attractors/low-activity.ts';
import { createRule } from '../engine/plasticity/rate-rules.ts';
import { bumpSource, cloudSource } from '../engine/plasticity/inputs.ts';
import { learn } from '../engine/plasticity/learn.ts';
import { simulateBcmAveraged, simulateBcmOnline } from '../engine/plasticity/bcm.ts';
import { discriminationTask, simulateReward } from '../engine/plasticity/reward.ts';
import { applyStdp } from '../engine/plasticity/stdp.ts';
import { poissonTrains } from '../engine/stimuli/spike-trains.ts';
import { readFileSync } from 'node:fs';
import { createIzhikevich2003, runIzhikevich2003, type Izhikevich2003Spec } from '../engine/network/izhikevich-2003.ts';
import { warmUp } from '../engine/network/scenario.ts';
import { ikProtocol, simulateIkMeanField } from '../engine/mean-field/izhikevich-mean-field.ts';
import { simulateLorentzianNetwork } from '../engine/mean-field/lorentzian-network.ts';

/** A drive that makes each model fire repetitively, in its own input unit. */
const firingInput: Record<string, number> = {
  lif: 2,
  'lif-synaptic': 0,
  qif: 2,
  eif: 2,
  adex: 500,
  hh: 1,
  'morris-lecar': 100,
  'fitzhugh-nagumo': 0.5,
  izhikevich: 10,
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(repeats: number, run: () => void): number {
  for (let i = 0; i < 3; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

function applicable(model: NeuronModel, method: MethodId): boolean {
  return validateSpec({ model, method, duration: 1 }).problems.length === 0;
}

const rows: string[][] = [['model', 'method', 'dt (ms)', '1 s simulated', 'steps/s', 'spikes', 'stopped']];
for (const model of Object.values(models)) {
  const stimulus = firingInput[model.id] ?? 0;
  const dt = model.defaultDt;
  const ordered = [model.defaultMethod as MethodId, ...(Object.keys(methods) as MethodId[]).filter((m) => m !== model.defaultMethod)];
  for (const method of ordered) {
    if (!applicable(model, method)) continue;
    let spikes = 0;
    let stopped = '';
    const ms = time(15, () => {
      // The runner's defaults: one sample every dt (for the adaptive method dt is its first step).
      const result = simulate({ model, stimulus, method, dt, duration: 1000 });
      spikes = result.spikes.length;
      stopped = result.divergence ? `${result.divergence.reason} at ${result.divergence.t.toFixed(1)} ms` : '';
    });
    const steps = method === 'adaptive' ? '(adaptive)' : `${((1000 / dt / ms) * 1000 / 1e6).toFixed(1)} M`;
    rows.push([model.id, method === model.defaultMethod ? `${method} (default)` : method, String(dt), `${ms.toFixed(2)} ms`, steps, String(spikes), stopped]);
  }
}

{
  const currents = linspace(0, 5, 26);
  const ms = time(5, () => simulatedFiCurve(lif, currents, { dt: 0.1, duration: 1000 }));
  rows.push(['lif f–I widget', 'exact', '0.1', `${ms.toFixed(1)} ms (26 runs)`, `${((26 * 10_000) / ms * 1000 / 1e6).toFixed(1)} M`, '', '']);
}

{
  // Lesson 06's slow ramp (fhn-ramp) with its noise slider at 0: a stimulus expression sampled twice a step (at the
  // step's midpoint and end; the end is the next step's start). Each run records into the arrays of the last, as in
  // the widget (in Node, allocating them afresh measured the same; in Chromium it cost the widget milliseconds).
  const stimulus = [{ kind: 'expression' as const, expression: '0.30 + 0.08 * (1 - abs(t - 3000) / 3000)' }, { kind: 'noise' as const, mean: 0, sigma: 0, seed: 1 }];
  const model = models['fitzhugh-nagumo'] as NeuronModel;
  const buffers = createTraceBuffers();
  let spikes = 0;
  const ms = time(9, () => (spikes = simulate({ model, stimulus, duration: 6000, buffers }).spikes.length));
  rows.push(['fhn-ramp widget, 6 s', 'rk4', String(model.defaultDt), `${ms.toFixed(1)} ms`, `${((6000 / model.defaultDt / ms) * 1000 / 1e6).toFixed(1)} M`, String(spikes), '']);
}

function printTable(table: string[][]): void {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(line(table[0]!));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table.slice(1)) console.log(line(row));
}
printTable(rows);

// Phase planes: what a plane widget computes on every slider move besides the trajectory (lesson 06's and 03's windows).
{
  const planes: string[][] = [['phase plane', 'input', 'vector field 20×14', 'nullclines 100×100', 'fixed points']];
  const cases: [string, NeuronModel, Record<string, number>, PlaneBox, number[]][] = [
    ['FitzHugh–Nagumo', models['fitzhugh-nagumo'] as NeuronModel, {}, { x: { min: -2.5, max: 2.5 }, y: { min: -1, max: 2.5 } }, [0, 0.75, 1.5]],
    ['Morris–Lecar, type I', models['morris-lecar'] as NeuronModel, { ...morrisLecarPresets.typeI }, { x: { min: -70, max: 50 }, y: { min: -0.05, max: 0.6 } }, [0, 40, 100]],
  ];
  for (const [name, model, overrides, box, currents] of cases) {
    const params = resolveParams(model.params, overrides).values;
    for (const input of currents) {
      const ms = (call: () => void) => `${time(15, call).toFixed(2)} ms`;
      planes.push([name, String(input), ms(() => vectorField(model, params, input, box, 20, 14)), ms(() => nullclines(model, params, input, box, 100, 100)), ms(() => fixedPoints(model, params, input, box))]);
    }
  }
  console.log('');
  printTable(planes);
}

// Learning rules: what a widget or an exercise runs.
{
  const learning: string[][] = [['learning', 'run', 'time']];
  const entry = (what: string, run: string, repeats: number, call: () => void) => learning.push([what, run, `${time(repeats, call).toFixed(2)} ms`]);
  const elongated = cloudSource({ sd2: 1 / 3, angle: 30 }, 1);
  entry('Oja, 2-D cloud', '100,000 samples', 5, () => learn({ rule: createRule('oja', { params: { eta: 0.005 } }), input: elongated, w0: [0.3, -0.2], samples: 100_000, recordEvery: 100 }));
  const bumps = bumpSource({ n: 40 }, 1);
  entry('covariance rule, 40 ring inputs, bounded', '5,000 samples', 5, () =>
    learn({ rule: createRule('covariance', { params: { eta: 0.002, tauMean: 1000 }, bounds: { kind: 'hard', wMin: 0, wMax: 1 } }), input: bumps, w0: new Float64Array(40).fill(0.5), samples: 5_000, recordEvery: 5_000 }),
  );
  const overlapping = { patterns: [[1, 0.3], [0.3, 1]], w0: [0.6, 0.5], duration: 4000 };
  entry('BCM, averaged ODE (RK4, dt 0.1)', '4,000 time units', 15, () => simulateBcmAveraged(overlapping));
  entry('BCM, online (Euler, dt 0.1)', '4,000 time units', 15, () => simulateBcmOnline({ ...overlapping, seed: 1 }));
  entry('BCM, online (Euler, dt 1)', '400,000 time units', 5, () => simulateBcmOnline({ ...overlapping, params: { dt: 1 }, duration: 400_000, seed: 1 }));
  entry('reward (node perturbation + trace)', '5,000 trials', 15, () => simulateReward({ ...discriminationTask, trials: 5000, seed: 1 }));
  const [pre, post] = poissonTrains(2, { rate: 20, start: 0, end: 100_000 }, 1);
  entry('STDP, all-to-all traces', '100 s of two 20 Hz trains', 15, () => applyStdp(pre!, post!, 0.5));
  console.log('');
  printTable(learning);
}

// Learning and memory: one sweep of a Hopfield network of N = 2,500 (every unit updated once), the widget's
// unit of animation, at a few loads; and a recall from a cue with 10 % of the units flipped.
{
  const memory: string[][] = [['network', 'update', 'P', 'one sweep', 'recall (sweeps)']];
  const n = 2500;
  for (const count of [10, 125, 345]) {
    const random = createRandom(7);
    const patterns = randomPatterns(n, count, random);
    const cue = corrupt(patternOf(patterns, 0), 0.1, random);
    const net = createHopfield(patterns, cue);
    for (const [label, options] of [
      ['sync', { mode: 'sync' }],
      ['async', { mode: 'async', random }],
      ['async, β = 2', { mode: 'async', beta: 2, random }],
    ] as const) {
      const sweep = time(30, () => step(net, options));
      let sweeps = 0;
      const recallMs = time(10, () => {
        setState(net, cue);
        sweeps = recall(net, options.mode, 100, random).steps;
      });
      const recallCell = label.includes('β') ? '' : `${recallMs.toFixed(2)} ms (${sweeps})`;
      memory.push([`Hopfield N = ${n}`, label, String(count), `${sweep.toFixed(2)} ms`, recallCell]);
    }
  }
  const random = createRandom(3);
  const histogramSet = randomPatterns(900, 20, random);
  memory.push(['weight histogram N = 900', 'exact count', '20', `${time(15, () => weightHistogram(histogramSet)).toFixed(2)} ms`, '']);
  const capacity = time(3, () => runCapacity({ loads: [0.12], mode: 'async', params: { n: 1000, seeds: 2 } }));
  memory.push(['capacity experiment N = 1000', 'async, 2 seeds', '120', '', `${capacity.toFixed(1)} ms (both runs)`]);
  const scan = time(3, () => runTemperatureScan({ params: { n: 1000, patterns: 3, sweeps: 200, burnIn: 50, runs: 1 }, betas: [1.5], seed: 1 }));
  memory.push(['Glauber scan N = 1000', 'async, β = 1.5', '3', `${(scan / 250).toFixed(2)} ms`, `${scan.toFixed(1)} ms (250 sweeps)`]);
  const sparse = time(5, () => sparseRecall({ n: 1000, patterns: 200, activity: 0.1, seed: 1 }));
  memory.push(['low activity N = 1000, a = 0.1', 'async recall', '200', '', `${sparse.toFixed(2)} ms`]);
  console.log('');
  printTable(memory);
}

// Populations: net.m (Izhikevich 2003), 1000 neurons for 1000 ms, timed as the runner's wallMs (building the
// network, all random draws and every step). The first run in this process shows what V8's compiler costs;
// the runner warms up first (engine/network/scenario.ts), as do the other rows here. The reference rows are
// from test/reference/izh2003_network.json, measured on the same machine kind (2 cores).
{
  const wall = (spec: Izhikevich2003Spec, ms: number) => runIzhikevich2003(spec, ms).wallMs;
  const cold = wall({ seed: 100 }, 1000);
  warmUp({ seed: 1 });
  const warm = Array.from({ length: 7 }, (_, k) => wall({ seed: k }, 1000));
  const reference = JSON.parse(readFileSync(new URL('../test/reference/izh2003_network.json', import.meta.url), 'utf8')) as {
    timings: {
      numpy_plain_1000ms_s: { median: number };
      brian2_numpy_target: { runs: { run_s: number; total_s: number }[] };
      brian2_cython_target_warm_cache: { runs: { run_s: number; total_s: number }[] };
    };
  };
  const t = reference.timings;
  const rows: string[][] = [['network, 1000 ms', 'numerics', 'time', 'note']];
  rows.push(['net.m, Membrane', 'published (1 ms)', `${median(warm).toFixed(1)} ms`, `median of 7 after warm-up (range ${Math.min(...warm).toFixed(1)}–${Math.max(...warm).toFixed(1)})`]);
  rows.push(['net.m, Membrane', 'published (1 ms)', `${cold.toFixed(1)} ms`, 'first run in a fresh process: mostly JIT compilation']);
  rows.push(['net.m, NumPy (reference)', 'published (1 ms)', `${(t.numpy_plain_1000ms_s.median * 1000).toFixed(0)} ms`, 'setup + 1000 steps, median of 5']);
  rows.push(['net.m, Brian2 numpy target', 'published (1 ms)', `${Math.min(...t.brian2_numpy_target.runs.map((r) => r.total_s * 1000)).toFixed(0)} ms`, 'build + run, best of 2 (+ 2.5–3.4 s import)']);
  rows.push(['net.m, Brian2 cython (warm cache)', 'published (1 ms)', `${Math.min(...t.brian2_cython_target_warm_cache.runs.map((r) => r.total_s * 1000)).toFixed(0)} ms`, 'build + run, best of 2 (cold cache: 36 s)']);
  for (const [method, dt] of [['euler', 0.1], ['rk4', 0.1]] as const) {
    wall({ seed: 1, method, params: { dt } }, 200);
    rows.push(['net.m, Membrane', `${method}, dt ${dt} ms`, `${median(Array.from({ length: 3 }, (_, k) => wall({ seed: k, method, params: { dt } }, 1000))).toFixed(1)} ms`, 'median of 3']);
  }
  const build = performance.now();
  const big = createIzhikevich2003({ seed: 1, connectivity: 'fixed-indegree', params: { Ne: 8000, Ni: 2000, inDegree: 1000 } }, 1000);
  const built = performance.now();
  big.advance(200);
  const simStart = performance.now();
  big.advance(1000);
  const simMs = performance.now() - simStart;
  rows.push(['10,000 neurons, 1000 inputs each', 'published (1 ms)', `${simMs.toFixed(0)} ms`, `per simulated second (${(1000 / simMs).toFixed(1)}× real time); building 10⁷ synapses: ${(built - build).toFixed(0)} ms`]);
  const meanField = time(5, () => simulateIkMeanField({ input: ikProtocol.segments, duration: 1000 }));
  rows.push(['Izhikevich mean field', 'rk4, dt 0.01', `${meanField.toFixed(1)} ms`, '1000 time units (PyRates’ protocol)']);
  const lorentz = time(1, () => simulateLorentzianNetwork({ network: { n: 2000, vPeak: 10, dt: 0.01 }, input: ikProtocol.segments, duration: 1000 }));
  rows.push(['Lorentzian network N = 2000', 'euler, dt 0.01, v_p 10', `${lorentz.toFixed(0)} ms`, '1000 time units, the page’s setting']);
  console.log('');
  printTable(rows);
}
