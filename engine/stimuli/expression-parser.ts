/**
 * The stimulus grammar (expression.ts) is the largest piece of the engine that a single-neuron widget ships, and
 * most lessons never write a stimulus as an expression. So a page fetches it when a stimulus needs it, as it does
 * the models (models/load.ts): `loadExpressionParser` before a state, link or job with an expression is checked.
 * expression.ts registers its parser when it is evaluated; in Node, stimulus.ts imports it, so it is always there.
 * Until then `resolveStimulus` refuses an expression with a message instead of parsing it.
 */
import { lazyRegistration } from '../lazy-registration.ts';
import type { Expression } from './expression.ts';

export type ParseExpression = (source: string) => Expression;

const grammar = lazyRegistration<ParseExpression>(() => import('./expression.ts'));

/** What a reader is told when an expression is met before the grammar has loaded (its fetch failed, say). */
export const GRAMMAR_NOT_LOADED = 'the expression grammar has not loaded; reload the page to try again.';

export const registerExpressionParser: (parse: ParseExpression) => void = grammar.register;

/** The parser, once expression.ts has been evaluated; undefined before. */
export const expressionParser: () => ParseExpression | undefined = grammar.get;

/**
 * The parser, fetched first if the page has not loaded it; undefined if the fetch failed. `resolveStimulus` refuses an
 * expression in words (GRAMMAR_NOT_LOADED) while the grammar is missing.
 */
export const loadExpressionParser: () => Promise<ParseExpression | undefined> = grammar.load;

/** Whether a stimulus as a scenario or widget state gives it (text, or a list of components) holds an expression. */
export function usesExpression(stimulus: unknown): boolean {
  if (typeof stimulus === 'string') return true;
  return Array.isArray(stimulus) && stimulus.some((c) => typeof c === 'object' && c !== null && (c as { kind?: unknown }).kind === 'expression');
}
