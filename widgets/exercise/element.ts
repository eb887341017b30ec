/**
 * <membrane-exercise>: wires the server-rendered markup of Exercise.astro to check.ts. The
 * element only reads the form, applies the pure transition in state.ts and reflects the result;
 * every rule lives in those two modules.
 */
import { checkAnswer, validateAnswerSpec, type AnswerSpec, type Attempt, type CheckResult } from './check';
import { INITIAL_STATE, afterCheck, attemptsText, type ExerciseState } from './state';

/** Finds a part rendered by Exercise.astro; the markup and this file change together. */
function part<T extends Element>(root: Element, name: string): T | null {
  return root.querySelector<T>(`[data-part="${name}"]`);
}

export class MembraneExercise extends HTMLElement {
  #spec: AnswerSpec | undefined;
  #state: ExerciseState = INITIAL_STATE;
  #listeners: AbortController | undefined;

  connectedCallback(): void {
    const form = part<HTMLFormElement>(this, 'form');
    if (form === null) return;
    this.#spec = validateAnswerSpec(JSON.parse(this.dataset['answer'] ?? 'null'), `exercise "${this.id}"`);
    this.#listeners = new AbortController();
    const { signal } = this.#listeners;

    form.addEventListener(
      'submit',
      (event) => {
        event.preventDefault();
        this.#submit(form);
      },
      { signal },
    );
    part<HTMLButtonElement>(this, 'solution-toggle')?.addEventListener('click', () => this.#toggleSolution(), {
      signal,
    });
    // Rendered disabled so that, without this script, Enter cannot reload the page with the answer in the URL.
    const submit = part<HTMLButtonElement>(this, 'submit');
    if (submit !== null) submit.disabled = false;
    this.#render();
  }

  disconnectedCallback(): void {
    this.#listeners?.abort();
  }

  #attempt(form: HTMLFormElement, spec: AnswerSpec): Attempt {
    if (spec.kind === 'numeric') {
      return { kind: 'numeric', text: part<HTMLInputElement>(form, 'input')?.value ?? '' };
    }
    const checked = form.querySelector<HTMLInputElement>('input[type="radio"]:checked');
    return { kind: 'choice', selected: checked === null ? null : Number(checked.value) };
  }

  #submit(form: HTMLFormElement): void {
    const spec = this.#spec;
    if (spec === undefined) return;
    const result = checkAnswer(spec, this.#attempt(form, spec));
    const hadHint = this.#state.hintVisible;
    this.#state = afterCheck(this.#state, result.outcome);
    const hint = part<HTMLElement>(this, 'hint');
    const pointToHint = hint !== null && this.#state.hintVisible && !hadHint;
    this.#announce(result, pointToHint ? ' See the hint below.' : '');
    part<HTMLInputElement>(form, 'input')?.setAttribute('aria-invalid', String(result.outcome === 'invalid'));
    this.#render();
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
