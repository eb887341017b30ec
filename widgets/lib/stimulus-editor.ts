/**
 * The typed stimulus editor: the student writes I(t) as an expression in t (ms), parsed by the engine's own
 * grammar (never evaluated as code). A parse error is shown under the field with its column and the last
 * good stimulus stays; a valid expression replaces the stimulus. Presets fill the field with examples.
 */
import type { Stimulus } from '../../engine/index.ts';
import { ExpressionError } from '../../engine/stimuli/expression-error.ts';
import { expressionParser, GRAMMAR_NOT_LOADED, loadExpressionParser } from '../../engine/stimuli/expression-parser.ts';

export type EditorResult = { ok: true; stimulus: Stimulus } | { ok: false; message: string; column: number };

/** Checks the text with the grammar, which the editor loads before its first check (bindStimulusEditor). */
export function readExpression(text: string): EditorResult {
  const parseExpression = expressionParser();
  if (!parseExpression) return { ok: false, message: GRAMMAR_NOT_LOADED.charAt(0).toUpperCase() + GRAMMAR_NOT_LOADED.slice(1), column: 1 };
  try {
    parseExpression(text);
    return { ok: true, stimulus: [{ kind: 'expression', expression: text }] };
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, message: error.message, column: error.column };
    throw error;
  }
}

export function bindStimulusEditor(root: HTMLElement, apply: (stimulus: Stimulus) => void): void {
  const field = root.querySelector<HTMLInputElement>('[data-role="expression"]');
  const error = root.querySelector<HTMLElement>('[data-role="expression-error"]');
  const presets = root.querySelector<HTMLSelectElement>('[data-role="expression-presets"]');
  if (!field || !error) return;
  const submit = async () => {
    // Fetched on the first check, not with the page: most widgets with an editor start from a preset stimulus.
    await loadExpressionParser();
    const result = readExpression(field.value);
    if (!result.ok) {
      error.textContent = result.message;
      error.hidden = false;
      field.setAttribute('aria-invalid', 'true');
      return;
    }
    error.hidden = true;
    error.textContent = '';
    field.removeAttribute('aria-invalid');
    apply(result.stimulus);
  };
  field.addEventListener('change', () => void submit());
  field.closest('form')?.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  presets?.addEventListener('change', () => {
    if (!presets.value) return;
    field.value = presets.value;
    void submit();
  });
}
