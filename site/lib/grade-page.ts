/**
 * The grading page (site/pages/instructors/grade.astro): load hand-in files (file picker or drag and drop),
 * re-check every answer with the engine for each student's code and variant (site/lib/grading.ts), show one
 * table and offer it as CSV. A file that cannot be used gets its own message; the others still load.
 */
import { decodeAssignment, type Assignment } from './assignment';
import { loadCatalogue, readLessons, type Catalogue } from './catalogue';
import { gradeCsv, gradeHandIn, type GradeRow } from './grading';
import { LinkError } from '../../widgets/lib/link-codec';
import { parseHandIn, type HandIn } from '../../widgets/exercise/hand-in';
import { MEMBRANE_VERSION } from '../../engine/version';

function part<T extends Element>(root: ParentNode, name: string): T {
  const found = root.querySelector<T>(`[data-part="${name}"]`);
  if (found === null) throw new Error(`The grading page has no [data-part="${name}"]`);
  return found;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Link text from a pasted student link (`…/assignment/#a=<link>`) or the bare link text. */
export function linkFromPaste(text: string): string {
  const trimmed = text.trim();
  const at = trimmed.indexOf('#');
  if (at < 0) return trimmed;
  return new URLSearchParams(trimmed.slice(at + 1)).get('a') ?? '';
}

const OUTCOME_CLASS: Record<GradeRow['rechecked'], string> = {
  correct: 'outcome-correct',
  close: 'outcome-close',
  wrong: 'outcome-wrong',
  kept: '',
  invalid: 'outcome-invalid',
  missing: 'outcome-missing',
  'unknown exercise': 'outcome-unknown',
};

const MAX_FILES = 500;

export function startGrading(root: HTMLElement): void {
  const lessons = readLessons(root);
  const linkInput = part<HTMLInputElement>(root, 'link');
  const useLink = part<HTMLButtonElement>(root, 'use-link');
  const linkStatus = part<HTMLElement>(root, 'link-status');
  const files = part<HTMLInputElement>(root, 'files');
  const drop = part<HTMLElement>(root, 'drop');
  const messages = part<HTMLUListElement>(root, 'file-messages');
  const status = part<HTMLElement>(root, 'status');
  const results = part<HTMLElement>(root, 'results');
  const tbody = part<HTMLTableSectionElement>(root, 'rows');
  const download = part<HTMLButtonElement>(root, 'csv');
  const clear = part<HTMLButtonElement>(root, 'clear');

  let assignment: Assignment | undefined;
  let loaded: { name: string; handIn: HandIn }[] = [];
  let rows: GradeRow[] = [];
  const catalogues = new Map<string, Promise<Catalogue>>();

  /** The catalogue for the lessons these pages belong to; unknown pages are simply not found. */
  async function catalogueFor(pages: Set<string>): Promise<Catalogue> {
    const known = lessons.filter((l) => pages.has(l.path));
    const id = known.map((l) => l.path).join('|');
    let promise = catalogues.get(id);
    if (promise === undefined) {
      promise = loadCatalogue(lessons, new Set(known.map((l) => l.path)));
      catalogues.set(id, promise);
    }
    return promise;
  }

  async function regrade(): Promise<void> {
    if (loaded.length === 0) {
      rows = [];
      results.hidden = true;
      return;
    }
    status.textContent = 'Re-checking the answers…';
    const pages = new Set<string>([...loaded.flatMap((f) => f.handIn.answers.map((a) => a.page)), ...(assignment?.items.map((i) => i.page) ?? [])]);
    const catalogue = await catalogueFor(pages);
    rows = loaded.flatMap(({ name, handIn }) => gradeHandIn(handIn, name, (page, exercise) => catalogue.find(page, exercise), assignment));
    tbody.replaceChildren(
      ...rows.map((row) =>
        element('tr', {}, [
          element('td', {}, [row.studentCode || '(none)']),
          element('td', {}, [element('span', { className: 'grade-lesson' }, [row.lessonTitle]), element('br'), row.exerciseTitle]),
          element('td', {}, [row.answer]),
          element('td', {}, [row.stored]),
          element('td', { className: OUTCOME_CLASS[row.rechecked], title: row.message }, [row.rechecked]),
          element('td', {}, [row.expected]),
        ]),
      ),
    );
    const right = rows.filter((r) => r.rechecked === 'correct').length;
    const problems = catalogue.problems.length > 0 ? ` ${catalogue.problems.join(' ')}` : '';
    status.textContent = `${rows.length} answers from ${loaded.length} ${loaded.length === 1 ? 'file' : 'files'}; ${right} correct on re-checking.${problems}`;
    results.hidden = false;
  }

  function note(name: string, text: string, ok: boolean): void {
    const item = element('li', {}, [element('strong', {}, [name]), `: ${text}`]);
    item.dataset['ok'] = String(ok);
    messages.append(item);
  }

  async function addFiles(list: FileList | readonly File[]): Promise<void> {
    const chosen = Array.from(list).slice(0, MAX_FILES);
    for (const file of chosen) {
      let text: string;
      try {
        text = await file.text();
      } catch {
        note(file.name, 'the file could not be read.', false);
        continue;
      }
      const parsed = parseHandIn(text);
      if (!parsed.ok) {
        note(file.name, parsed.message, false);
        continue;
      }
      const { handIn } = parsed;
      const warnings: string[] = [];
      if (handIn.membrane !== MEMBRANE_VERSION) {
        warnings.push(`made with Membrane ${handIn.membrane}, and this page is ${MEMBRANE_VERSION}: answers are re-checked against the exercises as they are now`);
      }
      if (handIn.studentCode === null) warnings.push('it has no student code');
      else if (loaded.some((f) => f.handIn.studentCode === handIn.studentCode)) warnings.push(`student code ${handIn.studentCode} is already in another file`);
      if (assignment && handIn.assignment && handIn.assignment.title !== assignment.title) warnings.push(`it answers “${handIn.assignment.title}”, not “${assignment.title}”`);
      loaded.push({ name: file.name, handIn });
      const summary = `student code ${handIn.studentCode ?? '(none)'}, ${handIn.answers.length} ${handIn.answers.length === 1 ? 'answer' : 'answers'}${handIn.assignment ? ` to “${handIn.assignment.title}”` : ''}`;
      note(file.name, warnings.length > 0 ? `${summary}. Note: ${warnings.join('; ')}.` : `${summary}.`, true);
    }
    if (list.length > MAX_FILES) note(`${list.length - MAX_FILES} more files`, `not loaded (at most ${MAX_FILES} at once).`, false);
    await regrade();
  }

  useLink.addEventListener('click', () => {
    const text = linkInput.value.trim();
    if (text === '') {
      assignment = undefined;
      linkStatus.textContent = 'No assignment: each file’s answers are listed as they are.';
      void regrade();
      return;
    }
    try {
      assignment = decodeAssignment(linkFromPaste(text));
      linkStatus.textContent = `Grading “${assignment.title}”: ${assignment.items.length} exercises, in its order; unanswered ones are listed as missing.`;
      linkStatus.classList.remove('message-problem');
    } catch (error) {
      assignment = undefined;
      linkStatus.textContent = error instanceof LinkError ? error.message : 'The link could not be read.';
      linkStatus.classList.add('message-problem');
    }
    void regrade();
  });

  files.addEventListener('change', () => {
    if (files.files) void addFiles(files.files);
    files.value = '';
  });

  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.dataset['over'] = '';
  });
  drop.addEventListener('dragleave', () => delete drop.dataset['over']);
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    delete drop.dataset['over'];
    if (event.dataTransfer?.files) void addFiles(event.dataTransfer.files);
  });

  clear.addEventListener('click', () => {
    loaded = [];
    messages.replaceChildren();
    status.textContent = 'The files have been cleared.';
    void regrade();
  });

  download.addEventListener('click', () => {
    const blob = new Blob([gradeCsv(rows)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const anchor = element('a', { href: url, download: `membrane-grades${assignment ? `-${assignment.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60)}` : ''}.csv` });
    anchor.hidden = true;
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
}
