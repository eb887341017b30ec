/**
 * <membrane-student-code> and the page's one progress store. Every exercise and code box on a page shares
 * the store made here, so a saved code or answer is seen by all of them; a new code is announced with
 * CODE_EVENT and variant exercises redraw their numbers.
 */
import { createProgressStore, type ProgressStore } from './progress';
import { normalizeStudentCode } from './student';

export const CODE_EVENT = 'membrane:student-code';

let store: ProgressStore | undefined;

/** The page's progress store over localStorage (or over nothing when the browser refuses storage). */
export function sharedProgressStore(): ProgressStore {
  if (store) return store;
  let storage: Storage | undefined;
  try {
    storage = window.localStorage;
  } catch {
    storage = undefined;
  }
  store = createProgressStore(storage);
  return store;
}

/** Finds a part rendered by StudentCode.astro. */
function part<T extends Element>(root: Element, name: string): T | null {
  return root.querySelector<T>(`[data-part="${name}"]`);
}

export class MembraneStudentCode extends HTMLElement {
  #listeners: AbortController | undefined;

  connectedCallback(): void {
    const form = part<HTMLFormElement>(this, 'code-form');
    const input = part<HTMLInputElement>(this, 'code-input');
    if (form === null || input === null) return;
    this.#listeners = new AbortController();
    const { signal } = this.#listeners;
    form.addEventListener(
      'submit',
      (event) => {
        event.preventDefault();
        this.#save(input.value);
      },
      { signal },
    );
    document.addEventListener(CODE_EVENT, () => this.#show(), { signal });
    const submit = part<HTMLButtonElement>(this, 'code-submit');
    if (submit !== null) submit.disabled = false;
    this.#show();
  }

  disconnectedCallback(): void {
    this.#listeners?.abort();
  }

  #save(text: string): void {
    const checked = normalizeStudentCode(text);
    if (!checked.ok) {
      this.#status(checked.message, 'error');
      return;
    }
    const input = part<HTMLInputElement>(this, 'code-input');
    if (input !== null) input.value = checked.code;
    const before = sharedProgressStore().get().studentCode;
    sharedProgressStore().setStudentCode(checked.code);
    document.dispatchEvent(new CustomEvent(CODE_EVENT, { detail: checked.code }));
    if (before !== null && before !== checked.code) {
      this.#status(`Your student code is now ${checked.code}. Answers you gave before were for the numbers of ${before}.`, 'ok');
    }
  }

  #show(): void {
    const code = sharedProgressStore().get().studentCode;
    const input = part<HTMLInputElement>(this, 'code-input');
    if (input !== null && code !== null && document.activeElement !== input) input.value = code;
    this.dataset['code'] = code ?? '';
    this.#status(code === null ? 'No code yet.' : `Your student code: ${code}.${sharedProgressStore().persistent ? '' : ' (This browser does not keep it after you leave the page.)'}`, 'ok');
  }

  #status(text: string, kind: 'ok' | 'error'): void {
    const status = part<HTMLElement>(this, 'code-status');
    if (status === null) return;
    status.textContent = text;
    status.dataset['kind'] = kind;
  }
}

export function defineStudentCodeElement(): void {
  if (customElements.get('membrane-student-code') === undefined) {
    customElements.define('membrane-student-code', MembraneStudentCode);
  }
}
