/** Build-time text of the phase plane: legend entries and the fixed-point table's column headers. */
import type { LegendEntry } from '../lib/plot.ts';
import type { PlaneConfig } from './config.ts';

export interface PlaneLegendEntry extends Omit<LegendEntry, 'mark'> {
  readonly mark: LegendEntry['mark'] | 'arrow' | 'fp-stable' | 'fp-unstable';
}

export function legendEntries(config: PlaneConfig): PlaneLegendEntry[] {
  const [x, y] = config.axes;
  const entries: PlaneLegendEntry[] = [
    { label: `${x.label}-nullcline (d${x.label}/dt = 0)`, series: 1, mark: 'line' },
    { label: `${y.label}-nullcline (d${y.label}/dt = 0)`, series: 2, mark: 'line' },
    { label: config.resets ? 'Trajectory (dashed: jump at a spike)' : 'Trajectory (dot: start)', series: 3, mark: 'line' },
    { label: 'Flow direction', series: 0, mark: 'arrow' },
    { label: 'Stable fixed point', series: 0, mark: 'fp-stable' },
    { label: 'Unstable fixed point', series: 0, mark: 'fp-unstable' },
  ];
  if (config.resets) entries.push({ label: 'Reset line and spike cut-off', series: 0, mark: 'dashed' });
  return entries;
}

export function tableHeaders(config: PlaneConfig): string[] {
  const [x, y] = config.axes;
  const withUnit = (label: string, unit: string) => (unit ? `${label} (${unit})` : label);
  return ['#', withUnit(x.label, x.unit), withUnit(y.label, y.unit), 'Trace (1/ms)', 'Determinant (1/ms²)', 'Eigenvalues (1/ms)', 'Type'];
}
