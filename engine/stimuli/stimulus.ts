/**
 * Injected current I(t) as a sum of components (constant, step, pulse train, ramp, sine, Gaussian white
 * noise). A stimulus is plain data; `compileStimulus` turns it into a `Drive` the integrators sample.
 *
 * Each kind has a parameter registry like a model's, so stimulus controls, URL state and exports come
 * from the same place. Amplitudes are in the model's current unit (nA for the integrate-and-fire models).
 */
import { sin } from '../math/deterministic.ts';
import type { ParamSpec, ParamValues, ParamProblem } from '../params/registry.ts';
import { resolveParams } from '../params/registry.ts';
import { createRandom } from '../random/rng.ts';
import { ExpressionError } from './expression-error.ts';
import { expressionParser, GRAMMAR_NOT_LOADED } from './expression-parser.ts';
import type { Expression } from './expression.ts';
// Registers the grammar wherever this module runs in Node. A page's build drops this import (engine modules are
// side-effect free there, site/lib/vite-worker-chunks.mjs) and loads the grammar when needed (expression-parser.ts).
import './expression.ts';

/** Time is in ms throughout the engine. */
const T_MAX = 100_000;

/** The input a model takes: its unit and the largest magnitude a stimulus may ask for. */
export interface InputScale {
  readonly unit: string;
  readonly max: number;
  readonly step: number;
}

export const DEFAULT_INPUT_SCALE: InputScale = { unit: 'nA', max: 50, step: 0.01 };

function amplitude(name: string, symbol: string, meaning: string, scale: InputScale, fallback: number): ParamSpec {
  return { name, symbol, unit: scale.unit, default: fallback, min: -scale.max, max: scale.max, step: scale.step, meaning };
}
function time(name: string, symbol: string, meaning: string, fallback: number, min = 0): ParamSpec {
  return { name, symbol, unit: 'ms', default: fallback, min, max: T_MAX, step: 0.5, meaning };
}

/** The registry of each stimulus kind, for a model whose input has the given unit and scale. */
export function stimulusParams(kind: StimulusKind, scale: InputScale = DEFAULT_INPUT_SCALE): ParamSpec[] {
  switch (kind) {
    case 'expression':
      // Its one parameter is the expression text, checked by the expression parser, not by a registry.
      return [];
    case 'constant':
      return [amplitude('amplitude', 'I_0', 'Constant current, on for the whole run', scale, 2)];
    case 'step':
      return [
        amplitude('amplitude', 'I_0', 'Current during the step', scale, 2),
        time('start', 't_\\text{on}', 'Time the step switches on', 10),
        time('end', 't_\\text{off}', 'Time the step switches off', 90),
      ];
    case 'pulseTrain':
      return [
        amplitude('amplitude', 'I_0', 'Current during each pulse', scale, 5),
        time('start', 't_\\text{on}', 'Onset of the first pulse', 10),
        time('width', '\\Delta t', 'Duration of each pulse', 2, 0.01),
        time('period', 'T', 'Time from one pulse onset to the next', 20, 0.01),
        { name: 'count', symbol: 'n', unit: '', default: 5, min: 1, max: 10_000, step: 1, meaning: 'Number of pulses' },
      ];
    case 'ramp':
      return [
        amplitude('from', 'I_\\text{start}', 'Current at the start of the ramp', scale, 0),
        amplitude('to', 'I_\\text{end}', 'Current reached at the end of the ramp', scale, 3),
        time('start', 't_\\text{on}', 'Time the ramp starts (zero current before)', 10),
        time('end', 't_\\text{off}', 'Time the ramp ends (zero current after)', 90),
      ];
    case 'sine':
      return [
        amplitude('amplitude', 'I_1', 'Amplitude of the oscillation', scale, 1),
        { name: 'frequency', symbol: 'f', unit: 'Hz', default: 10, min: 0, max: 1000, step: 0.5, meaning: 'Frequency of the oscillation' },
        time('start', 't_\\text{on}', 'Time the oscillation starts, at zero phase (zero current before)', 0),
      ];
    case 'noise':
      return [
        amplitude('mean', '\\mu', 'Mean of the noisy current', scale, 0),
        {
          // A dimensionless input (FitzHugh–Nagumo, Izhikevich) gives σ in √ms, not "·√ms".
          name: 'sigma', symbol: '\\sigma', unit: scale.unit ? `${scale.unit}·√ms` : '√ms', default: 1, min: 0, max: scale.max, step: scale.step,
          meaning: 'White-noise intensity: over each step dt the current has standard deviation σ/√dt',
        },
        { name: 'seed', symbol: 's', unit: '', default: 1, min: 0, max: 2 ** 31 - 1, step: 1, meaning: 'Seed of the random source; the same seed gives the same noise' },
      ];
  }
}

export const stimulusKinds = ['constant', 'step', 'pulseTrain', 'ramp', 'sine', 'noise', 'expression'] as const;
export type StimulusKind = (typeof stimulusKinds)[number];

/** One component: its kind and any of its parameters (missing ones take the registry's default). */
export interface StimulusComponent {
  readonly kind: StimulusKind;
  readonly [param: string]: number | string;
}
export type Stimulus = readonly StimulusComponent[];

/**
 * What a scenario may give as its stimulus: a constant, an expression in t (ms) such as
 * `(t > 10 and t < 13) * 7.04`, or a list of components (which may include expressions).
 */
export type StimulusInput = number | string | Stimulus;

export function normaliseStimulus(input: StimulusInput | undefined): Stimulus {
  if (input === undefined) return [];
  if (typeof input === 'number') return [{ kind: 'constant', amplitude: input }];
  if (typeof input === 'string') return [{ kind: 'expression', expression: input }];
  return input;
}

/** What an integrator samples. Times in ms. */
export interface Drive {
  /** I(t), right-continuous at a discontinuity. */
  at(t: number): number;
  /**
   * The right limit I(t⁺): used for the first stage of a step that starts on a discontinuity. Equal to
   * `at` for the component kinds (right-continuous by definition); an expression such as `(t > 10) * 2`
   * is 0 at t = 10 itself (figure1.m's strict inequalities, sampled on the grid) but 2 just after it.
   */
  after(t: number): number;
  /** The left limit I(t⁻): used for the last stage of a step that ends on a discontinuity. */
  before(t: number): number;
  /** The first discontinuity strictly after t, or Infinity. The simulator never steps across one. */
  nextBreak(t: number): number;
}

export interface CompileOptions {
  /** Simulation step in ms: white noise is drawn once per step on the grid k·dt. */
  readonly dt: number;
  readonly duration: number;
  /** Seed for noise components that do not name their own. */
  readonly seed?: number;
}

export function isStimulusKind(kind: unknown): kind is StimulusKind {
  return typeof kind === 'string' && (stimulusKinds as readonly string[]).includes(kind);
}

/** Fills defaults and validates every component; problems name the component by position. */
export interface ResolvedComponent {
  readonly kind: StimulusKind;
  readonly values: ParamValues;
  /** Present for kind 'expression'. */
  readonly expression?: Expression;
  /** Whether the component named its own seed (noise). */
  readonly seeded?: boolean;
}

export function resolveStimulus(
  stimulus: readonly unknown[],
  scale: InputScale = DEFAULT_INPUT_SCALE,
): { components: ResolvedComponent[]; problems: ParamProblem[] } {
  const components: ResolvedComponent[] = [];
  const problems: ParamProblem[] = [];
  stimulus.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null || !isStimulusKind((raw as { kind?: unknown }).kind)) {
      problems.push({ name: `stimulus[${index}]`, message: `Stimulus ${index + 1} must have a kind, one of ${stimulusKinds.join(', ')}.` });
      return;
    }
    const { kind, ...overrides } = raw as StimulusComponent;
    if (kind === 'expression') {
      const { expression: source, ...rest } = overrides;
      if (Object.keys(rest).length > 0) {
        problems.push({ name: `stimulus[${index}]`, message: `Stimulus ${index + 1} (expression) takes only "expression", got ${Object.keys(rest).join(', ')}.` });
      }
      if (typeof source !== 'string') {
        problems.push({ name: `stimulus[${index}].expression`, message: `Stimulus ${index + 1} (expression) needs an "expression" string in t (ms).` });
        return;
      }
      const parseExpression = expressionParser();
      if (!parseExpression) {
        problems.push({ name: `stimulus[${index}].expression`, message: `Stimulus ${index + 1} (expression): ${GRAMMAR_NOT_LOADED}` });
        return;
      }
      try {
        components.push({ kind, values: {}, expression: parseExpression(source) });
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        problems.push({ name: `stimulus[${index}].expression`, message: `Stimulus ${index + 1} (expression): ${error.message}` });
      }
      return;
    }
    const resolved = resolveParams(stimulusParams(kind, scale), overrides);
    for (const problem of resolved.problems) {
      problems.push({ name: `stimulus[${index}].${problem.name}`, message: `Stimulus ${index + 1} (${kind}): ${problem.message}` });
    }
    const v = resolved.values;
    if ((kind === 'step' || kind === 'ramp') && !(v['end']! > v['start']!)) {
      problems.push({ name: `stimulus[${index}].end`, message: `Stimulus ${index + 1} (${kind}): the end time must come after the start time.` });
    }
    if (kind === 'pulseTrain' && v['width']! > v['period']!) {
      problems.push({ name: `stimulus[${index}].width`, message: `Stimulus ${index + 1} (pulse train): each pulse must be no longer than the period.` });
    }
    components.push({ kind, values: v, seeded: 'seed' in overrides });
  });
  return { components, problems };
}

/**
 * The first `count` standard normal deviates of the stream seeded with `seed`. The last stream is kept: a
 * widget whose slider sets the noise's mean or intensity redraws with the same seed and length, and drawing
 * 60 000 deviates (Box–Muller with the deterministic log and cos) was a tenth of such a redraw.
 */
let lastNormals: { seed: number; values: Float64Array } | undefined;

function standardNormals(seed: number, count: number): Float64Array {
  if (!lastNormals || lastNormals.seed !== seed || lastNormals.values.length < count) {
    const random = createRandom(seed);
    const values = new Float64Array(count);
    for (let k = 0; k < count; k++) values[k] = random.normal();
    lastNormals = { seed, values };
  }
  return lastNormals.values;
}

/**
 * One component as the integrators sample it: its value, and its limits from below and above at a
 * discontinuity (equal to the value except at one). Three plain functions rather than one with a flag,
 * since every stage of every step calls one of them.
 */
interface Piece {
  at(t: number): number;
  before(t: number): number;
  after(t: number): number;
  breaks: number[];
  /**
   * The component as data, for the kinds a sum of several components evaluates in its own loop, with the same
   * arithmetic as `at` and `before`, rather than through a call per component that the engine cannot inline (with
   * the look-up of the noise, half of the simulation of lesson 06's noisy ramp).
   */
  inline?: Inline;
}

const CONSTANT = 0;
const STEP = 1;
const RAMP = 2;
const NOISE = 3;
/** Not inline: the sum calls the piece's functions. */
const CALL = 4;
/** Which of a piece's values a sum asks for: at t, or its limit from below or from above. */
const AT = 0;
const BEFORE = 1;
const AFTER = 2;

/**
 * The numbers of an inline component: [value] for a constant, [amplitude, start, end] for a step, [from, start, end,
 * slope] for a ramp, [mean, sigma/√dt, dt, last index] and the table of deviates for noise.
 */
interface Inline {
  kind: typeof CONSTANT | typeof STEP | typeof RAMP | typeof NOISE;
  values: number[];
  deviates?: Float64Array;
}

/** Costs no more than a comparison or two to evaluate (constant, step, ramp). */
const isCheap = ({ inline }: Piece): boolean => inline !== undefined && inline.kind !== NOISE;

/** A constant component (or noise without intensity) at `value`. */
function constantPiece(value: number): Piece {
  const at = () => value;
  return rightContinuous(at, at, [], { kind: CONSTANT, values: [value] });
}

/** A component that is right-continuous: its limit from above is its value. */
function rightContinuous(at: (t: number) => number, before: (t: number) => number, breaks: number[], inline?: Inline): Piece {
  return inline ? { at, before, after: at, breaks, inline } : { at, before, after: at, breaks };
}

function piece({ kind, values: v, expression, seeded }: ResolvedComponent, options: CompileOptions): Piece {
  switch (kind) {
    case 'expression': {
      const e = expression!;
      return { at: e.evaluate, before: e.evaluateBefore, after: e.evaluateAfter, breaks: e.breakpoints() };
    }
    case 'constant':
      return constantPiece(v['amplitude']!);
    case 'step': {
      const [a, start, end] = [v['amplitude']!, v['start']!, v['end']!];
      // On over [start, end); its limit from below is on over (start, end].
      return rightContinuous(
        (t) => (t >= start && t < end ? a : 0),
        (t) => (t > start && t <= end ? a : 0),
        [start, end],
        { kind: STEP, values: [a, start, end] },
      );
    }
    case 'pulseTrain': {
      const [a, start, width, period, count] = [v['amplitude']!, v['start']!, v['width']!, v['period']!, v['count']!];
      // Explicit edges, compared exactly: the simulator steps onto these same numbers, so no rounding of
      // (t - start) / period can put an edge on the wrong side.
      const onsets: number[] = [];
      for (let k = 0; k < count && start + k * period <= options.duration; k++) onsets.push(start + k * period);
      const offsets = onsets.map((on) => on + width);
      const value = (t: number, left: boolean): number => {
        let lo = 0;
        let hi = onsets.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (left ? onsets[mid]! < t : onsets[mid]! <= t) lo = mid + 1;
          else hi = mid;
        }
        const j = lo - 1;
        if (j < 0) return 0;
        return (left ? t <= offsets[j]! : t < offsets[j]!) ? a : 0;
      };
      return rightContinuous((t) => value(t, false), (t) => value(t, true), [...onsets, ...offsets]);
    }
    case 'ramp': {
      const [from, to, start, end] = [v['from']!, v['to']!, v['start']!, v['end']!];
      const slope = (to - from) / (end - start);
      return rightContinuous(
        (t) => (t >= start && t < end ? from + slope * (t - start) : 0),
        (t) => (t > start && t <= end ? from + slope * (t - start) : 0),
        [start, end],
        { kind: RAMP, values: [from, start, end, slope] },
      );
    }
    case 'sine': {
      const [a, frequency, start] = [v['amplitude']!, v['frequency']!, v['start']!];
      const omega = (2 * Math.PI * frequency) / 1000;
      // sin(0) = 0 at onset, so the sine starts continuously and has no break.
      const value = (t: number) => (t >= start ? a * sin(omega * (t - start)) : 0);
      return rightContinuous(value, value, []);
    }
    case 'noise': {
      const [mean, sigma] = [v['mean']!, v['sigma']!];
      // Without intensity the noise is its mean: a constant, not a table looked up at every stage of every step
      // (a widget whose noise slider rests at 0 runs as fast as one without noise).
      if (sigma === 0) return constantPiece(mean);
      const seed = seeded || options.seed === undefined ? v['seed']! : options.seed;
      const steps = Math.ceil(options.duration / options.dt - 1e-9) + 1;
      const deviates = standardNormals(seed, steps);
      // Held constant over each step with standard deviation sigma/sqrt(dt): the voltage it drives then has
      // the same statistics whatever dt is (the Euler–Maruyama discretisation of white noise).
      const scale = sigma / Math.sqrt(options.dt);
      const last = steps - 1;
      const { dt } = options;
      // Scaled as it is read rather than into a table of its own: a widget's noise slider would allocate a new
      // table of every step's value on each move (see run/trace-buffers.ts for what fresh arrays cost a page).
      // Every grid point is a discontinuity, but steps already end there, so no extra breaks are needed.
      return rightContinuous(
        (t) => mean + scale * deviates[Math.min(last, Math.max(0, Math.floor(t / dt + 1e-9)))]!,
        (t) => mean + scale * deviates[Math.min(last, Math.max(0, Math.ceil(t / dt - 1e-9) - 1))]!,
        [],
        { kind: NOISE, values: [mean, scale, dt, last], deviates },
      );
    }
  }
}

export function compileStimulus(stimulus: Stimulus, scale: InputScale, options: CompileOptions): Drive {
  const { components, problems } = resolveStimulus(stimulus, scale);
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join(' '));
  const all = components.map((component) => piece(component, options));
  // A component that is zero throughout (noise with its slider at 0) adds nothing: leave it out of the sum.
  const nonzero = all.filter((p) => !(isCheap(p) && p.breaks.length === 0 && p.at(0) === 0));
  const pieces = nonzero.length > 0 ? nonzero : all.slice(0, 1);
  const breaks = [...new Set(pieces.flatMap((p) => p.breaks))].filter((b) => b > 0).sort((x, y) => x - y);
  // The sum starts from 0 as it always has (0 + -0 is 0); one component, the common case, skips the loop.
  const only = pieces.length === 1 ? pieces[0]! : undefined;
  const n = pieces.length;
  // Each component as a record of five numbers, its kind (CALL for one the sum calls) and its inline values.
  const table = new Float64Array(5 * n);
  pieces.forEach(({ inline }, i) => table.set([inline?.kind ?? CALL, ...(inline?.values ?? [])], 5 * i));
  const deviates = pieces.map(({ inline }) => inline?.deviates ?? new Float64Array(0));
  /** The sum of the components' values, or of their limits from below or from above. */
  const sum = (t: number, limit: typeof AT | typeof BEFORE | typeof AFTER): number => {
    const left = limit === BEFORE;
    let total = 0;
    for (let i = 0, r = 0; i < n; i++, r += 5) {
      const kind = table[r]!;
      if (kind === CONSTANT) {
        total += table[r + 1]!;
      } else if (kind === STEP || kind === RAMP) {
        const start = table[r + 2]!;
        const end = table[r + 3]!;
        const on = left ? t > start && t <= end : t >= start && t < end;
        total += on ? (kind === STEP ? table[r + 1]! : table[r + 1]! + table[r + 4]! * (t - start)) : 0;
      } else if (kind === NOISE) {
        const dt = table[r + 3]!;
        const index = left ? Math.ceil(t / dt - 1e-9) - 1 : Math.floor(t / dt + 1e-9);
        total += table[r + 1]! + table[r + 2]! * deviates[i]![Math.min(table[r + 4]!, Math.max(0, index))]!;
      } else {
        const p = pieces[i]!;
        total += left ? p.before(t) : limit === AFTER ? p.after(t) : p.at(t);
      }
    }
    return total;
  };
  const sumAt = only ? (t: number) => 0 + only.at(t) : (t: number) => sum(t, AT);
  // When every component is right-continuous, I(t⁺) is I(t): the value recorded at a sample time is then the
  // one the next step starts from, so the last time and value are kept (in a typed array: no boxed numbers).
  // Only worth it when some component costs more than the look-up (an expression, a sine, noise, pulses).
  const remember = pieces.every((p) => p.after === p.at) && !pieces.every(isCheap);
  // Continuous too (the left limit is the value everywhere): I(t⁻) shares the remembered value, so the input at the
  // end of one integrator step is the one the next step starts from, computed once.
  const continuous = remember && pieces.every((p) => p.before === p.at);
  const last = new Float64Array([Number.NaN, 0]);
  const remembered = (t: number): number => {
    // t = 0 is always evaluated afresh: 0 and -0 compare equal but an expression may tell them apart.
    if (t !== last[0] || t === 0) {
      last[1] = sumAt(t);
      last[0] = t;
    }
    return last[1]!;
  };
  return {
    at: remember ? remembered : sumAt,
    after: remember ? remembered : only ? (t) => 0 + only.after(t) : (t) => sum(t, AFTER),
    before: continuous ? remembered : only ? (t) => 0 + only.before(t) : (t) => sum(t, BEFORE),
    nextBreak: (t) => {
      let lo = 0;
      let hi = breaks.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (breaks[mid]! <= t) lo = mid + 1;
        else hi = mid;
      }
      return lo < breaks.length ? breaks[lo]! : Number.POSITIVE_INFINITY;
    },
  };
}
