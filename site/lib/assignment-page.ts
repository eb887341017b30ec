/**
 * The student's view of an assignment (site/pages/assignment/index.astro). It reads `#a=<link>`; a link that
 * cannot be read shows one clear message and nothing else. Otherwise it shows the title, instructions and due
 * note and inserts each exercise as its lesson renders it, where <membrane-exercise> upgrades and checks and
 * saves answers exactly as on the lesson page (under the lesson's key, so both share one record). "Export my
 * answers" writes the hand-in file for this assignment's exercises.
 */
import { assignmentKeys, decodeAssignment, presetHref, readAssignmentHash, type Assignment } from './assignment';
import { loadCatalogue, readLessons, type CatalogueExercise } from './catalogue';
import { LinkError } from '../../widgets/lib/link-codec';
import { defineExerciseElement } from '../../widgets/exercise/element';
import { defineStudentCodeElement, sharedProgressStore } from '../../widgets/exercise/student-code';
import { createHandIn } from '../../widgets/exercise/hand-in';

function part<T extends Element>(root: ParentNode, name: string): T {
  const found = root.querySelector<T>(`[data-part="${name}"]`);
  if (found === null) throw new Error(`The assignment page has no [data-part="${name}"]`);
  return found;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** "week-3-membranes" from a title, for the hand-in file's name. */
export function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'assignment'
  );
}

/**
 * The exercise's markup, ready for this page: its heading made an h3 (the page's outline is h1 › h2 ›
 * exercises), the lesson recorded as its page, and the worked solution taken out when the instructor chose so.
 */
function prepare(exercise: CatalogueExercise, solutions: boolean): HTMLElement | null {
  const template = document.createElement('template');
  template.innerHTML = exercise.html;
  const root = template.content.firstElementChild;
  if (!(root instanceof HTMLElement) || root.localName !== 'membrane-exercise') return null;
  if (!root.hasAttribute('data-page')) root.setAttribute('data-page', exercise.page);
  const heading = root.querySelector('.exercise-title');
  if (heading && heading.localName !== 'h3') {
    const h3 = document.createElement('h3');
    for (const attribute of Array.from(heading.attributes)) h3.setAttribute(attribute.name, attribute.value);
    h3.append(...Array.from(heading.childNodes));
    heading.replaceWith(h3);
  }
  if (!solutions) {
    for (const name of ['solution-toggle', 'solution-lock', 'solution']) {
      for (const e of Array.from(root.querySelectorAll(`[data-part="${name}"]`))) e.remove();
    }
  }
  return document.importNode(root, true) as HTMLElement;
}

export function startAssignment(root: HTMLElement): void {
  const title = part<HTMLElement>(root, 'title');
  const intro = part<HTMLElement>(root, 'intro');
  const message = part<HTMLElement>(root, 'message');
  const body = part<HTMLElement>(root, 'body');
  const due = part<HTMLElement>(root, 'due');
  const instructions = part<HTMLElement>(root, 'instructions');
  const items = part<HTMLOListElement>(root, 'items');
  const status = part<HTMLElement>(root, 'status');
  const exportButton = part<HTMLButtonElement>(root, 'export');
  const exportStatus = part<HTMLElement>(root, 'export-status');
  const lessons = readLessons(root);

  const fail = (text: string): void => {
    body.hidden = true;
    intro.hidden = true;
    title.textContent = 'This assignment link cannot be opened';
    message.replaceChildren(
      element('p', {}, [text]),
      element('p', {}, ['Ask your instructor for the link again, or copy it again in full. Nothing from this link has been loaded.']),
    );
    message.hidden = false;
  };

  const { link, print } = readAssignmentHash(location.hash);
  if (link === null) return; // The page's own text explains how to open an assignment.
  let assignment: Assignment;
  try {
    assignment = decodeAssignment(link);
  } catch (error) {
    fail(error instanceof LinkError ? error.message : 'The link could not be read.');
    return;
  }
  const known = new Map(lessons.map((l) => [l.path, l]));
  const unknown = assignment.items.filter((item) => !known.has(item.page));

  intro.hidden = true;
  title.textContent = assignment.title;
  document.title = `${assignment.title} · Membrane`;
  due.textContent = assignment.due === '' ? '' : `Due: ${assignment.due}`;
  due.hidden = assignment.due === '';
  instructions.textContent = assignment.instructions;
  instructions.hidden = assignment.instructions === '';
  body.hidden = false;
  status.textContent = 'Loading the exercises…';

  defineExerciseElement();
  defineStudentCodeElement();
  const pages = new Set(assignment.items.map((item) => item.page).filter((page) => known.has(page)));
  loadCatalogue(lessons, pages).then(
    (catalogue) => {
      const missing: string[] = unknown.map((item) => `${item.exercise} (${item.page}: not a lesson of this course)`);
      const seenIds = new Set<string>();
      const blocks = assignment.items.flatMap((item, index) => {
        const exercise = catalogue.find(item.page, item.exercise);
        if (exercise === undefined) {
          if (known.has(item.page)) missing.push(`${item.exercise} (no longer in “${known.get(item.page)?.title ?? item.page}”)`);
          return [];
        }
        // Two lessons may reuse an exercise id; one page cannot hold two elements with one id.
        if (seenIds.has(exercise.id)) {
          missing.push(`${exercise.title} (its id repeats another exercise's; open it in its lesson)`);
          return [];
        }
        const prepared = prepare(exercise, assignment.solutions);
        if (prepared === null) return [];
        seenIds.add(exercise.id);
        const origin = element('p', { className: 'assignment-origin' }, [
          `Exercise ${index + 1} of ${assignment.items.length}, from `,
          element('a', { href: `${item.page}#exercise-${item.exercise}` }, [exercise.lessonTitle]),
        ]);
        if (item.preset) {
          origin.append(' · ', element('a', { href: presetHref(item.page, item.preset) }, ['open the figure set up for this exercise']));
        }
        if (exercise.spec.kind === 'widget') {
          // The figure it asks about lives on the lesson page; the answer saved there is the assignment's too.
          origin.append(
            element('span', { className: 'assignment-widget-note' }, [
              ' · This exercise asks you to set a figure: answer it on ',
              element('a', { href: item.preset ? presetHref(item.page, item.preset) : `${item.page}#exercise-${item.exercise}` }, ['its lesson page']),
              ', where your answer is saved for this assignment too.',
            ]),
          );
        }
        const lines = element('div', { className: 'answer-lines print-only' });
        lines.setAttribute('aria-hidden', 'true');
        return [element('li', { className: 'assignment-item' }, [origin, prepared, lines])];
      });
      items.replaceChildren(...blocks);
      const problems = [...catalogue.problems, ...(missing.length > 0 ? [`These exercises cannot be shown: ${missing.join('; ')}.`] : [])];
      status.textContent = problems.join(' ');
      status.classList.toggle('message-problem', problems.length > 0);
      if (print) {
        document.body.dataset['print'] = 'sheet';
        requestAnimationFrame(() => requestAnimationFrame(() => window.print()));
      }
    },
    () => {
      status.textContent = 'The exercises could not be loaded. Reload the page to try again.';
    },
  );

  exportButton.addEventListener('click', () => {
    // The page's one store: the exercises record into it, so it holds every answer even without storage.
    const progress = sharedProgressStore().get();
    if (progress.studentCode === null) {
      exportStatus.textContent = 'Enter your student code first (the code your instructor gave you, not your name): it tells your instructor whose answers these are.';
      exportStatus.classList.add('message-problem');
      return;
    }
    const handIn = createHandIn(progress, { assignment: { title: assignment.title, link }, keys: assignmentKeys(assignment) });
    const blob = new Blob([`${JSON.stringify(handIn, null, 2)}\n`], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const anchor = element('a', { href: url, download: `membrane-${slug(progress.studentCode)}-${slug(assignment.title)}.json` });
    anchor.hidden = true;
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    exportStatus.classList.remove('message-problem');
    const count = handIn.answers.length;
    exportStatus.textContent = `Saved ${anchor.download}: ${count} of ${assignment.items.length} exercises answered. Hand this file in as your instructor asked.`;
  });
}
