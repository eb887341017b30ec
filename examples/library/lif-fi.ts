/**
 * The engine as a library: an f–I curve of the leaky integrate-and-fire neuron, simulated and against the
 * closed form. Run it with `npx tsx examples/library/lif-fi.ts`; it prints one JSON line per current.
 */
import { lif, lifRate, linspace, resolveParams, simulate, steadyRate } from '../../engine/index.ts';

const params = resolveParams(lif.params, { tRef: 2 }).values;

for (const current of linspace(1, 4, 7)) {
  const run = simulate({ model: lif, params, stimulus: current, duration: 1000, method: 'exact', dt: 0.01 });
  const simulated = steadyRate(run.spikes, 100);
  const analytic = lifRate(params, current);
  console.log(JSON.stringify({ current, simulatedHz: Number(simulated.toFixed(3)), analyticHz: Number(analytic.toFixed(3)) }));
}
