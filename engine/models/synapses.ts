/**
 * Conductance-based synaptic input added to any neuron model (Neuronal Dynamics, Sec. 3.1: the synaptic
 * current g_syn(t) (u - E_syn) with an exponentially decaying g_syn; the alpha form as in COURSE.md week 2):
 *
 *   I_syn(t) = -Σ_k g_k(t) (u - E_k),   g_k(t) = Σ_f κ_k(t - t_k^f),
 *
 * added to the base model's injected input. Two kernels, both with weight w (the `g0` of the book) and
 * time constant τ:
 *
 *   exponential  κ(s) = w exp(-s/τ)          peak w at s = 0,   ∫κ ds = w τ
 *   alpha        κ(s) = w (s/τ) exp(-s/τ)    peak w/e at s = τ, ∫κ ds = w τ
 *
 * so w is the peak of the exponential kernel but NOT of the alpha kernel (whose peak is w/e ≈ 0.37 w):
 * we keep the book's form, in which both kernels carry the same charge per presynaptic spike.
 *
 * Each population has two state variables obeying the same linear equations for either kernel,
 *
 *   τ dx/dt = -x,   τ dg/dt = x - g,
 *
 * and only the variable that jumps differs. Exponential: g jumps by w (x stays 0). Alpha: x jumps by w;
 * then x = w e^(-s/τ) and g, solving τ g' + g = w e^(-s/τ) with g(0) = 0, is w (s/τ) e^(-s/τ): the jump
 * is w itself, no rescaling needed. One state layout for both kernels lets a numeric switch choose the
 * kernel without changing the model's variables.
 *
 * Units: g is in the unit whose product with the voltage unit is the input unit, i.e. µS for models
 * whose input is in nA and voltage in mV (µS · mV = nA). For a model with input in µA/cm² (Hodgkin–
 * Huxley), g is in mS/cm² (mS/cm² · mV = µA/cm²).
 */
import { exp } from '../math/deterministic.ts';
import type { ParamProblem, ParamValues, Registry } from '../params/registry.ts';
import { deriveSeed } from '../stimuli/spike-trains.ts';
import type { Impulses, NeuronModel, StateVariable } from './model.ts';

export type SynapticKernel = 'exponential' | 'alpha';

/** One synapse type and the presynaptic population that drives it. */
export interface SynapticPopulation<P> {
  /** Suffix of the state names: 'Exc' gives `gExc` and `xExc`. */
  readonly name: string;
  /** TeX subscript of the symbols, e.g. `\text{exc}`. */
  readonly subscript: string;
  /** Adjective for labels: 'excitatory'. */
  readonly label: string;
  kernel(p: P): SynapticKernel;
  /** Time constant τ of the kernel, ms. */
  tau(p: P): number;
  /** Reversal potential E, in the voltage unit of the base model. */
  reversal(p: P): number;
  /** Weight w per presynaptic spike (the kernel's g0), in the conductance unit. */
  weight(p: P): number;
  /** The population's presynaptic spikes on [0, duration), sorted; `seed` is already this population's own. */
  presynaptic(p: P, context: { readonly duration: number; readonly seed: number }): Float64Array;
}

export interface SynapseSpec<Name extends string, Extra extends string> {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  /** The synaptic parameters, appended to the base model's registry. */
  readonly params: Registry<Extra>;
  /** Unit of the conductances (see the header). */
  readonly conductanceUnit: string;
  readonly populations: readonly SynapticPopulation<ParamValues<Name>>[];
  readonly defaultMethod?: string;
  readonly defaultDt?: number;
  constraints?(p: ParamValues<Name>): ParamProblem[];
}

/** The kernel's closed form at time s ≥ 0 after a presynaptic spike (0 before it). */
export function synapticKernel(kernel: SynapticKernel, weight: number, tau: number, s: number): number {
  if (s < 0) return 0;
  return kernel === 'alpha' ? (weight * s * exp(-s / tau)) / tau : weight * exp(-s / tau);
}

/**
 * Mean conductance under Poisson input (Campbell's theorem): total presynaptic rate times the kernel's
 * integral, ν·n·w·τ with ν in Hz converted to 1/ms. The same for both kernels, by the normalisation above.
 */
export function meanConductance(rate: number, count: number, weight: number, tau: number): number {
  return (rate / 1000) * count * weight * tau;
}

/**
 * The base model with the populations' conductances appended to its state (g then x for each) and their
 * current added to its input. The relaxation form, when the base has one, assumes what holds for every
 * model of the course: the base's voltage target is affine in the input and its time constant does not
 * depend on it (the input enters as a current, dv/dt = … + I/C). Then the conductances fold in exactly:
 * target (T(I + Σ g_k E_k)) / (1 + kG), time constant τ_v / (1 + kG), with k = dT/dI and G = Σ g_k.
 */
export function withSynapses<Base extends string, Extra extends string>(
  base: NeuronModel<Base>,
  spec: SynapseSpec<Base | Extra, Extra>,
): NeuronModel<Base | Extra> {
  type P = ParamValues<Base | Extra>;
  const populations = spec.populations;
  const offset = base.state.length;
  const dimension = offset + 2 * populations.length;
  const v = base.voltage;
  const gIndex = (j: number): number => offset + 2 * j;
  const state: StateVariable[] = [...base.state];
  for (const pop of populations) {
    state.push({ name: `g${pop.name}`, symbol: `g_{${pop.subscript}}`, unit: spec.conductanceUnit, meaning: `Conductance of the ${pop.label} synapses` });
    state.push({
      name: `x${pop.name}`, symbol: `x_{${pop.subscript}}`, unit: spec.conductanceUnit,
      meaning: `Alpha-kernel drive of the ${pop.label} conductance: jumps at each spike and g follows it (0 for the exponential kernel)`,
    });
  }
  // Scratch for the second call of the base's relaxation; allocated once, never in the step.
  const probeTarget = new Float64Array(dimension);
  const probeTau = new Float64Array(dimension);
  const baseRelaxation = base.relaxation;

  // Each population's reversal potential and time constant, read from a parameter set once rather than at
  // every stage of every step (through closures that V8 does not inline in a page with many models).
  const reversals = new Float64Array(populations.length);
  const taus = new Float64Array(populations.length);
  let readFrom: P | undefined;
  const readConstants = (p: P): void => {
    if (p === readFrom) return;
    for (let j = 0; j < populations.length; j++) {
      reversals[j] = populations[j]!.reversal(p);
      taus[j] = populations[j]!.tau(p);
    }
    readFrom = p;
  };

  const synapseDerivatives = (y: Float64Array, dydt: Float64Array): void => {
    for (let j = 0; j < populations.length; j++) {
      const tau = taus[j]!;
      const g = gIndex(j);
      dydt[g] = (y[g + 1]! - y[g]!) / tau;
      dydt[g + 1] = -y[g + 1]! / tau;
    }
  };

  return {
    id: spec.id,
    title: spec.title,
    source: spec.source,
    params: [...base.params, ...spec.params],
    state,
    voltage: v,
    input: base.input,
    defaultMethod: spec.defaultMethod ?? 'rk4',
    defaultDt: spec.defaultDt ?? base.defaultDt,
    linear: false,
    ...(base.events ? { events: base.events } : {}),
    initialState: (p) => {
      const y = new Float64Array(dimension);
      y.set(base.initialState(p));
      return y;
    },
    rhs: (t, y, dydt, p, input) => {
      readConstants(p);
      const u = y[v]!;
      let current = input;
      for (let j = 0; j < populations.length; j++) current -= y[gIndex(j)]! * (u - reversals[j]!);
      base.rhs(t, y, dydt, p, current);
      synapseDerivatives(y, dydt);
    },
    ...(baseRelaxation
      ? {
          relaxation: (t: number, y: Float64Array, target: Float64Array, tau: Float64Array, p: P, input: number) => {
            let conductance = 0;
            let drive = input;
            for (let j = 0; j < populations.length; j++) {
              const g = y[gIndex(j)]!;
              conductance += g;
              drive += g * populations[j]!.reversal(p);
            }
            baseRelaxation(t, y, probeTarget, probeTau, p, drive + 1);
            baseRelaxation(t, y, target, tau, p, drive);
            const shunt = 1 + (probeTarget[v]! - target[v]!) * conductance;
            target[v] = target[v]! / shunt;
            tau[v] = tau[v]! / shunt;
            for (let j = 0; j < populations.length; j++) {
              const g = gIndex(j);
              target[g] = y[g + 1]!;
              target[g + 1] = 0;
              tau[g] = tau[g + 1] = populations[j]!.tau(p);
            }
          },
        }
      : {}),
    constraints: (p) => [...(base.constraints?.(p) ?? []), ...(spec.constraints?.(p) ?? [])],
    impulses: (p, { duration, seed }) => synapticImpulses(populations, p, duration, seed, gIndex),
  };
}

/** Every population's jumps in one time-sorted schedule; population j draws with `deriveSeed(seed, j)`. */
function synapticImpulses<P>(
  populations: readonly SynapticPopulation<P>[],
  p: P,
  duration: number,
  seed: number,
  gIndex: (j: number) => number,
): Impulses {
  const parts = populations.map((pop, j) => ({
    times: pop.weight(p) === 0 ? new Float64Array(0) : pop.presynaptic(p, { duration, seed: deriveSeed(seed, j) }),
    variable: gIndex(j) + (pop.kernel(p) === 'alpha' ? 1 : 0),
    amount: pop.weight(p),
  }));
  // Each population's train is sorted, so one merge orders them all: at equal times the earlier population
  // goes first, and within a population the train's own order is kept, so equal times jump in a fixed order.
  // (A sort of every event with a comparator did the same, at several times the cost for 10 000 events.)
  const total = parts.reduce((sum, part) => sum + part.times.length, 0);
  const times = new Float64Array(total);
  const variable = new Int32Array(total);
  const amount = new Float64Array(total);
  const next = parts.map(() => 0);
  for (let n = 0; n < total; n++) {
    let from = -1;
    for (let j = 0; j < parts.length; j++) {
      const k = next[j]!;
      if (k < parts[j]!.times.length && (from < 0 || parts[j]!.times[k]! < parts[from]!.times[next[from]!]!)) from = j;
    }
    const part = parts[from]!;
    times[n] = part.times[next[from]!++]!;
    variable[n] = part.variable;
    amount[n] = part.amount;
  }
  return { times, variable, amount };
}
