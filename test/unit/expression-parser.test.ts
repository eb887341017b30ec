/**
 * The stimulus grammar behind a loader (engine/stimuli/expression-parser.ts): a page fetches it when a stimulus
 * needs it; in Node it is registered as soon as the engine's stimuli are imported. What a page's build fetches is
 * checked in the browser (test/browser/page-weight.test.ts).
 */
import { describe, expect, test } from 'vitest';
import { resolveStimulus } from '../../engine/stimuli/stimulus.ts';
import { parseExpression } from '../../engine/stimuli/expression.ts';
import { expressionParser, loadExpressionParser, registerExpressionParser, usesExpression } from '../../engine/stimuli/expression-parser.ts';

describe('the stimulus grammar on demand', () => {
  test('usesExpression finds an expression as text or as a component, and nothing else', () => {
    expect(usesExpression('(t > 10) * 2')).toBe(true);
    expect(usesExpression([{ kind: 'constant', amplitude: 1 }, { kind: 'expression', expression: 't' }])).toBe(true);
    expect(usesExpression([{ kind: 'step', amplitude: 1, start: 0, end: 5 }])).toBe(false);
    for (const other of [undefined, null, 3, {}, { kind: 'expression' }, [null, 'expression', { kind: 'Expression' }]]) {
      expect(usesExpression(other), JSON.stringify(other)).toBe(false);
    }
  });

  test('in Node the parser is registered, and loading it gives the same function', async () => {
    expect(expressionParser()).toBe(parseExpression);
    expect(await loadExpressionParser()).toBe(parseExpression);
  });

  test('before the grammar is loaded an expression is refused in words; other components resolve', () => {
    registerExpressionParser(undefined as never);
    try {
      const { components, problems } = resolveStimulus([{ kind: 'constant', amplitude: 1 }, { kind: 'expression', expression: 't > 5' }]);
      expect(components.map((c) => c.kind)).toEqual(['constant']);
      expect(problems).toEqual([{ name: 'stimulus[1].expression', message: 'Stimulus 2 (expression): the expression grammar has not loaded; reload the page to try again.' }]);
    } finally {
      registerExpressionParser(parseExpression);
    }
    expect(resolveStimulus([{ kind: 'expression', expression: 't > 5' }]).problems).toEqual([]);
  });
});
