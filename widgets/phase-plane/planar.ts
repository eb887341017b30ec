/**
 * The two-variable model a phase plane shows. FitzHugh–Nagumo and Morris–Lecar are planar already. AdEx
 * has a second adaptation current w2 (Neuronal Dynamics Eq. 6.4 with K = 2); the plane is its (u, w)
 * section with w2 held at 0, which is the book's single-current AdEx exactly when a2 = b2 = 0 (the
 * defaults). The reduced model keeps AdEx's events (cut-off uPeak, reset to uReset, w += b, refractoriness),
 * so `simulate` runs it like any model and the trajectory jumps at each spike.
 */
import type { NeuronModel } from '../../engine/models/model.ts';

export type PlaneModelId = 'fitzhugh-nagumo' | 'morris-lecar' | 'adex';
export const PLANE_MODELS: readonly PlaneModelId[] = ['fitzhugh-nagumo', 'morris-lecar', 'adex'];

export function isPlaneModel(id: string): id is PlaneModelId {
  return (PLANE_MODELS as readonly string[]).includes(id);
}

/**
 * AdEx in its (u, w) plane, w2 = 0. Built from the model the widget was given (the loader fetched it), not from a
 * static import of engine/models/adex.ts, which would make every page with a phase plane fetch AdEx.
 */
function adexPlane(adex: NeuronModel): NeuronModel {
  const full = new Float64Array(3);
  const rate = new Float64Array(3);
  const model: NeuronModel<string> = {
    ...adex,
    title: `${adex.title}, u–w plane (w2 = 0)`,
    state: adex.state.slice(0, 2),
    initialState: (p) => adex.initialState(p).slice(0, 2),
    rhs: (t, y, dydt, p, input) => {
      full[0] = y[0]!;
      full[1] = y[1]!;
      full[2] = 0;
      adex.rhs(t, full, rate, p, input);
      dydt[0] = rate[0]!;
      dydt[1] = rate[1]!;
    },
    events: {
      threshold: (y, p) => y[0]! - p['uPeak']!,
      reset: (y, p) => {
        y[0] = p['uReset']!;
        y[1]! += p['b']!;
      },
      refractoryPeriod: (p) => p['tRef']!,
    },
  };
  return model;
}

let adexReduced: { readonly full: NeuronModel; readonly plane: NeuronModel } | undefined;

/** The planar model behind a plane widget (the engine's own model where it already has two variables). */
export function planeModel(model: NeuronModel): NeuronModel {
  if (model.id !== 'adex') return model;
  if (adexReduced?.full !== model) adexReduced = { full: model, plane: adexPlane(model) };
  return adexReduced.plane;
}

/** Where a model with a reset jumps: the cut-off it reaches and the voltage it restarts from. */
export interface ResetLines {
  readonly peak: number;
  readonly reset: number;
}

export function resetLines(model: NeuronModel, params: Readonly<Record<string, number>>): ResetLines | undefined {
  if (model.id !== 'adex') return undefined;
  return { peak: params['uPeak']!, reset: params['uReset']! };
}
