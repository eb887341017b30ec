/**
 * Every comparison of the engine with a reference that the validation page shows and
 * test/unit/validation.test.ts enforces, in the order of the course. Existing reference tests take their
 * tolerances from here through `tolerance(id)`, so the page and the suite cannot disagree.
 */
import { adexComparisons } from './adex.ts';
import { bcmComparisons } from './bcm.ts';
import { convergenceComparisons } from './convergence.ts';
import { fitzhughNagumoComparisons } from './fitzhugh-nagumo.ts';
import { hodgkinHuxleyComparisons } from './hodgkin-huxley.ts';
import { hopfieldComparisons } from './hopfield.ts';
import { izhikevichComparisons } from './izhikevich.ts';
import { lifComparisons } from './lif.ts';
import { meanFieldComparisons } from './mean-field.ts';
import { morrisLecarComparisons } from './morris-lecar.ts';
import { networkComparisons } from './network.ts';
import { nonlinearIfComparisons } from './nonlinear-if.ts';
import type { Comparison } from './types.ts';

export type { Comparison } from './types.ts';

export const comparisons: readonly Comparison[] = [
  ...lifComparisons,
  ...convergenceComparisons,
  ...nonlinearIfComparisons,
  ...adexComparisons,
  ...hodgkinHuxleyComparisons,
  ...fitzhughNagumoComparisons,
  ...morrisLecarComparisons,
  ...izhikevichComparisons,
  ...bcmComparisons,
  ...hopfieldComparisons,
  ...networkComparisons,
  ...meanFieldComparisons,
];

/** The tolerance of the comparison with this id; throws for an unknown id, so a renamed entry breaks its test. */
export function tolerance(id: string): number {
  const found = comparisons.find((c) => c.id === id);
  if (!found) throw new Error(`No comparison "${id}" in validation/comparisons.ts`);
  return found.tolerance;
}
