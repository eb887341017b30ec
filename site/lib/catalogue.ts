/**
 * The exercise catalogue, read from the lesson pages themselves: the built pages are the one source of truth
 * for an exercise's question, hint, worked solution (math already typeset) and answer specification, so the
 * builder, the student's assignment page and the grading page cannot drift from the lessons. Each lesson page
 * is fetched from the same static site and parsed with DOMParser (which runs no script); only paths from the
 * course's own lesson list are ever fetched, so a crafted assignment link cannot make a page load anything else.
 */
import { validateAnswerSpec, type AnswerSpec } from '../../widgets/exercise/check';

/** A lesson as the pages are given it at build time. */
export interface CatalogueLesson {
  readonly path: string;
  readonly title: string;
}

export interface CatalogueExercise {
  readonly page: string;
  readonly lessonTitle: string;
  /** The exercise id (the element's id without its `exercise-` prefix). */
  readonly id: string;
  readonly title: string;
  readonly spec: AnswerSpec;
  /** The element's markup as the lesson renders it. */
  readonly html: string;
}

export interface Catalogue {
  readonly lessons: readonly CatalogueLesson[];
  readonly exercises: readonly CatalogueExercise[];
  /** Sentences about lessons that could not be read or exercises whose specification is unsound. */
  readonly problems: readonly string[];
  find(page: string, exercise: string): CatalogueExercise | undefined;
  /** Ids of the custom elements (widgets) on a lesson page, for checking a widget preset's target. */
  widgets(page: string): ReadonlySet<string>;
}

/** Every exercise on a parsed lesson page, in page order; unsound ones become problems. */
export function extractExercises(doc: ParentNode, lesson: CatalogueLesson): { exercises: CatalogueExercise[]; problems: string[]; widgets: string[] } {
  const widgets = Array.from(doc.querySelectorAll('[id]'))
    .filter((e) => e.localName.includes('-') && e.localName !== 'membrane-exercise' && e.localName !== 'membrane-student-code')
    .map((e) => e.id);
  const exercises: CatalogueExercise[] = [];
  const problems: string[] = [];
  for (const element of Array.from(doc.querySelectorAll<HTMLElement>('membrane-exercise[id^="exercise-"]'))) {
    const id = element.id.slice('exercise-'.length);
    const heading = element.querySelector('.exercise-title');
    const kicker = heading?.querySelector('.exercise-kicker')?.textContent ?? '';
    const title = (heading?.textContent ?? id).replace(kicker, '').replace(/\s+/g, ' ').trim();
    try {
      const spec = validateAnswerSpec(JSON.parse(element.getAttribute('data-answer') ?? 'null'), `exercise "${id}" of ${lesson.title}`);
      exercises.push({ page: lesson.path, lessonTitle: lesson.title, id, title, spec, html: element.outerHTML });
    } catch (error) {
      problems.push(error instanceof Error ? error.message : `exercise "${id}" of ${lesson.title} could not be read`);
    }
  }
  return { exercises, problems, widgets };
}

/** Fetches and reads the given lessons (all of them by default), in parallel, in course order. */
export async function loadCatalogue(lessons: readonly CatalogueLesson[], only?: ReadonlySet<string>): Promise<Catalogue> {
  const wanted = only ? lessons.filter((l) => only.has(l.path)) : lessons;
  const parser = new DOMParser();
  const results = await Promise.all(
    wanted.map(async (lesson) => {
      try {
        const response = await fetch(lesson.path, { credentials: 'same-origin' });
        if (!response.ok) return { exercises: [], widgets: [], problems: [`${lesson.title} could not be loaded (HTTP ${response.status}).`] };
        return extractExercises(parser.parseFromString(await response.text(), 'text/html'), lesson);
      } catch {
        return { exercises: [], widgets: [], problems: [`${lesson.title} could not be loaded (are you offline?).`] };
      }
    }),
  );
  const exercises = results.flatMap((r) => r.exercises);
  const index = new Map(exercises.map((e) => [`${e.page}#${e.id}`, e]));
  const widgetIds = new Map(wanted.map((lesson, i) => [lesson.path, new Set(results[i]?.widgets ?? [])]));
  return {
    lessons: wanted,
    exercises,
    problems: results.flatMap((r) => r.problems),
    find: (page, exercise) => index.get(`${page}#${exercise}`),
    widgets: (page) => widgetIds.get(page) ?? new Set(),
  };
}

/** Reads the lesson list a page was built with (a JSON `data-lessons` attribute); malformed gives an empty list. */
export function readLessons(element: Element | null): CatalogueLesson[] {
  try {
    const value: unknown = JSON.parse(element?.getAttribute('data-lessons') ?? '[]');
    if (!Array.isArray(value)) return [];
    return value.filter(
      (l): l is CatalogueLesson => typeof l === 'object' && l !== null && typeof (l as CatalogueLesson).path === 'string' && typeof (l as CatalogueLesson).title === 'string',
    );
  } catch {
    return [];
  }
}

/** "numeric, in nA", "choice of 3", or the kind's name. */
export function kindLabel(spec: AnswerSpec): string {
  const s = spec as { kind: string; unit?: string; options?: readonly string[] };
  if (s.kind === 'numeric') return s.unit ? `number, in ${s.unit}` : 'number';
  if (s.kind === 'choice') return `choice of ${s.options?.length ?? 0}`;
  if (s.kind === 'variant') return 'per-student variant';
  if (s.kind === 'text') return 'reflection, not graded';
  if (s.kind === 'widget') return 'set the widget';
  return s.kind;
}
