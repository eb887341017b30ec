/**
 * Morris–Lecar has no file in the reference set; the one published number we could check is the type II rest
 * state in Ermentrout's XPP file for the chapter (w(0) = 0.014915). As in test/unit/morris-lecar.test.ts.
 */
import { morrisLecar, morrisLecarPresets, type MorrisLecarParams } from '../engine/models/morris-lecar.ts';
import { defaultValues } from '../engine/params/registry.ts';
import type { Comparison } from './types.ts';

export const morrisLecarComparisons: Comparison[] = [
  {
    id: 'morris-lecar-type2-rest',
    model: 'Morris–Lecar',
    lesson: '06-two-dimensional-reductions',
    reference: { file: 'Ermentrout’s XPP file', what: 'type II rest state at I = 0, w = 0.014915 (six digits)' },
    quantity: 'w at the computed resting state',
    metric: '|Δw|',
    unit: '1',
    tolerance: 5e-7,
    why: 'Half a unit in the last digit the file prints.',
    measure: () => {
      const p: MorrisLecarParams = { ...defaultValues(morrisLecar.params), ...morrisLecarPresets.typeII };
      return Math.abs(morrisLecar.initialState(p)[1]! - 0.014915);
    },
  },
];
