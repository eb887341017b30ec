/**
 * A scenario's stimulus as numpy code for an exported Brian2 script: the script builds the injected current
 * on the simulation grid t_k = k·dt from the same components the engine compiles (stimuli/stimulus.ts), and
 * hands it to Brian2 as a TimedArray held constant over each step. That is input, not a result: the student
 * can edit any component in Python. Expressions are rebuilt from their parsed AST (never pasted as text) into
 * numpy operations on the time array; noise is drawn with the engine's own generator (python-random.ts).
 *
 * Brian2 holds the value over the step, so it is sampled where the engine's method samples it: Euler and
 * exponential Euler take the right limit at the step's start (`(t > 10) * 2` is already on for the step that
 * starts at 10 ms), the exact method the step's midpoint, and RK4 (and the adaptive method, run as RK4) the
 * start, midpoint and end, of which the midpoint is the single value with second-order error. The published
 * numerics (figure1.m) sample the value at the step's start itself.
 */
import type { ExprNode } from '../stimuli/expression.ts';
import { resolveStimulus, normaliseStimulus, type InputScale, type StimulusInput } from '../stimuli/stimulus.ts';
import { pyComment, pyFloat, pyInt } from './python.ts';

const FUNCTIONS: Readonly<Record<string, string>> = {
  sin: 'np.sin', cos: 'np.cos', tan: 'np.tan', exp: 'np.exp', log: 'np.log', sqrt: 'np.sqrt', abs: 'np.abs',
  floor: 'np.floor', ceil: 'np.ceil', int: 'np.trunc', sign: 'np.sign',
};
const COMPARISONS: Readonly<Record<string, string>> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '==': '==', '!=': '!=' };
const ARITHMETIC: Readonly<Record<string, string>> = { '+': '+', '-': '-', '*': '*', '/': '/' };
/** Truth as the engine's expressions define it: any nonzero value, NaN included (Python's rule). */
const truth = (code: string): string => `(${code} != 0)`;

/** The expression as a numpy expression of the array `t_eval` (ms). Every operation is parenthesised. */
export function expressionToNumpy(node: ExprNode): string {
  switch (node.type) {
    case 'number':
      return pyFloat(node.value);
    case 'variable':
      return 't_eval';
    case 'constant':
      return { pi: 'np.pi', e: 'np.e', ms: '1.0', s: '1000.0' }[node.name];
    case 'unary':
      return node.op === '-' ? `(-${expressionToNumpy(node.arg)})` : `np.where(${truth(expressionToNumpy(node.arg))}, 0.0, 1.0)`;
    case 'binary': {
      const left = expressionToNumpy(node.left);
      const right = expressionToNumpy(node.right);
      if (node.op === '^') return `np.power(${left}, ${right})`;
      if (node.op === 'and') return `np.where(${truth(left)} & ${truth(right)}, 1.0, 0.0)`;
      if (node.op === 'or') return `np.where(${truth(left)} | ${truth(right)}, 1.0, 0.0)`;
      const comparison = COMPARISONS[node.op];
      if (comparison) return `np.where(${left} ${comparison} ${right}, 1.0, 0.0)`;
      return `(${left} ${ARITHMETIC[node.op]!} ${right})`;
    }
    case 'call': {
      const args = node.args.map(expressionToNumpy);
      if (node.name === 'heaviside') return `np.where(${args[0]!} >= 0, 1.0, 0.0)`;
      if (node.name === 'min' || node.name === 'max') {
        const fold = node.name === 'min' ? 'np.minimum' : 'np.maximum';
        return args.slice(1).reduce((acc, arg) => `${fold}(${acc}, ${arg})`, args[0]!);
      }
      return `${FUNCTIONS[node.name]!}(${args[0]!})`;
    }
  }
}

export interface StimulusGrid {
  /** Brian2's time step, ms: the grid the current is built on. */
  readonly simDt: number;
  /** The engine's step, ms: white noise is drawn once per engine step. */
  readonly engineDt: number;
  readonly duration: number;
  /** The scenario's seed, for noise components that name none. */
  readonly seed?: number;
  /** Where in each step the held value is sampled: at its start, just after it (right limit), or at its midpoint. */
  readonly sample: 'start' | 'after' | 'mid';
}

/**
 * Python lines that leave the current, in the model's input unit, in the numpy array `I_values` on
 * `t_grid` (ms). The stimulus must have passed the engine's validation.
 */
export function stimulusLines(input: StimulusInput | undefined, scale: InputScale, grid: StimulusGrid): { lines: string[]; usesRandom: boolean } {
  const { components, problems } = resolveStimulus(normaliseStimulus(input), scale);
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join(' '));
  const lines = [
    `sim_dt = ${pyFloat(grid.simDt)}  # ms`,
    `t_grid = np.arange(math.ceil(${pyFloat(grid.duration)} / sim_dt - 1e-9) + 1) * sim_dt  # ms`,
    {
      start: 't_eval = t_grid  # sampled at the start of each step',
      after: 't_eval = np.nextafter(t_grid, np.inf)  # sampled just after the start of each step (the right limit)',
      mid: 't_eval = t_grid + 0.5 * sim_dt  # sampled at the midpoint of each step',
    }[grid.sample],
    'I_values = np.zeros_like(t_grid)',
  ];
  let usesRandom = false;
  for (const { kind, values: v, expression, seeded } of components) {
    switch (kind) {
      case 'expression':
        lines.push(pyComment(`expression: ${expression!.print()}`));
        lines.push('with np.errstate(all="ignore"):');
        lines.push(`    I_values = I_values + np.broadcast_to(${expressionToNumpy(expression!.ast)}, t_grid.shape)`);
        break;
      case 'constant':
        lines.push(`I_values += ${pyFloat(v['amplitude']!)}  # constant`);
        break;
      case 'step':
        lines.push(`I_values += np.where((t_eval >= ${pyFloat(v['start']!)}) & (t_eval < ${pyFloat(v['end']!)}), ${pyFloat(v['amplitude']!)}, 0.0)  # step`);
        break;
      case 'pulseTrain':
        lines.push(`for k in range(${pyInt(v['count']!)}):  # pulse train`);
        lines.push(`    onset = ${pyFloat(v['start']!)} + k * ${pyFloat(v['period']!)}`);
        lines.push(`    if onset > ${pyFloat(grid.duration)}:`);
        lines.push('        break');
        lines.push(`    I_values += np.where((t_eval >= onset) & (t_eval < onset + ${pyFloat(v['width']!)}), ${pyFloat(v['amplitude']!)}, 0.0)`);
        break;
      case 'ramp': {
        const [from, to, start, end] = [v['from']!, v['to']!, v['start']!, v['end']!];
        lines.push(
          `I_values += np.where((t_eval >= ${pyFloat(start)}) & (t_eval < ${pyFloat(end)}), ` +
            `${pyFloat(from)} + ${pyFloat((to - from) / (end - start))} * (t_eval - ${pyFloat(start)}), 0.0)  # ramp`,
        );
        break;
      }
      case 'sine': {
        const omega = (2 * Math.PI * v['frequency']!) / 1000;
        lines.push(`I_values += np.where(t_eval >= ${pyFloat(v['start']!)}, ${pyFloat(v['amplitude']!)} * np.sin(${pyFloat(omega)} * (t_eval - ${pyFloat(v['start']!)})), 0.0)  # sine`);
        break;
      }
      case 'noise': {
        usesRandom = true;
        const seed = seeded || grid.seed === undefined ? v['seed']! : grid.seed;
        lines.push(`noise = white_noise(${pyFloat(v['mean']!)}, ${pyFloat(v['sigma']!)}, ${pyInt(seed)}, ${pyFloat(grid.engineDt)}, ${pyFloat(grid.duration)})  # seeded as in the engine`);
        lines.push(`I_values += noise[np.clip(np.floor(t_eval / ${pyFloat(grid.engineDt)} + 1e-9).astype(int), 0, len(noise) - 1)]`);
        break;
      }
    }
  }
  return { lines, usesRandom };
}
