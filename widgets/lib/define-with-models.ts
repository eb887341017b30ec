import { loadModel } from '../../engine/models/load.ts';
import { loadAdaptiveDriver } from '../../engine/run/adaptive-loader.ts';
import { loadExpressionParser } from '../../engine/stimuli/expression-parser.ts';

/**
 * Defines the custom element `tag` once the models `ids` are loaded (each model is a chunk of its own,
 * engine/models/load.ts), so its instances start with their model at hand and `customElements.whenDefined`
 * means what callers (setup links, exercises) expect: the widget has a state. A model that fails to load does
 * not stop the definition: the element that needs it says what went wrong.
 */
export async function defineWithModels(tag: string, element: CustomElementConstructor, ids: Iterable<string>, options: { expressions?: boolean; adaptive?: boolean } = {}): Promise<void> {
  await Promise.all([
    ...[...new Set(ids)].map((id) => loadModel(id).catch(() => undefined)),
    // The stimulus grammar too, when an instance's stimulus is an expression (engine/stimuli/expression-parser.ts).
    options.expressions ? loadExpressionParser() : undefined,
    // And the adaptive method, when an instance starts with it (engine/run/adaptive-loader.ts).
    options.adaptive ? loadAdaptiveDriver() : undefined,
  ]);
  if (!customElements.get(tag)) customElements.define(tag, element);
}
