/**
 * Engine benchmark: `npm run bench`. For every model, 1 s of simulated time at its default method and
 * time step under a current that makes it fire (the widget case: the target is one animation frame,
 * 16 ms), then every applicable method at that dt as steps per second; then the f–I curve a widget
 * computes; then the learning-and-memory modules. Medians of repeated runs after a warm-up; compare runs on the same machine only.
 */
import { methods, models, simulate, simulatedFiCurve, linspace, lif, validateSpec, type MethodId, type NeuronModel } from '../engine/index.ts';
import { createRandom } from '../engine/random/rng.ts';
import { createHopfield, recall, setState, step } from '../engine/attractors/hopfield.ts';
import { corrupt, patternOf, randomPatterns } from '../engine/attractors/patterns.ts';

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

function printTable(table: string[][]): void {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(line(table[0]!));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table.slice(1)) console.log(line(row));
}
printTable(rows);

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
  console.log('');
  printTable(memory);
}
