/**
 * Engine benchmark: `npm run bench`. Reports throughput per integration method on the LIF, the time of
 * a simulated f–I curve (what the f–I widget computes), and how long a typical widget run takes.
 * Timings are medians of repeated runs after a warm-up, on whatever machine runs it; compare runs on
 * the same machine only.
 */
import { lif, linspace, simulate, simulatedFiCurve, type MethodId } from '../engine/index.ts';

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

const rows: string[][] = [['case', 'median time', 'throughput']];

for (const method of ['euler', 'rk4', 'exact'] as MethodId[]) {
  const steps = 100_000;
  const ms = time(15, () => simulate({ model: lif, stimulus: [{ kind: 'constant', amplitude: 3 }], method, dt: 0.01, duration: 1000 }));
  rows.push([`LIF ${method}, 100k steps, firing at 104 Hz`, `${ms.toFixed(2)} ms`, `${((steps / ms) * 1000 / 1e6).toFixed(2)} M steps/s`]);
}

{
  const ms = time(15, () => simulate({ model: lif, stimulus: [{ kind: 'noise', mean: 2, sigma: 1, seed: 1 }], method: 'exact', dt: 0.1, duration: 10_000 }));
  rows.push(['LIF exact, white noise, 100k steps', `${ms.toFixed(2)} ms`, `${((100_000 / ms) * 1000 / 1e6).toFixed(2)} M steps/s`]);
}

{
  const ms = time(30, () => simulate({ model: lif, stimulus: [{ kind: 'step', amplitude: 2, start: 10, end: 90 }], method: 'exact', dt: 0.1, duration: 100 }));
  rows.push(['membrane-trace widget default run (100 ms, dt 0.1)', `${ms.toFixed(3)} ms`, '']);
}

{
  const currents = linspace(0, 5, 26);
  const ms = time(5, () => simulatedFiCurve(lif, currents, { dt: 0.1, duration: 1000 }));
  rows.push(['f–I widget default (26 currents × 1000 ms, dt 0.1)', `${ms.toFixed(1)} ms`, `${((26 * 10_000) / ms * 1000 / 1e6).toFixed(2)} M steps/s`]);
}

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
