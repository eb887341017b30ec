/**
 * The model registry (engine/models/registry.ts) and the on-demand loaders a page uses (engine/models/load.ts):
 * every id a scenario may name has a loader that yields the very model Node registers, so a widget that loads its
 * model sees the same parameters, equations and events as the runner and the tests.
 */
import { describe, expect, test } from 'vitest';
import { models } from '../../engine/models/index.ts';
import { loadModel } from '../../engine/models/load.ts';
import { getModel, isModelId, modelIds, registerModel } from '../../engine/models/registry.ts';
import { parseScenario } from '../../engine/scenario.ts';

describe('model registry', () => {
  test('modelIds lists exactly the models of models/index.ts, and each is registered for getModel', () => {
    expect([...modelIds].sort()).toEqual(Object.keys(models).sort());
    for (const id of modelIds) expect(getModel(id)).toBe(models[id]);
  });

  test('each loader yields the model Node registers; an id that names no model gives undefined', async () => {
    for (const id of modelIds) expect(await loadModel(id)).toBe(models[id]);
    expect(await loadModel('hodgkin-huxley')).toBeUndefined();
    expect(await loadModel('__proto__')).toBeUndefined();
    expect(getModel('toString')).toBeUndefined();
  });

  test('registerModel refuses an id outside modelIds, and a scenario names the known ids', () => {
    expect(() => registerModel({ ...models['lif']!, id: 'lif2' })).toThrow(/not in modelIds/);
    expect(isModelId('lif2')).toBe(false);
    const parsed = parseScenario({ model: 'lif2', stimulus: 0, duration: 10 });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]!.message).toBe(`Unknown model "lif2". Known: ${modelIds.join(', ')}.`);
  });
});
