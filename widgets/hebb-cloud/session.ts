/**
 * A learning run as the <hebb-cloud> widget shows it: the engine learner for a state, the last samples
 * presented (for the scatter), and the history of |w| and of the angle to the principal axis, kept at
 * most HISTORY_POINTS long by halving the resolution when full (so a long run costs constant memory).
 * Pure TypeScript: the browser test builds the same session in Node and compares the numbers.
 */
import { createLearner, principalReference, type Learner, type PrincipalReference } from '../../engine/plasticity/learn.ts';
import { formatNumber } from '../lib/format.ts';
import { cloudOf, initialWeights, inputOf, MAX_NORM, MAX_SAMPLES, ruleOf, type HebbCloudState } from './state.ts';
import type { Cloud2D } from '../../engine/plasticity/inputs.ts';

export const RECENT_SAMPLES = 300;
export const HISTORY_POINTS = 1000;

export interface History {
  readonly t: Float64Array;
  readonly norm: Float64Array;
  readonly angle: Float64Array;
  length: number;
  /** Samples between records. */
  stride: number;
}

export interface Session {
  readonly state: HebbCloudState;
  readonly cloud: Cloud2D;
  readonly learner: Learner;
  /** Principal axes of both matrices, for drawing (the learner's own reference is one of them). */
  readonly correlationAxis: PrincipalReference;
  readonly covarianceAxis: PrincipalReference;
  /** The last RECENT_SAMPLES samples, x and y interleaved, oldest first once `recentCount` is full. */
  readonly recent: Float64Array;
  recentCount: number;
  recentHead: number;
  readonly history: History;
  /** True once the run has reached MAX_SAMPLES or diverged: nothing more to play. */
  finished(): boolean;
  /** Presents up to `count` samples; returns how many. */
  advance(count: number): number;
}

function record(h: History, t: number, norm: number, angle: number): void {
  if (h.length === h.t.length) {
    // Full: keep every other record (t = 0, 2s, 4s … survive) and double the stride.
    const half = Math.ceil(h.length / 2);
    for (let i = 0; i < half; i++) {
      h.t[i] = h.t[2 * i]!;
      h.norm[i] = h.norm[2 * i]!;
      h.angle[i] = h.angle[2 * i]!;
    }
    h.length = half;
    h.stride *= 2;
    if (t % h.stride !== 0) return;
  }
  h.t[h.length] = t;
  h.norm[h.length] = norm;
  h.angle[h.length] = angle;
  h.length += 1;
}

export function createSession(state: HebbCloudState): Session {
  const input = inputOf(state);
  const learner = createLearner({ rule: ruleOf(state), input, w0: initialWeights(state), maxNorm: MAX_NORM });
  const history: History = {
    t: new Float64Array(HISTORY_POINTS),
    norm: new Float64Array(HISTORY_POINTS),
    angle: new Float64Array(HISTORY_POINTS),
    length: 0,
    stride: 1,
  };
  record(history, 0, learner.norm(), learner.angle());
  const session: Session = {
    state,
    cloud: cloudOf(state),
    learner,
    correlationAxis: principalReference(input, 'correlation'),
    covarianceAxis: principalReference(input, 'covariance'),
    recent: new Float64Array(2 * RECENT_SAMPLES),
    recentCount: 0,
    recentHead: 0,
    history,
    finished: () => learner.diverged || learner.samples >= MAX_SAMPLES,
    advance(count) {
      let done = 0;
      while (done < count && !session.finished()) {
        if (learner.step(1) === 0) break;
        done += 1;
        session.recent[2 * session.recentHead] = learner.x[0]!;
        session.recent[2 * session.recentHead + 1] = learner.x[1]!;
        session.recentHead = (session.recentHead + 1) % RECENT_SAMPLES;
        session.recentCount = Math.min(RECENT_SAMPLES, session.recentCount + 1);
        if (learner.samples % history.stride === 0 || learner.diverged) record(history, learner.samples, learner.norm(), learner.angle());
      }
      return done;
    },
  };
  return session;
}

export type ReadoutId = 'norm' | 'angle' | 'lambda' | 'samples';

export interface Readout {
  readonly value: number;
  readonly text: string;
}

/** The numbers under the plot; the browser test compares them with a session run in Node. */
export function readoutsOf(session: Session): Record<ReadoutId, Readout> {
  const l = session.learner;
  const norm = l.norm();
  const angle = l.angle();
  return {
    norm: { value: norm, text: norm >= 1000 ? norm.toExponential(2).replace('e+', ' × 10^') : formatNumber(norm, 3) },
    angle: { value: angle, text: Number.isNaN(angle) ? '—' : formatNumber(angle, 1) },
    lambda: { value: l.reference.lambda, text: formatNumber(l.reference.lambda, 3) },
    samples: { value: l.samples, text: String(l.samples) },
  };
}

const matrixName = (s: Session) => (s.learner.reference.which === 'covariance' ? 'covariance matrix' : 'correlation matrix ⟨x xᵀ⟩');

/** The visually hidden live summary. */
export function summaryOf(session: Session, ruleLabel: string): string {
  const r = readoutsOf(session);
  const l = session.learner;
  const head = `${ruleLabel} rule, ${r.samples.text} samples presented.`;
  const where = `Weight vector length ${r.norm.text}, at ${r.angle.text} degrees from the principal axis of the ${matrixName(session)} (largest eigenvalue ${r.lambda.text}).`;
  return `${head} ${where}${l.diverged ? ` ${divergedMessage(session)}` : ''}`;
}

export function divergedMessage(session: Session): string {
  return (
    `The weights ran away: |w| passed a million (10^6) after ${session.learner.samples} samples, so the run stopped. ` +
    'Nothing in this rule limits the growth of the weights.'
  );
}
