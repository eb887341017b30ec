/**
 * The parameter registry: the one description of a model's parameters that sliders, URL state,
 * exports and the docs all read. A registry is plain data so it can be serialised and rendered
 * anywhere (Node, a Web Worker, an Astro page at build time).
 */

export interface ParamSpec<Name extends string = string> {
  /** Identifier used in code, URLs and scenarios, in the field's own terms (`tauM`, `thetaRh`). */
  readonly name: Name;
  /** Display symbol in TeX, rendered by KaTeX at build time. */
  readonly symbol: string;
  /** Unit shown next to every value (`ms`, `mV`, `nA`, `MΩ`, `Hz`); empty string for dimensionless. */
  readonly unit: string;
  readonly default: number;
  /** The range a slider offers and validation accepts. */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** One line saying what the parameter is, for labels, tooltips and docs. */
  readonly meaning: string;
}

export type Registry<Name extends string = string> = readonly ParamSpec<Name>[];

export type ParamValues<Name extends string = string> = Record<Name, number>;

export type NamesOf<R extends Registry> = R[number]['name'];

export function defaultValues<Name extends string>(registry: Registry<Name>): ParamValues<Name> {
  const values = {} as ParamValues<Name>;
  for (const spec of registry) values[spec.name] = spec.default;
  return values;
}

export function findParam<Name extends string>(registry: Registry<Name>, name: string): ParamSpec<Name> | undefined {
  return registry.find((spec) => spec.name === name);
}

export interface ParamProblem {
  readonly name: string;
  readonly message: string;
}

/** Checks that `value` is a finite number inside the registry's range; returns a sentence a reader understands. */
export function checkValue(spec: ParamSpec, value: unknown): ParamProblem | undefined {
  const label = `${spec.name}${spec.unit ? ` (${spec.unit})` : ''}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { name: spec.name, message: `${label} must be a finite number, got ${String(value)}.` };
  }
  if (value < spec.min || value > spec.max) {
    return {
      name: spec.name,
      message: `${label} = ${value} is outside the allowed range ${spec.min} to ${spec.max}${spec.unit ? ` ${spec.unit}` : ''}.`,
    };
  }
  return undefined;
}

/**
 * Merges `overrides` into the defaults and validates every value. Unknown names are reported rather than
 * ignored: a typo in a scenario file or a shared link must not silently fall back to a default.
 */
export function resolveParams<Name extends string>(
  registry: Registry<Name>,
  overrides: Readonly<Record<string, unknown>> = {},
): { values: ParamValues<Name>; problems: ParamProblem[] } {
  const values = defaultValues(registry);
  const problems: ParamProblem[] = [];
  for (const [name, value] of Object.entries(overrides)) {
    const spec = findParam(registry, name);
    if (!spec) {
      problems.push({ name, message: `Unknown parameter "${name}". Known: ${registry.map((s) => s.name).join(', ')}.` });
      continue;
    }
    const problem = checkValue(spec, value);
    if (problem) problems.push(problem);
    else values[spec.name] = value as number;
  }
  return { values, problems };
}

/** Rounds to the registry's step so slider values do not carry floating-point noise into URLs and exports. */
export function snapToStep(spec: ParamSpec, value: number): number {
  const steps = Math.round((value - spec.min) / spec.step);
  const snapped = spec.min + steps * spec.step;
  const decimals = Math.max(0, -Math.floor(Math.log10(spec.step)) + 1);
  return Math.min(spec.max, Math.max(spec.min, Number(snapped.toFixed(decimals))));
}
