/**
 * The <reward-learning> custom element. Every change reruns both simulations (the reader's and the
 * comparison, same seed): 300 trials take about 0.1 ms and the slider maximum of 5000 trials about 2 ms for
 * the pair, so a slider drag redraws within the frame and needs neither the worker nor an animation.
 */
import { PlasticityElement, type Parsed } from '../bcm/plasticity-element.ts';
import type { Control } from '../lib/controls.ts';
import { columnsTable } from '../lib/export-data.ts';
import { showReadouts, type ShownReadout } from '../lib/readouts.ts';
import { renderReward } from './render.ts';
import {
  analyseReward,
  parseRewardState,
  rewardComparisonShort,
  rewardComparisons,
  rewardControls,
  rewardControlValue,
  rewardReadouts,
  rewardSummary,
  withRewardControl,
  type RewardComparison,
  type RewardState,
} from './state.ts';

class RewardLearningElement extends PlasticityElement<RewardState> {
  protected parse(input: unknown): Parsed<RewardState> {
    return parseRewardState(input);
  }

  protected controlsOf(state: RewardState): Control[] {
    return rewardControls(state);
  }

  protected controlValueOf(state: RewardState, key: string): number | undefined {
    return rewardControlValue(state, key);
  }

  protected withControl(state: RewardState, key: string, value: number): RewardState {
    return withRewardControl(state, key, value);
  }

  protected override bindExtra(): void {
    const select = this.querySelector<HTMLSelectElement>('[data-role="comparison"]');
    select?.addEventListener('change', () => {
      const value = select.value;
      if ((rewardComparisons as readonly string[]).includes(value)) this.update({ ...this.state, comparison: value as RewardComparison });
    });
  }

  protected override showExtra(state: RewardState): void {
    const select = this.querySelector<HTMLSelectElement>('[data-role="comparison"]');
    if (select) select.value = state.comparison;
  }

  protected draw(state: RewardState): void {
    const analysis = analyseReward(state);
    renderReward(this.svg!, this.plotWidth(), analysis);
    // One table per run that succeeded (a diverged run draws nothing), as on the plot.
    this.tables = () => (['run', 'comparison'] as const).flatMap((which) => {
      const outcome = analysis[which];
      if (!outcome.ok) return [];
      const r = outcome.result;
      const table = columnsTable(which === 'run' ? 'run' : `comparison: ${state.comparison}`, [
        { name: 'trial', unit: '', values: analysis.trialNumbers },
        { name: 'yA - yB', unit: '', values: r.discrimination },
        { name: 'yA', unit: '', values: r.response[0]! },
        { name: 'yB', unit: '', values: r.response[1]! },
        { name: 'reward', unit: '', values: r.reward },
        { name: 'mean reward', unit: '', values: analysis.meanReward[which] ?? r.reward.map(() => Number.NaN) },
      ]);
      return [table];
    });
    const readouts = rewardReadouts(state, analysis);
    showReadouts(this, new Map<string, ShownReadout>(readouts.map((r) => [r.id, { value: r.value, text: r.text }])));
    // The comparison's readout labels and legend entry name the current comparison.
    for (const r of readouts) {
      const label = this.querySelector<HTMLElement>(`[data-label-for="${r.id}"]`);
      if (label && label.textContent !== r.label) label.textContent = r.label;
    }
    for (const name of this.querySelectorAll<HTMLElement>('[data-role="comparison-name"]')) name.textContent = rewardComparisonShort[state.comparison];
    this.setSummary(rewardSummary(state, analysis));
    this.dataset['status'] = analysis.run.ok && analysis.comparison.ok ? 'ok' : 'diverged';
    this.showWarning(analysis.warning);
  }
}

if (!customElements.get('reward-learning')) customElements.define('reward-learning', RewardLearningElement);
