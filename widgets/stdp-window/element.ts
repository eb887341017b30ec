/**
 * The <stdp-window> custom element. Every change recomputes the window (400 isolated pairs through the trace
 * rule) and the measured drift (10 runs of 100 s of Poisson trains: at most about 100 000 spikes at 50 Hz,
 * a few ms to a few tens of ms), so it redraws within the frame and needs no worker.
 */
import type { Control } from '../lib/controls.ts';
import { columnsTable } from '../lib/export-data.ts';
import { showReadouts, type ShownReadout } from '../lib/readouts.ts';
import { PlasticityElement, type Parsed } from '../bcm/plasticity-element.ts';
import { renderStdp } from './render.ts';
import { analyseStdp, parseStdpState, stdpControls, stdpControlValue, stdpReadouts, stdpSummary, withStdpControl, type StdpState } from './state.ts';

class StdpWindowElement extends PlasticityElement<StdpState> {
  protected parse(input: unknown): Parsed<StdpState> {
    return parseStdpState(input);
  }

  protected controlsOf(state: StdpState): Control[] {
    return stdpControls(state);
  }

  protected controlValueOf(state: StdpState, key: string): number | undefined {
    return stdpControlValue(state, key);
  }

  protected withControl(state: StdpState, key: string, value: number): StdpState {
    return withStdpControl(state, key, value);
  }

  protected draw(state: StdpState): void {
    const analysis = analyseStdp(state);
    renderStdp(this.svg!, this.plotWidth(), analysis, state.probe);
    // Both branches of the window in one table, Δt ascending (the plot draws them apart at Δt = 0).
    this.tables = () => [
      columnsTable('window', [
        { name: 'Δt = t_post - t_pre', unit: 'ms', values: [...analysis.dtsMinus, ...analysis.dtsPlus] },
        { name: 'Δw', unit: '', values: [...analysis.dwMinus, ...analysis.dwPlus] },
      ]),
      { name: 'probe', columns: [{ name: 'Δt', unit: 'ms' }, { name: 'Δw', unit: '' }], rows: [[state.probe, analysis.probeDw]] },
    ];
    const readouts = new Map<string, ShownReadout>(stdpReadouts(state, analysis).map((r) => [r.id, { value: r.value, text: r.text }]));
    showReadouts(this, readouts);
    // The probe label names the current Δt.
    const label = this.querySelector<HTMLElement>('[data-label-for="probe"]');
    if (label) label.textContent = stdpReadouts(state, analysis)[0]!.label;
    this.setSummary(stdpSummary(state, analysis));
  }
}

if (!customElements.get('stdp-window')) customElements.define('stdp-window', StdpWindowElement);
