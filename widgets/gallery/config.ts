/**
 * The gallery's setup, shared by the Astro component (build time: a misspelt preset fails the build) and
 * the custom element (which rebuilds the same controls from the same registry entries).
 */
import type { Control } from '../lib/controls.ts';
import { findPreset, presetState, sliderSpecs, type GalleryState, type Numerics } from './state.ts';

export interface GalleryProps {
  /** The preset shown first: 'A' … 'T' or a cell type ('RS', 'IB', 'CH', 'FS', 'LTS', 'TC', 'TC-burst', 'RZ'). */
  preset?: string;
  /** The numerics shown first. */
  numerics?: Numerics;
}

/** What the element reads from data-config. */
export interface GalleryConfig {
  readonly preset: string;
  readonly numerics: Numerics;
}

export function buildGalleryConfig(props: GalleryProps, where: string): GalleryConfig {
  const preset = props.preset ?? 'A';
  if (!findPreset(preset)) throw new Error(`${where}: unknown preset "${preset}".`);
  const numerics = props.numerics ?? 'published';
  if (numerics !== 'published' && numerics !== 'accurate') throw new Error(`${where}: numerics must be 'published' or 'accurate'.`);
  return { preset, numerics };
}

export interface GalleryControls {
  /** a, b, c, d and v(0). */
  readonly model: Control[];
  /** τ and T. */
  readonly time: Control[];
}

/** The slider controls, each showing `state`'s value as its default. */
export function galleryControls(state: GalleryState): GalleryControls {
  const specs = sliderSpecs();
  const model: Control[] = specs.params.map((spec) => ({
    key: spec.name,
    target: { kind: 'param', name: spec.name },
    spec: { ...spec, default: state.params[spec.name] ?? spec.default },
  }));
  model.push({ key: 'v0', target: { kind: 'view', name: 'v0' }, spec: { ...specs.initial, default: state.initial.v } });
  const time: Control[] = specs.time.map((spec) => ({
    key: spec.name,
    target: { kind: 'numerics', name: spec.name as 'dt' | 'duration' },
    spec: { ...spec, default: spec.name === 'dt' ? state.dt : state.duration },
  }));
  return { model, time };
}

/** The value each control shows for `state`. */
export function controlValues(state: GalleryState): Map<string, number> {
  const values = new Map<string, number>();
  for (const [name, value] of Object.entries(state.params)) values.set(name, value);
  values.set('v0', state.initial.v);
  values.set('dt', state.dt);
  values.set('duration', state.duration);
  return values;
}

export function initialState(config: GalleryConfig): GalleryState {
  return presetState(findPreset(config.preset)!, config.numerics);
}
