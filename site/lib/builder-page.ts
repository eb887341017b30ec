/**
 * The instructor's assignment builder (site/pages/instructors/index.astro): choose exercises from the
 * catalogue, order them, attach widget presets, describe the assignment, and get the student link, the
 * printable sheet and the answer key. All state is on this page; nothing is sent anywhere.
 */
import {
  ASSIGNMENT_LIMITS,
  assignmentHref,
  assignmentProblems,
  decodeAssignment,
  encodeAssignment,
  parseSetupLink,
  presetHref,
  readAssignmentHash,
  type Assignment,
  type AssignmentItem,
  type WidgetPreset,
} from './assignment';
import { kindLabel, loadCatalogue, readLessons, type Catalogue, type CatalogueExercise } from './catalogue';
import { keyAnswerText } from './answer-key';
import { LinkError } from '../../widgets/lib/link-codec';

interface Chosen {
  readonly page: string;
  readonly exercise: string;
  presetText: string;
  preset: WidgetPreset | undefined;
  presetProblem: string | undefined;
}

function part<T extends Element>(root: ParentNode, name: string): T {
  const found = root.querySelector<T>(`[data-part="${name}"]`);
  if (found === null) throw new Error(`The builder page has no [data-part="${name}"]`);
  return found;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

const keyOf = (page: string, exercise: string): string => `${page}#${exercise}`;

export function startBuilder(root: HTMLElement): void {
  const lessons = readLessons(root);
  const status = part<HTMLElement>(root, 'catalogue-status');
  const list = part<HTMLElement>(root, 'catalogue');
  const chosenList = part<HTMLOListElement>(root, 'chosen');
  const empty = part<HTMLElement>(root, 'empty');
  const title = part<HTMLInputElement>(root, 'title');
  const instructions = part<HTMLTextAreaElement>(root, 'instructions');
  const due = part<HTMLInputElement>(root, 'due');
  const solutions = part<HTMLInputElement>(root, 'solutions');
  const make = part<HTMLButtonElement>(root, 'make');
  const problemsBox = part<HTMLElement>(root, 'problems');
  const result = part<HTMLElement>(root, 'result');
  const linkField = part<HTMLInputElement>(root, 'link');
  const copy = part<HTMLButtonElement>(root, 'copy');
  const copyStatus = part<HTMLElement>(root, 'copy-status');
  const open = part<HTMLAnchorElement>(root, 'open');
  const printSheet = part<HTMLAnchorElement>(root, 'print-sheet');
  const printKey = part<HTMLButtonElement>(root, 'print-key');
  const key = part<HTMLElement>(root, 'answer-key');
  const keyItems = part<HTMLElement>(root, 'answer-key-items');

  title.maxLength = ASSIGNMENT_LIMITS.title;
  instructions.maxLength = ASSIGNMENT_LIMITS.instructions;
  due.maxLength = ASSIGNMENT_LIMITS.due;

  let catalogue: Catalogue | undefined;
  let chosen: Chosen[] = [];
  const boxes = new Map<string, HTMLInputElement>();

  const invalidate = (): void => {
    result.hidden = true;
    key.hidden = true;
  };

  const find = (c: { page: string; exercise: string }): CatalogueExercise | undefined => catalogue?.find(c.page, c.exercise);

  function renderChosen(focus?: { index: number; action: string }): void {
    empty.hidden = chosen.length > 0;
    chosenList.replaceChildren(
      ...chosen.map((c, index) => {
        const exercise = find(c);
        const name = exercise?.title ?? c.exercise;
        const inputId = `preset-${index}`;
        const messageId = `preset-${index}-message`;
        const buttons = [
          ['up', 'Move up', index === 0],
          ['down', 'Move down', index === chosen.length - 1],
          ['remove', 'Remove', false],
        ] as const;
        const preset = element('input', { type: 'text', id: inputId, value: c.presetText, autocomplete: 'off', spellcheck: false });
        preset.dataset['action'] = 'preset';
        preset.dataset['index'] = String(index);
        preset.setAttribute('aria-describedby', messageId);
        preset.setAttribute('aria-invalid', String(c.presetProblem !== undefined));
        const message = element('p', { id: messageId, className: 'field-note' }, [
          c.presetProblem ?? (c.preset ? `Opens widget “${c.preset.widget}” in the linked setup.` : 'Optional: paste a widget’s “Link to this setup” from this lesson.'),
        ]);
        if (c.presetProblem) message.classList.add('field-problem');
        return element('li', { className: 'chosen-item' }, [
          element('p', { className: 'chosen-title' }, [element('strong', {}, [name]), ` — ${exercise?.lessonTitle ?? c.page}`]),
          element(
            'div',
            { className: 'chosen-actions' },
            buttons.map(([action, label, disabled]) => {
              const button = element('button', { type: 'button', className: 'button', disabled }, [label]);
              button.dataset['action'] = action;
              button.dataset['index'] = String(index);
              button.setAttribute('aria-label', `${label}: ${name}`);
              return button;
            }),
          ),
          element('label', { htmlFor: inputId, className: 'field-label' }, ['Widget setup link (optional)']),
          preset,
          message,
        ]);
      }),
    );
    if (focus) {
      const target = chosenList.querySelector<HTMLButtonElement>(`button[data-index="${focus.index}"][data-action="${focus.action}"]`);
      (target && !target.disabled ? target : chosenList.querySelector<HTMLButtonElement>(`button[data-index="${focus.index}"]:not(:disabled)`))?.focus();
    }
  }

  function setChosen(page: string, exercise: string, on: boolean): void {
    const at = chosen.findIndex((c) => c.page === page && c.exercise === exercise);
    if (on && at < 0) chosen.push({ page, exercise, presetText: '', preset: undefined, presetProblem: undefined });
    if (!on && at >= 0) chosen.splice(at, 1);
    updateCounts();
    renderChosen();
    invalidate();
  }

  function updateCounts(): void {
    for (const details of Array.from(list.querySelectorAll<HTMLDetailsElement>('details'))) {
      const count = details.querySelectorAll('input:checked').length;
      const counter = details.querySelector('[data-part="count"]');
      if (counter) counter.textContent = count === 0 ? '' : ` · ${count} chosen`;
    }
  }

  function renderCatalogue(loaded: Catalogue): void {
    const groups = loaded.lessons.map((lesson, l) => {
      const exercises = loaded.exercises.filter((e) => e.page === lesson.path);
      const fieldset = element('fieldset', { className: 'catalogue-lesson' }, [element('legend', { className: 'visually-hidden' }, [`Exercises of ${lesson.title}`])]);
      exercises.forEach((exercise, i) => {
        const id = `pick-${l}-${i}`;
        const box = element('input', { type: 'checkbox', id, value: keyOf(exercise.page, exercise.id) });
        box.dataset['page'] = exercise.page;
        box.dataset['exercise'] = exercise.id;
        boxes.set(keyOf(exercise.page, exercise.id), box);
        fieldset.append(
          element('div', { className: 'catalogue-choice' }, [
            box,
            element('label', { htmlFor: id }, [exercise.title, element('span', { className: 'catalogue-kind' }, [` (${kindLabel(exercise.spec)})`])]),
          ]),
        );
      });
      const count = element('span', { className: 'catalogue-count' });
      count.dataset['part'] = 'count';
      return element('details', { className: 'catalogue-group' }, [
        element('summary', {}, [lesson.title, element('span', { className: 'catalogue-count' }, [` · ${exercises.length} exercises`]), count]),
        fieldset,
      ]);
    });
    list.replaceChildren(...groups);
  }

  list.addEventListener('change', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || box.type !== 'checkbox') return;
    setChosen(box.dataset['page'] ?? '', box.dataset['exercise'] ?? '', box.checked);
  });

  chosenList.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (button === null) return;
    const index = Number(button.dataset['index']);
    const action = button.dataset['action'];
    const item = chosen[index];
    if (item === undefined) return;
    if (action === 'remove') {
      chosen.splice(index, 1);
      const box = boxes.get(keyOf(item.page, item.exercise));
      if (box) box.checked = false;
      updateCounts();
      renderChosen(chosen.length > 0 ? { index: Math.min(index, chosen.length - 1), action: 'remove' } : undefined);
      if (chosen.length === 0) make.focus();
    } else {
      const to = action === 'up' ? index - 1 : index + 1;
      if (to < 0 || to >= chosen.length) return;
      chosen.splice(index, 1);
      chosen.splice(to, 0, item);
      renderChosen({ index: to, action: action ?? 'up' });
    }
    invalidate();
  });

  chosenList.addEventListener('change', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.dataset['action'] !== 'preset') return;
    const index = Number(input.dataset['index']);
    const item = chosen[index];
    if (item === undefined) return;
    item.presetText = input.value;
    item.preset = undefined;
    item.presetProblem = undefined;
    if (input.value.trim() !== '') {
      const parsed = parseSetupLink(input.value);
      if (!parsed.ok) item.presetProblem = parsed.message;
      else if (parsed.page !== null && parsed.page !== item.page) {
        item.presetProblem = `This setup was made on ${parsed.page}; paste one made on this exercise’s lesson (${item.page}).`;
      } else if (catalogue && !catalogue.widgets(item.page).has(parsed.preset.widget)) {
        item.presetProblem = `There is no figure “${parsed.preset.widget}” on this exercise’s lesson (${item.page}).`;
      } else item.preset = parsed.preset;
    }
    renderChosen();
    chosenList.querySelector<HTMLInputElement>(`#preset-${index}`)?.focus();
    invalidate();
  });

  for (const field of [title, instructions, due, solutions]) field.addEventListener('input', invalidate);

  function current(): { assignment: Assignment; problems: string[] } {
    const items = chosen.map((c): AssignmentItem => (c.preset ? { page: c.page, exercise: c.exercise, preset: c.preset } : { page: c.page, exercise: c.exercise }));
    const assignment: Assignment = { title: title.value.trim(), instructions: instructions.value.trim(), due: due.value.trim(), solutions: solutions.checked, items };
    const problems = assignmentProblems(assignment);
    chosen.forEach((c, i) => {
      if (c.presetProblem) problems.push(`exercise ${i + 1}’s widget link: ${c.presetProblem}`);
    });
    return { assignment, problems };
  }

  make.addEventListener('click', () => {
    const { assignment, problems } = current();
    if (problems.length > 0) {
      result.hidden = true;
      problemsBox.replaceChildren(
        element('p', {}, ['The link cannot be made yet:']),
        element('ul', {}, problems.map((p) => element('li', {}, [p.charAt(0).toUpperCase() + p.slice(1)]))),
      );
      return;
    }
    problemsBox.replaceChildren();
    const link = encodeAssignment(assignment);
    const href = new URL(assignmentHref(link), location.href).href;
    linkField.value = href;
    open.href = assignmentHref(link);
    printSheet.href = assignmentHref(link, { print: true });
    copyStatus.textContent = '';
    result.hidden = false;
    renderKey(assignment);
    history.replaceState(null, '', `#a=${link}`);
    linkField.focus();
    linkField.select();
  });

  copy.addEventListener('click', () => {
    linkField.select();
    const done = (text: string): void => {
      copyStatus.textContent = text;
    };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(linkField.value).then(
        () => done('Link copied.'),
        () => done('Copying was refused: the link is selected, press Ctrl+C (⌘C) to copy it.'),
      );
    } else done('The link is selected: press Ctrl+C (⌘C) to copy it.');
  });

  function renderKey(assignment: Assignment): void {
    keyItems.replaceChildren(
      ...assignment.items.map((item, i) => {
        const exercise = find(item);
        const block = element('li', { className: 'answer-key-item' }, [
          element('h3', {}, [`${i + 1}. ${exercise?.title ?? item.exercise}`]),
          element('p', { className: 'field-note' }, [`From “${exercise?.lessonTitle ?? item.page}”`]),
        ]);
        if (exercise) {
          const parsed = new DOMParser().parseFromString(exercise.html, 'text/html');
          const question = parsed.querySelector('.exercise-question');
          if (question) block.append(stripIds(question));
          const answer = element('p', { className: 'answer-key-answer' }, [element('strong', {}, ['Answer: '])]);
          // A choice's option as the lesson typeset it, math included.
          const option = exercise.spec.kind === 'choice' ? parsed.querySelectorAll('.exercise-choice > span')[exercise.spec.correct] : undefined;
          if (exercise.spec.kind === 'choice' && option) answer.append(`${String.fromCharCode(65 + exercise.spec.correct)}: `, ...Array.from(stripIds(option).childNodes));
          else answer.append(keyAnswerText(exercise.spec, `${item.page}#${item.exercise}`));
          block.append(answer);
          const solution = parsed.querySelector('[data-part="solution"]');
          if (solution) {
            const copyOf = stripIds(solution);
            if (copyOf instanceof HTMLElement) copyOf.hidden = false;
            block.append(copyOf);
          }
        }
        if (item.preset) {
          block.append(element('p', {}, ['Widget preset: ', element('a', { href: presetHref(item.page, item.preset) }, [`open “${item.preset.widget}” in its setup`])]));
        }
        return block;
      }),
    );
    key.hidden = false;
  }

  printKey.addEventListener('click', () => {
    document.body.dataset['print'] = 'key';
    window.addEventListener('afterprint', () => delete document.body.dataset['print'], { once: true });
    window.print();
  });

  function restore(assignment: Assignment): void {
    title.value = assignment.title;
    instructions.value = assignment.instructions;
    due.value = assignment.due;
    solutions.checked = assignment.solutions;
    chosen = assignment.items.map((item) => ({
      page: item.page,
      exercise: item.exercise,
      presetText: item.preset ? new URL(presetHref(item.page, item.preset), location.href).href : '',
      preset: item.preset,
      presetProblem: find(item) ? undefined : 'This exercise is no longer in the course.',
    }));
    for (const c of chosen) {
      const box = boxes.get(keyOf(c.page, c.exercise));
      if (box) box.checked = true;
    }
    updateCounts();
    renderChosen();
  }

  loadCatalogue(lessons).then(
    (loaded) => {
      catalogue = loaded;
      renderCatalogue(loaded);
      const problems = loaded.problems.length > 0 ? ` Some could not be read: ${loaded.problems.join(' ')}` : '';
      status.textContent = `${loaded.exercises.length} exercises from ${loaded.lessons.length} lessons. Open a lesson to choose its exercises.${problems}`;
      const { link } = readAssignmentHash(location.hash);
      if (link !== null) {
        try {
          restore(decodeAssignment(link));
          status.textContent += ' The assignment in this page’s address has been loaded for editing.';
        } catch (error) {
          status.textContent += ` The assignment in this page’s address could not be loaded: ${error instanceof LinkError ? error.message : 'it is not valid.'}`;
        }
      }
      make.disabled = false;
    },
    () => {
      status.textContent = 'The exercises could not be loaded. Reload the page to try again.';
    },
  );
}

function stripIds<T extends Element>(node: T): T {
  const copy = node.cloneNode(true) as T;
  copy.removeAttribute('id');
  for (const e of Array.from(copy.querySelectorAll('[id]'))) e.removeAttribute('id');
  for (const e of Array.from(copy.querySelectorAll('[aria-describedby],[aria-controls],[aria-labelledby]'))) {
    e.removeAttribute('aria-describedby');
    e.removeAttribute('aria-controls');
    e.removeAttribute('aria-labelledby');
  }
  return document.importNode(copy, true);
}
