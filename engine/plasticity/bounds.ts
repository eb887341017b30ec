/**
 * Weight bounds for plasticity rules. Unbounded Hebbian growth runs away (Gerstner et al., Neuronal
 * Dynamics, 2014, Sect. 19.3.1), so every rule accepts a bound. "Hard" bounds clip the weight after the
 * update; "soft" bounds scale the change so that it vanishes at the bound: potentiation by (wMax - w),
 * depression by (w - wMin) (the multiplicative form of Sect. 19.2.1, eq. 19.5 style).
 */

export type WeightBounds =
  | { readonly kind: 'none' }
  | { readonly kind: 'hard'; readonly wMin: number; readonly wMax: number }
  | { readonly kind: 'soft'; readonly wMin: number; readonly wMax: number };

export const NO_BOUNDS: WeightBounds = { kind: 'none' };

/** Throws a RangeError a reader understands when a bound is not a finite interval. */
export function checkBounds(bounds: WeightBounds): void {
  if (bounds.kind === 'none') return;
  if (!Number.isFinite(bounds.wMin) || !Number.isFinite(bounds.wMax) || !(bounds.wMin < bounds.wMax)) {
    throw new RangeError(`Weight bounds need finite wMin < wMax, got [${bounds.wMin}, ${bounds.wMax}].`);
  }
}

/**
 * Applies an increment `dw` to a weight `w` under the bounds. For soft bounds `dw` is the unbounded
 * change and is scaled by the distance to the bound it moves towards; the result is also clipped, so a
 * large step cannot overshoot.
 */
export function applyBounded(w: number, dw: number, bounds: WeightBounds): number {
  switch (bounds.kind) {
    case 'none':
      return w + dw;
    case 'hard':
      return Math.min(bounds.wMax, Math.max(bounds.wMin, w + dw));
    case 'soft': {
      const scaled = dw > 0 ? dw * (bounds.wMax - w) : dw * (w - bounds.wMin);
      return Math.min(bounds.wMax, Math.max(bounds.wMin, w + scaled));
    }
  }
}
