/**
 * State of the <hebb-cloud> widget: a plain JSON object (what getState() returns and setState() accepts),
 * its parameter registry (labels, units and ranges of the sliders), validation of untrusted input, and
 * the translation into engine objects (cloud, rule, initial weights). Pure: no DOM.
 */
import { resolveParams, type ParamSpec, type ParamValues, type Registry } from '../../engine/params/registry.ts';
import { cos, sin } from '../../engine/math/deterministic.ts';
import { cloudSource, type Cloud2D, type InputSource } from '../../engine/plasticity/inputs.ts';
import { createRule, type HebbianRule } from '../../engine/plasticity/rate-rules.ts';
import type { Control } from '../lib/controls.ts';

export const cloudRules = ['hebb', 'covariance', 'oja', 'gated'] as const;
export type CloudRule = (typeof cloudRules)[number];

export const cloudRuleLabels: Readonly<Record<CloudRule, string>> = {
  hebb: 'Plain Hebb: η x v',
  covariance: 'Covariance: η (x − ⟨x⟩)(v − ⟨v⟩)',
  oja: 'Oja: η (v x − v² w)',
  gated: 'Gated: η (v − θ) x',
};

export const hebbCloudParams = [
  { name: 'eta', symbol: '\\eta', unit: '', default: 0.01, min: 0, max: 0.1, step: 0.001, meaning: 'Learning rate, per sample (dimensionless)' },
  { name: 'elongation', symbol: '\\sigma_1/\\sigma_2', unit: '', default: 1, min: 1, max: 10, step: 0.1, meaning: 'Elongation of the cloud: ratio of its standard deviations (dimensionless)' },
  { name: 'angle', symbol: '\\varphi', unit: 'deg', default: 0, min: -90, max: 90, step: 1, meaning: 'Angle of the cloud’s long axis' },
  { name: 'offset', symbol: '|m|', unit: '', default: 0, min: 0, max: 4, step: 0.1, meaning: 'Distance of the cloud’s centre from the origin (dimensionless)' },
  { name: 'offsetAngle', symbol: '\\psi', unit: 'deg', default: 90, min: -180, max: 180, step: 1, meaning: 'Direction of the cloud’s centre' },
  { name: 'sd', symbol: '\\sigma_1', unit: '', default: 1, min: 0.1, max: 3, step: 0.05, meaning: 'Standard deviation along the long axis (dimensionless)' },
  { name: 'theta', symbol: '\\theta', unit: '', default: 0.5, min: -5, max: 5, step: 0.05, meaning: 'Threshold of the gated rule (dimensionless)' },
  { name: 'seed', symbol: '\\text{seed}', unit: '', default: 1, min: 0, max: 9999, step: 1, meaning: 'Seed of the random samples (dimensionless)' },
  { name: 'w0Norm', symbol: '|w_0|', unit: '', default: 0.5, min: 0.05, max: 3, step: 0.05, meaning: 'Length of the initial weight vector (dimensionless)' },
  { name: 'w0Angle', symbol: '\\alpha_0', unit: 'deg', default: 100, min: -180, max: 180, step: 1, meaning: 'Direction of the initial weight vector' },
  { name: 'speed', symbol: 'k', unit: '', default: 2, min: 1, max: 50, step: 1, meaning: 'Speed: samples presented per animation frame while playing (a count)' },
] as const satisfies Registry;

export type HebbCloudParam = (typeof hebbCloudParams)[number]['name'];

export interface HebbCloudState extends ParamValues<HebbCloudParam> {
  readonly version: 1;
  readonly rule: CloudRule;
}

/** |w| beyond which the widget stops a run as diverged. */
export const MAX_NORM = 1e6;
/** A run stops after this many samples. */
export const MAX_SAMPLES = 50_000;

export interface Problem {
  readonly name: string;
  readonly message: string;
}

const RADIANS = Math.PI / 180;

export function isCloudRule(value: unknown): value is CloudRule {
  return typeof value === 'string' && (cloudRules as readonly string[]).includes(value);
}

/** Validates untrusted input (a pasted state, the lesson's props); never returns a half-valid state. */
export function parseHebbCloudState(input: unknown): { ok: true; state: HebbCloudState } | { ok: false; problems: Problem[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [{ name: 'state', message: 'The state must be an object.' }] };
  const { version = 1, rule = 'oja', ...rest } = input as Record<string, unknown>;
  const problems: Problem[] = [];
  if (version !== 1) problems.push({ name: 'version', message: `version must be 1, got ${String(version)}.` });
  if (!isCloudRule(rule)) problems.push({ name: 'rule', message: `rule must be one of ${cloudRules.join(', ')}, got ${JSON.stringify(rule)}.` });
  const resolved = resolveParams(hebbCloudParams, rest);
  problems.push(...resolved.problems);
  if (resolved.problems.length === 0 && !Number.isInteger(resolved.values.seed)) problems.push({ name: 'seed', message: `seed must be a whole number, got ${resolved.values.seed}.` });
  if (problems.length > 0 || !isCloudRule(rule)) return { ok: false, problems };
  return { ok: true, state: { version: 1, rule, ...resolved.values } };
}

/** The input cloud of a state: long axis sd at `angle`, short axis sd / elongation, centre at `offset` in direction `offsetAngle`. */
export function cloudOf(state: HebbCloudState): Cloud2D {
  return {
    sd1: state.sd,
    sd2: state.sd / state.elongation,
    angle: state.angle,
    centreX: state.offset * cos(state.offsetAngle * RADIANS),
    centreY: state.offset * sin(state.offsetAngle * RADIANS),
  };
}

export function inputOf(state: HebbCloudState): InputSource {
  return cloudSource(cloudOf(state), state.seed);
}

/** The engine rule; the covariance rule gets the cloud's true centre as its given means. */
export function ruleOf(state: HebbCloudState): HebbianRule {
  switch (state.rule) {
    case 'gated':
      return createRule('gated', { params: { a2corr: state.eta, theta: state.theta } });
    case 'covariance': {
      const c = cloudOf(state);
      return createRule('covariance', { params: { eta: state.eta }, meanPre: [c.centreX, c.centreY] });
    }
    default:
      return createRule(state.rule, { params: { eta: state.eta } });
  }
}

export function initialWeights(state: HebbCloudState): Float64Array {
  return Float64Array.of(state.w0Norm * cos(state.w0Angle * RADIANS), state.w0Norm * sin(state.w0Angle * RADIANS));
}

/** Slider keys a lesson may show, in order. */
export const sliderKeys = ['eta', 'elongation', 'angle', 'offset', 'offsetAngle', 'seed', 'w0Norm', 'w0Angle', 'speed'] as const;
export type SliderKey = (typeof sliderKeys)[number];
export const defaultSliders: readonly SliderKey[] = ['eta', 'elongation', 'angle', 'offset', 'seed', 'w0Norm', 'w0Angle', 'speed'];

/** Controls for the shared ParamPanel: the registry entry with the lesson's value as the default (what reset returns to). */
export function controlsOf(state: HebbCloudState, keys: readonly SliderKey[]): Control[] {
  return keys.map((key) => {
    const spec = hebbCloudParams.find((s) => s.name === key)! as ParamSpec;
    return { key, target: { kind: 'view', name: key }, spec: { ...spec, default: state[key] } };
  });
}

export interface HebbCloudProps {
  rule?: string;
  /** Overrides of the state's numbers (eta, elongation, angle, offset, offsetAngle, sd, theta, seed, w0Norm, w0Angle, speed). */
  cloud?: Record<string, number>;
  eta?: number;
  seed?: number;
  controls?: readonly string[];
}

export interface HebbCloudConfig {
  readonly state: HebbCloudState;
  readonly controls: Control[];
}

/** Props to the build-time config; a mistake in a lesson throws, failing the build. */
export function buildHebbCloudConfig(props: HebbCloudProps, where: string): HebbCloudConfig {
  const input: Record<string, unknown> = { version: 1, rule: props.rule ?? 'oja', ...(props.cloud ?? {}) };
  if (props.eta !== undefined) input['eta'] = props.eta;
  if (props.seed !== undefined) input['seed'] = props.seed;
  const parsed = parseHebbCloudState(input);
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.map((p) => p.message).join(' ')}`);
  const keys = props.controls ?? defaultSliders;
  for (const key of keys) if (!(sliderKeys as readonly string[]).includes(key)) throw new Error(`${where}: unknown control "${key}". Known: ${sliderKeys.join(', ')}.`);
  return { state: parsed.state, controls: controlsOf(parsed.state, keys as readonly SliderKey[]) };
}
