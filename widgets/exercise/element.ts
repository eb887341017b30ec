/**
 * <membrane-exercise>: wires the server-rendered markup of Exercise.astro to check.ts. The
 * element only reads the form, applies the pure transition in state.ts and reflects the result;
 * every rule lives in those two modules. Variants (variants.ts) and widget checkers
 * (widget-checks.ts) need the engine, so they load only on pages whose exercises use them.
 *
 * Every counted attempt is saved (progress.ts) under the exercise's page and id; on load a saved
 * record restores the answer, the attempt count and what it unlocked.
 */
import type { CheckResult } from './check';
import { answerForm, readAnswerSpec, type AnswerSpec } from './spec';
import { entryKey, type ProgressEntry, type StoredAnswer } from './progress';
import { INITIAL_STATE, afterCheck, attemptsText, lastAnswerText, restoredState, type ExerciseState } from './state';
import { CODE_EVENT, sharedProgressStore } from './student-code';
import type { Variant, VariantPreset } from './variants';
import { ensureDefined } from '../lib/lazy-element';

/** Finds a part rendered by Exercise.astro; the markup and this file change together. */
function part<T extends Element>(root: Element, name: string): T | null {
  return root.querySelector<T>(`[data-part="${name}"]`);
}

/** The widget `id` names, once its code has loaded (widgets load as the reader nears them); null when absent. */
async function widgetById(id: string): Promise<Element | null> {
  const element = document.getElementById(id);
  if (element) await ensureDefined(element.localName).catch(() => undefined);
  return element;
}

/** A widget element as widgets/lib/widget-element.ts defines them. */
interface StatefulWidget extends HTMLElement {
  getState(): unknown;
  setState(input: unknown): readonly { readonly message: string }[];
}

const isStatefulWidget = (element: Element | null): element is StatefulWidget =>
  element !== null && typeof (element as Partial<StatefulWidget>).getState === 'function' && typeof (element as Partial<StatefulWidget>).setState === 'function';

/** The store's problem is shown once per page, by the first exercise that finds it. */
let storeProblemShown = false;

/** Code fetched on demand (the checker, variants, widget checks) that did not arrive: offline before the first visit
 * cached it, or a new deploy. Not an attempt; the reader is told in words and can try again. */
class NotLoaded extends Error {
  constructor() {
    super('The answer checker could not load. Check your connection and press Check again.');
  }
}

const onDemand = <T>(load: Promise<T>): Promise<T> =>
  load.catch(() => {
    throw new NotLoaded();
  });

interface Judged {
  readonly result: CheckResult;
  readonly answer: StoredAnswer;
}

export class MembraneExercise extends HTMLElement {
  #spec: AnswerSpec | undefined;
  #state: ExerciseState = INITIAL_STATE;
  #listeners: AbortController | undefined;
  #key = '';
  #variant: Variant | undefined;
  #busy = false;

  connectedCallback(): void {
    const form = part<HTMLFormElement>(this, 'form');
    if (form === null) return;
    const spec = readAnswerSpec(JSON.parse(this.dataset['answer'] ?? 'null'), `exercise "${this.id}"`);
    this.#spec = spec;
    this.#key = entryKey(this.dataset['page'] ?? location.pathname, this.dataset['exercise'] ?? this.id.replace(/^exercise-/, ''));
    this.#listeners = new AbortController();
    const { signal } = this.#listeners;

    form.addEventListener(
      'submit',
      (event) => {
        event.preventDefault();
        void this.#submit(form);
      },
      { signal },
    );
    part<HTMLButtonElement>(this, 'solution-toggle')?.addEventListener('click', () => this.#toggleSolution(), {
      signal,
    });
    // Rendered disabled so that, without this script, Enter cannot reload the page with the answer in the URL.
    const submit = part<HTMLButtonElement>(this, 'submit');
    if (submit !== null) submit.disabled = false;
    this.#restore(form);
    if (spec.kind === 'variant') {
      document.addEventListener(CODE_EVENT, () => void this.#loadVariant(form), { signal });
      void this.#loadVariant(form);
    }
    this.#render();
  }

  disconnectedCallback(): void {
    this.#listeners?.abort();
  }

  /** Shows a saved record: the answer back in its field, the attempts, and what they unlocked. */
  #restore(form: HTMLFormElement): void {
    const store = sharedProgressStore();
    const problem = part<HTMLElement>(this, 'store-problem');
    if (store.problem !== undefined && !storeProblemShown && problem !== null) {
      storeProblemShown = true;
      problem.textContent = store.problem;
      problem.hidden = false;
    }
    const spec = this.#spec!;
    const entry = store.get().entries[this.#key];
    if (entry === undefined || entry.kind !== spec.kind) return;
    const form_ = answerForm(spec);
    if ((form_.kind === 'numeric' || form_.kind === 'text') && typeof entry.answer === 'string') {
      const input = part<HTMLInputElement | HTMLTextAreaElement>(form, 'input');
      if (input !== null) input.value = entry.answer;
    } else if (form_.kind === 'choice' && typeof entry.answer === 'number') {
      const radio = form.querySelector<HTMLInputElement>(`input[type="radio"][value="${entry.answer}"]`);
      if (radio !== null) radio.checked = true;
    }
    this.#state = restoredState(entry.outcome, entry.attempts);
    this.#showSaved(entry);
  }

  #showSaved(entry: ProgressEntry): void {
    const saved = part<HTMLElement>(this, 'saved');
    if (saved === null || entry.attempts === 0) return;
    saved.textContent = lastAnswerText(this.#shown(entry.answer), entry.outcome, entry.attempts);
    saved.hidden = false;
  }

  /** A stored answer as the reader would recognise it. */
  #shown(answer: StoredAnswer): string {
    if (typeof answer === 'number') return `option ${String.fromCharCode(65 + answer)}`;
    if (typeof answer === 'string') return answer.length > 60 ? `“${answer.slice(0, 57)}…”` : `“${answer}”`;
    if (answer === null) return 'no option';
    const stimulus = (answer as { stimulus?: unknown }).stimulus;
    const amplitude = Array.isArray(stimulus) && stimulus.length === 1 ? (stimulus[0] as { amplitude?: unknown }).amplitude : undefined;
    return typeof amplitude === 'number' ? `the widget’s current at ${amplitude}` : 'the widget’s setting';
  }

  /** Makes this student's variant (or locks the exercise until there is a student code). */
  async #loadVariant(form: HTMLFormElement): Promise<void> {
    const spec = this.#spec;
    if (spec?.kind !== 'variant') return;
    const code = sharedProgressStore().get().studentCode;
    const lock = part<HTMLElement>(this, 'variant-lock');
    if (code === null) {
      this.#variant = undefined;
      this.dataset['variantState'] = 'locked';
      this.#lock(form, true);
      if (lock !== null) lock.hidden = false;
      for (const slot of this.querySelectorAll<HTMLElement>('[data-variant]')) slot.textContent = '…';
      return;
    }
    this.dataset['variantState'] = 'loading';
    let variants: typeof import('./variants');
    try {
      variants = await import('./variants');
    } catch {
      // The exercise stays locked (its numbers are not known); a reload fetches them again.
      this.#variant = undefined;
      this.#lock(form, true);
      this.dataset['variantState'] = 'failed';
      const feedback = part<HTMLElement>(this, 'feedback');
      if (feedback) feedback.textContent = "This exercise's numbers could not load. Check your connection and reload the page.";
      return;
    }
    const { studentVariant } = variants;
    const variant = studentVariant(spec, code, this.#key);
    // A newer code may have arrived while the module loaded.
    if (sharedProgressStore().get().studentCode !== code) return;
    // Feedback on another code's numbers would mislead; the saved record line stays.
    const previous = this.dataset['variantCode'];
    if (previous !== undefined && previous !== code) {
      const feedback = part<HTMLElement>(this, 'feedback');
      feedback?.replaceChildren();
      if (feedback) delete feedback.dataset['outcome'];
    }
    this.#variant = variant;
    for (const slot of this.querySelectorAll<HTMLElement>('[data-variant]')) {
      slot.textContent = variant.values[slot.dataset['variant'] ?? ''] ?? '?';
    }
    this.#showPresets(variant.widgetPreset ?? [], spec.widget);
    if (lock !== null) lock.hidden = true;
    this.#lock(form, false);
    this.dataset['variantCode'] = code;
    this.dataset['variantState'] = 'ready';
  }

  #lock(form: HTMLFormElement, locked: boolean): void {
    for (const control of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) control.disabled = locked;
    const submit = part<HTMLButtonElement>(form, 'submit');
    if (submit !== null) submit.disabled = locked;
  }

  #showPresets(presets: readonly VariantPreset[], widgetId: string | undefined): void {
    const host = part<HTMLElement>(this, 'presets');
    if (host === null || widgetId === undefined || presets.length === 0) return;
    const status = document.createElement('p');
    status.className = 'exercise-note';
    status.setAttribute('aria-live', 'polite');
    const buttons = presets.map((preset) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button';
      button.textContent = `Load ${preset.label} into the widget`;
      button.addEventListener('click', async () => {
        const widget = await widgetById(widgetId);
        if (!isStatefulWidget(widget)) {
          status.textContent = 'The widget for this exercise is not on this page.';
          return;
        }
        const base = widget.getState() as Record<string, unknown>;
        const problems = widget.setState({ ...base, model: preset.model, params: { ...preset.params } });
        status.textContent = problems.length > 0 ? problems.map((p) => p.message).join(' ') : `The widget now shows ${preset.label}.`;
      });
      return button;
    });
    host.replaceChildren(...buttons, status);
    host.hidden = false;
  }

  /**
   * Reads the form and judges it. The checker (check.ts, with the unit parser) is fetched at the first Check and
   * validates the specification in full; variants and widgets load their engine code on first use.
   */
  async #judge(form: HTMLFormElement, spec: AnswerSpec): Promise<Judged> {
    const { checkAnswer, validateAnswerSpec } = await onDemand(import('./check'));
    validateAnswerSpec(spec, `exercise "${this.id}"`);
    const form_ = answerForm(spec);
    const text = (): string => part<HTMLInputElement | HTMLTextAreaElement>(form, 'input')?.value ?? '';
    const selected = (): number | null => {
      const checked = form.querySelector<HTMLInputElement>('input[type="radio"]:checked');
      return checked === null ? null : Number(checked.value);
    };
    switch (spec.kind) {
      case 'numeric':
        return { result: checkAnswer(spec, { kind: 'numeric', text: text() }), answer: text() };
      case 'choice':
        return { result: checkAnswer(spec, { kind: 'choice', selected: selected() }), answer: selected() };
      case 'text':
        return { result: checkAnswer(spec, { kind: 'text', text: text() }), answer: text() };
      case 'variant': {
        const variant = this.#variant;
        if (variant === undefined) return { result: { outcome: 'invalid', message: 'Enter your student code first.' }, answer: null };
        const { checkVariantAnswer } = await onDemand(import('./variants'));
        const answer = form_.kind === 'numeric' ? text() : selected();
        return { result: checkVariantAnswer(variant, answer), answer };
      }
      case 'widget': {
        const widget = await widgetById(spec.widget);
        if (!isStatefulWidget(widget)) return { result: { outcome: 'invalid', message: 'The widget for this exercise is not on this page.' }, answer: null };
        const state = widget.getState();
        const { widgetChecks } = await onDemand(import('./widget-checks'));
        return { result: widgetChecks[spec.check].check(state), answer: state as StoredAnswer };
      }
    }
  }

  async #submit(form: HTMLFormElement): Promise<void> {
    const spec = this.#spec;
    if (spec === undefined || this.#busy) return;
    this.#busy = true;
    this.dataset['busy'] = 'true';
    let judged: Judged;
    try {
      judged = await this.#judge(form, spec);
    } catch (error) {
      const message = error instanceof NotLoaded ? error.message : `This answer could not be checked: ${error instanceof Error ? error.message : String(error)}`;
      judged = { result: { outcome: 'invalid', message }, answer: null };
    } finally {
      this.#busy = false;
      delete this.dataset['busy'];
    }
    const { result, answer } = judged;
    const hadHint = this.#state.hintVisible;
    this.#state = afterCheck(this.#state, result.outcome);
    const hint = part<HTMLElement>(this, 'hint');
    const pointToHint = hint !== null && this.#state.hintVisible && !hadHint;
    this.#announce(result, (pointToHint ? ' See the hint below.' : '') + (result.outcome === 'invalid' ? '' : this.#save(spec, answer, result)));
    part<HTMLInputElement>(form, 'input')?.setAttribute('aria-invalid', String(result.outcome === 'invalid'));
    this.#render();
  }

  /** Records the attempt; returns a sentence to add to the feedback when it could not be kept. */
  #save(spec: AnswerSpec, answer: StoredAnswer, result: CheckResult): string {
    if (result.outcome === 'invalid') return '';
    const entry: ProgressEntry = { kind: spec.kind, answer, outcome: result.outcome, attempts: this.#state.attempts, at: new Date().toISOString() };
    try {
      const store = sharedProgressStore();
      store.record(this.#key, entry);
      this.#showSaved(entry);
      return store.persistent ? '' : ' (This browser does not keep answers after you leave the page.)';
    } catch (error) {
      return ` (It could not be saved: ${error instanceof Error ? error.message : String(error)}.)`;
    }
  }

  /**
   * A fresh paragraph each time, so a screen reader announces a repeated message ("Not quite"
   * twice) as new text in the polite live region.
   */
  #announce(result: CheckResult, suffix: string): void {
    const feedback = part<HTMLElement>(this, 'feedback');
    if (feedback === null) return;
    const message = document.createElement('p');
    message.textContent = result.message + suffix;
    feedback.dataset['outcome'] = result.outcome;
    feedback.replaceChildren(message);
  }

  #toggleSolution(): void {
    const solution = part<HTMLElement>(this, 'solution');
    const toggle = part<HTMLButtonElement>(this, 'solution-toggle');
    if (solution === null || toggle === null || !this.#state.solutionUnlocked) return;
    solution.hidden = !solution.hidden;
    toggle.setAttribute('aria-expanded', String(!solution.hidden));
    toggle.textContent = solution.hidden ? 'Show worked solution' : 'Hide worked solution';
  }

  #render(): void {
    const state = this.#state;
    this.dataset['state'] = state.status;
    const attempts = part<HTMLElement>(this, 'attempts');
    if (attempts !== null) attempts.textContent = attemptsText(state.attempts);
    const hint = part<HTMLElement>(this, 'hint');
    if (hint !== null) hint.hidden = !state.hintVisible;
    const toggle = part<HTMLButtonElement>(this, 'solution-toggle');
    if (toggle !== null) toggle.disabled = !state.solutionUnlocked;
    const lock = part<HTMLElement>(this, 'solution-lock');
    if (lock !== null && state.solutionUnlocked) {
      lock.hidden = true;
      // A hidden element still feeds aria-describedby, so the link goes too.
      toggle?.removeAttribute('aria-describedby');
    }
  }
}

export function defineExerciseElement(): void {
  if (customElements.get('membrane-exercise') === undefined) {
    customElements.define('membrane-exercise', MembraneExercise);
  }
}
