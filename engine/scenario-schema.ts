/**
 * The JSON Schema of a scenario, generated from the model and stimulus registries so the documentation
 * can never drift from the code: `npm run schema` writes docs/scenario.schema.json, and a test checks the
 * committed file is current. Each model's parameters, state variables, input unit and default method and
 * time step appear under its `model` value.
 */
import { methods } from './integrators/index.ts';
import { models } from './models/index.ts';
import type { ParamSpec } from './params/registry.ts';
import { SCENARIO_VERSION } from './scenario.ts';
import { stimulusKinds, stimulusParams } from './stimuli/stimulus.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function numberSchema(spec: ParamSpec): Json {
  return {
    type: 'number',
    minimum: spec.min,
    maximum: spec.max,
    default: spec.default,
    description: `${spec.meaning}${spec.unit ? ` (${spec.unit})` : ''}.`,
  };
}

function componentSchemas(): Json[] {
  return stimulusKinds.map((kind) =>
    kind === 'expression'
      ? {
          type: 'object',
          description: 'An expression in t (ms), e.g. "(t > 10 and t < 13) * 7.04".',
          properties: { kind: { const: kind }, expression: { type: 'string', maxLength: 500 } },
          required: ['kind', 'expression'],
          additionalProperties: false,
        }
      : {
          type: 'object',
          description: `Stimulus component "${kind}" (amplitudes in the model's input unit).`,
          properties: { kind: { const: kind }, ...Object.fromEntries(stimulusParams(kind).map((spec) => [spec.name, numberSchema(spec)])) },
          required: ['kind'],
          additionalProperties: false,
        },
  );
}

export function scenarioSchema(): Json {
  const modelCases = Object.values(models).map((model) => {
    const stateNames = model.state.map((s) => s.name);
    return {
      if: { properties: { model: { const: model.id } } },
      then: {
        description: `${model.title}. ${model.source}. Input in ${model.input.unit || 'dimensionless units'}; membrane potential "${stateNames[model.voltage]}". Defaults: method "${model.defaultMethod}", dt ${model.defaultDt} ms.`,
        properties: {
          params: { type: 'object', properties: Object.fromEntries(model.params.map((spec) => [spec.name, numberSchema(spec)])), additionalProperties: false },
          initial: {
            type: 'object',
            description: 'Missing values take the resting state (the stable fixed point at zero input).',
            properties: Object.fromEntries(model.state.map((s) => [s.name, { type: 'number', description: `${s.meaning}${s.unit ? ` (${s.unit})` : ''}.` }])),
            additionalProperties: false,
          },
          record: { type: 'array', items: { enum: stateNames } },
          method: { default: model.defaultMethod },
          dt: { default: model.defaultDt },
        },
      },
    };
  });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://membrane.example/scenario.schema.json',
    title: 'Membrane scenario',
    description: 'One single-neuron run for `npm run --silent sim -- <file.json | ->`. Generated from the registries by `npm run schema`; see docs/scenario.md.',
    type: 'object',
    required: ['model', 'stimulus', 'duration'],
    additionalProperties: false,
    properties: {
      version: { const: SCENARIO_VERSION },
      model: { enum: Object.keys(models) },
      params: { type: 'object', additionalProperties: { type: 'number' } },
      initial: { type: 'object', additionalProperties: { type: 'number' } },
      stimulus: {
        description: "The injected input in the model's unit: a constant, an expression in t (ms), or a list of components that are summed.",
        oneOf: [{ type: 'number' }, { type: 'string', maxLength: 500 }, { type: 'array', items: { oneOf: componentSchemas() } }],
      },
      duration: { type: 'number', exclusiveMinimum: 0, maximum: 100_000, description: 'Simulated time (ms).' },
      dt: { type: 'number', exclusiveMinimum: 0, maximum: 10, description: "Time step (ms); the first step tried by the adaptive method. Default: the model's." },
      method: {
        enum: Object.keys(methods),
        description: Object.values(methods).map((m) => `"${m.id}": ${m.description}`).join(' '),
      },
      record: { type: 'array', items: { type: 'string' }, description: 'State variables to return; all by default.' },
      sampleEvery: { type: 'number', exclusiveMinimum: 0, description: 'Sampling interval of the traces (ms); a multiple of dt for fixed-step methods. Default: dt.' },
      seed: { type: 'integer', minimum: 0, maximum: 2147483647, description: 'Seed for noise and Poisson input that name no seed of their own. Default: 1.' },
      rtol: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 1e-6, description: 'Relative tolerance of the adaptive method.' },
      atol: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 1e-9, description: 'Absolute tolerance of the adaptive method.' },
    },
    allOf: modelCases,
  };
}
