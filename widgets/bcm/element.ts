/**
 * The <bcm-selectivity> custom element. The whole run is recomputed on every change: the reference's
 * 4000-time-unit averaged ODE is 40 000 RK4 steps (about 2-7 ms) and the online rule 4000 Euler steps, so
 * a slider drag stays within a frame and needs neither the worker nor an animation.
 */
import type { Control } from '../lib/controls.ts';
import { columnsTable } from '../lib/export-data.ts';
import { showReadouts, type ShownReadout } from '../lib/readouts.ts';
import { PlasticityElement, type Parsed } from './plasticity-element.ts';
import { renderBcm } from './render.ts';
import { analyseBcm, bcmControls, bcmReadouts, bcmSummary, controlValue, parseBcmState, withControl, type BcmMode, type BcmState } from './state.ts';

class BcmSelectivityElement extends PlasticityElement<BcmState> {
  protected parse(input: unknown): Parsed<BcmState> {
    return parseBcmState(input);
  }

  protected controlsOf(state: BcmState): Control[] {
    return bcmControls(state);
  }

  protected controlValueOf(state: BcmState, key: string): number | undefined {
    return controlValue(state, key);
  }

  protected withControl(state: BcmState, key: string, value: number): BcmState {
    return withControl(state, key, value);
  }

  protected override bindExtra(): void {
    for (const radio of this.querySelectorAll<HTMLInputElement>('[data-role="mode"]')) {
      radio.addEventListener('change', () => {
        if (radio.checked && (radio.value === 'averaged' || radio.value === 'online')) this.update({ ...this.state, mode: radio.value as BcmMode });
      });
    }
  }

  protected override showExtra(state: BcmState): void {
    for (const radio of this.querySelectorAll<HTMLInputElement>('[data-role="mode"]')) radio.checked = radio.value === state.mode;
  }

  protected draw(state: BcmState): void {
    const analysis = analyseBcm(state);
    renderBcm(this.svg!, this.plotWidth(), analysis);
    const tr = analysis.result.trajectory;
    this.tables = () => [
      columnsTable('trajectory', [
        { name: 't', unit: 'time units', values: tr.t },
        ...tr.w.map((values, j) => ({ name: `w${j + 1}`, unit: '', values })),
        ...tr.y.map((values, k) => ({ name: `y${k + 1}`, unit: '', values })),
        { name: 'theta', unit: '', values: tr.theta },
      ]),
    ];
    const readouts = new Map<string, ShownReadout>(bcmReadouts(state, analysis).map((r) => [r.id, { value: r.value, text: r.text }]));
    showReadouts(this, readouts);
    this.setSummary(bcmSummary(state, analysis));
    this.dataset['winner'] = String(analysis.result.winner + 1);
    this.dataset['status'] = analysis.result.status.kind;
    this.showWarning(analysis.warning);
  }
}

if (!customElements.get('bcm-selectivity')) customElements.define('bcm-selectivity', BcmSelectivityElement);
