/**
 * The gallery's state: one Izhikevich setup (parameters, initial state, stimulus expression, time grid)
 * and which numerics are shown. A setup always stands for two runs, the published one (figure1.m's loop
 * at the time step τ) and the model's accurate one (its default method and step), so the state is not a
 * single scenario; `scenarios()` turns it into the two runner scenarios.
 *
 * Presets come from engine/models/izhikevich-features.ts (the 20 features of Izhikevich 2004 and the cell
 * types of Izhikevich 2003). Slider ranges are the course notebook's (COURSE.md, week 3), widened just
 * enough that every preset fits, so choosing a preset never lands outside a slider.
 */
import {
  findParam,
  izhikevich,
  izhikevichCellTypes,
  izhikevichFeatures,
  izhikevichPresets,
  parseScenario,
  type IzhikevichPreset,
  type MethodId,
  type ParamProblem,
  type ParamSpec,
  type Scenario,
} from '../../engine/index.ts';

export const GALLERY_STATE_VERSION = 1;

export type Numerics = 'published' | 'accurate';
export const numericsChoices: readonly Numerics[] = ['published', 'accurate'];

export interface GalleryState {
  readonly version: typeof GALLERY_STATE_VERSION;
  /** The preset the setup came from: 'A' … 'T' or a cell type ('RS', 'TC-burst', …). */
  readonly preset: string;
  /** Every parameter that differs from the model's defaults, and always a, b, c, d. */
  readonly params: Readonly<Record<string, number>>;
  readonly initial: { readonly v: number; readonly u: number };
  /** I(t) as an expression in t (ms), dimensionless like the model's input. */
  readonly stimulus: string;
  /** Time step τ of the published loop, ms (the accurate run uses the model's own step). */
  readonly dt: number;
  /** Simulated time, ms. */
  readonly duration: number;
  readonly numerics: Numerics;
}

export interface PresetGroup {
  readonly label: string;
  readonly presets: readonly IzhikevichPreset[];
}

export const presetGroups: readonly PresetGroup[] = [
  { label: 'The 20 features of Izhikevich 2004 (figure1.m)', presets: izhikevichFeatures },
  { label: 'Cell types of Izhikevich 2003', presets: izhikevichCellTypes },
];

export function findPreset(id: string): IzhikevichPreset | undefined {
  return izhikevichPresets.find((p) => p.id === id);
}

const isFeature = (preset: IzhikevichPreset): boolean => izhikevichFeatures.includes(preset);

/** "Feature C, tonic bursting" or "Cell type RS, regular spiking". */
export function presetLabel(preset: IzhikevichPreset): string {
  return `${isFeature(preset) ? 'Feature' : 'Cell type'} ${preset.id}, ${preset.name}`;
}

/** The chooser's option text: "C. tonic bursting", "RS: regular spiking". */
export function optionLabel(preset: IzhikevichPreset): string {
  return isFeature(preset) ? `${preset.id}. ${preset.name}` : `${preset.id}: ${preset.name}`;
}

/** The parameters a student moves; the others (k2, k1, k0, vr, uDecay, vPeak) only come with a preset. */
export const SLIDER_PARAMS = ['a', 'b', 'c', 'd'] as const;

function modelSpec(name: string): ParamSpec {
  return findParam(izhikevich.params, name)!;
}

/** The notebook's slider ranges (COURSE.md, week 3): a, b, c, d, v(0), time step and duration. */
const NOTEBOOK: Readonly<Record<string, readonly [number, number]>> = {
  a: [-0.03, 1],
  b: [-1, 1],
  c: [-65, -45],
  d: [-2, 8],
  v0: [-87, -50],
  dt: [0.1, 1],
  duration: [100, 2000],
};

/** The value of slider `key` in a preset. */
function presetValue(preset: IzhikevichPreset, key: string): number {
  if (key === 'v0') return preset.initial.v;
  if (key === 'dt') return preset.dt;
  if (key === 'duration') return preset.duration;
  return (preset.params as Record<string, number | undefined>)[key] ?? modelSpec(key).default;
}

/** A notebook range widened to hold every preset, rounded outwards to the slider's step. */
function sliderRange(key: string, step: number): [number, number] {
  const values = izhikevichPresets.map((p) => presetValue(p, key));
  const [lo, hi] = NOTEBOOK[key]!;
  const min = Math.min(lo, ...values);
  const max = Math.max(hi, ...values);
  return [Math.floor(min / step + 1e-9) * step, Math.ceil(max / step - 1e-9) * step].map((v) => Number(v.toFixed(6))) as [number, number];
}

/**
 * The registry entries the gallery's sliders use: a, b, c, d from the model's registry (their ranges
 * narrowed to the notebook's, but never below what a preset needs: feature Q has d = -21), then the
 * initial voltage, the published loop's time step and the duration.
 */
export function sliderSpecs(): { params: ParamSpec[]; initial: ParamSpec; time: ParamSpec[] } {
  const params = SLIDER_PARAMS.map((name) => {
    const spec = modelSpec(name);
    const [min, max] = sliderRange(name, spec.step);
    return { ...spec, min: Math.max(spec.min, min), max: Math.min(spec.max, max) };
  });
  const [v0Min, v0Max] = sliderRange('v0', 0.5);
  const [dtMin, dtMax] = sliderRange('dt', 0.01);
  const [tMin, tMax] = sliderRange('duration', 10);
  return {
    params,
    initial: { name: 'v0', symbol: 'v(0)', unit: 'mV', default: -65, min: v0Min, max: v0Max, step: 0.5, meaning: 'Initial membrane potential; u(0) follows as b·v(0)' },
    time: [
      { name: 'dt', symbol: '\\tau', unit: 'ms', default: 0.25, min: dtMin, max: dtMax, step: 0.01, meaning: 'Time step of the published loop (figure1.m’s tau)' },
      { name: 'duration', symbol: 'T', unit: 'ms', default: 400, min: tMin, max: tMax, step: 10, meaning: 'Simulated time' },
    ],
  };
}

/** The setup a preset describes. */
export function presetState(preset: IzhikevichPreset, numerics: Numerics): GalleryState {
  const params: Record<string, number> = {};
  for (const name of SLIDER_PARAMS) params[name] = presetValue(preset, name);
  for (const [name, value] of Object.entries(preset.params)) if (value !== undefined) params[name] = value;
  return {
    version: GALLERY_STATE_VERSION,
    preset: preset.id,
    params,
    initial: { v: preset.initial.v, u: preset.initial.u },
    stimulus: preset.stimulus,
    dt: preset.dt,
    duration: preset.duration,
    numerics,
  };
}

/** True when the setup is no longer its preset's (a slider moved, the stimulus was retyped). */
export function isEdited(state: GalleryState): boolean {
  const preset = findPreset(state.preset);
  if (!preset) return true;
  const { numerics: _numerics, ...original } = presetState(preset, state.numerics);
  const { numerics: _shown, ...current } = state;
  return JSON.stringify(sorted(original)) !== JSON.stringify(sorted(current));
}

function sorted(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sorted(v)]));
}

/** Sets a slider parameter. Moving b keeps the notebook's and figure1.m's rule u(0) = b·v(0). */
export function withParam(state: GalleryState, name: string, value: number): GalleryState {
  const params = { ...state.params, [name]: value };
  const initial = name === 'b' ? { v: state.initial.v, u: value * state.initial.v } : state.initial;
  return { ...state, params, initial };
}

/** Sets v(0), and u(0) = b·v(0) with it (feature R's u(0) = -16 holds only until v(0) or b moves). */
export function withInitialV(state: GalleryState, v: number): GalleryState {
  const b = state.params['b'] ?? modelSpec('b').default;
  return { ...state, initial: { v, u: b * v } };
}

/** The parameters a preset sets besides the sliders' (figure1.m's shifted quadratic for G and L, R's u-equation). */
export function extraParams(state: GalleryState): { name: string; value: number }[] {
  return Object.entries(state.params)
    .filter(([name]) => !(SLIDER_PARAMS as readonly string[]).includes(name))
    .filter(([name, value]) => value !== modelSpec(name).default)
    .map(([name, value]) => ({ name, value }));
}

/** The method and step of each numerics. The accurate one is the model's own (RK4 at 0.01 ms). */
export function numericsOf(state: GalleryState, which: Numerics): { method: MethodId; dt: number } {
  return which === 'published' ? { method: 'published', dt: state.dt } : { method: izhikevich.defaultMethod as MethodId, dt: izhikevich.defaultDt };
}

/** The runner scenario of one of the two runs: exactly what `npm run sim` would be given. */
export function scenarioOf(state: GalleryState, which: Numerics): Scenario {
  const { method, dt } = numericsOf(state, which);
  return {
    version: 1,
    model: izhikevich.id,
    params: { ...state.params },
    initial: { v: state.initial.v, u: state.initial.u },
    stimulus: state.stimulus,
    duration: state.duration,
    dt,
    method,
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Validates untrusted state (a stored link, a test) before the gallery accepts it: the shape, the preset,
 * the sliders' ranges, and then both runs as the runner would check them (parameters, stimulus, grid).
 */
export function parseGalleryState(input: unknown): { ok: true; state: GalleryState } | { ok: false; problems: ParamProblem[] } {
  if (!isRecord(input)) return { ok: false, problems: [{ name: 'state', message: 'The gallery state must be an object.' }] };
  const problems: ParamProblem[] = [];
  const known = ['version', 'preset', 'params', 'initial', 'stimulus', 'dt', 'duration', 'numerics'];
  for (const key of Object.keys(input)) if (!known.includes(key)) problems.push({ name: key, message: `Unknown field "${key}". Known: ${known.join(', ')}.` });
  if (input['version'] !== GALLERY_STATE_VERSION) problems.push({ name: 'version', message: `version must be ${GALLERY_STATE_VERSION}.` });
  if (typeof input['preset'] !== 'string' || !findPreset(input['preset'])) {
    problems.push({ name: 'preset', message: `Unknown preset ${JSON.stringify(input['preset'])}. Known: ${izhikevichPresets.map((p) => p.id).join(', ')}.` });
  }
  if (!numericsChoices.includes(input['numerics'] as Numerics)) problems.push({ name: 'numerics', message: 'numerics must be "published" or "accurate".' });
  if (typeof input['stimulus'] !== 'string') problems.push({ name: 'stimulus', message: 'stimulus must be an expression in t (ms).' });
  const params = input['params'];
  if (!isRecord(params) || !Object.values(params).every((v) => typeof v === 'number')) problems.push({ name: 'params', message: 'params must be an object of numbers.' });
  const initial = input['initial'];
  if (!isRecord(initial) || Object.keys(initial).sort().join() !== 'u,v' || !Object.values(initial).every((v) => typeof v === 'number' && Number.isFinite(v))) {
    problems.push({ name: 'initial', message: 'initial must be { v, u } with finite numbers.' });
  }
  const specs = sliderSpecs();
  for (const spec of [...specs.time, specs.initial, ...specs.params]) {
    const value = spec.name === 'v0' ? (isRecord(initial) ? initial['v'] : undefined) : spec.name === 'dt' || spec.name === 'duration' ? input[spec.name] : isRecord(params) ? params[spec.name] : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max) {
      problems.push({ name: spec.name, message: `${spec.name} must be a number from ${spec.min} to ${spec.max}${spec.unit ? ` ${spec.unit}` : ''}, got ${String(value)}.` });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const state = input as unknown as GalleryState;
  for (const which of numericsChoices) {
    const parsed = parseScenario(scenarioOf(state, which));
    if (!parsed.ok) return { ok: false, problems: parsed.problems };
  }
  const clean: GalleryState = {
    version: GALLERY_STATE_VERSION,
    preset: state.preset,
    params: { ...state.params },
    initial: { v: state.initial.v, u: state.initial.u },
    stimulus: state.stimulus,
    dt: state.dt,
    duration: state.duration,
    numerics: state.numerics,
  };
  return { ok: true, state: clean };
}
