/**
 * The one place pages read the lessons collection: drafts filtered out of production builds,
 * entries sorted in course order, and the cross-lesson checks of course.ts applied, so every page
 * sees the same list and a broken course fails the build once, with every problem listed.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { courseProblems, sortLessons, type LinkedLesson } from './course';
import { WEEKS } from './weeks';

export type LessonEntry = CollectionEntry<'lessons'>;

/** A lesson entry flattened to the shape course.ts works on, keeping the entry for rendering. */
export interface CourseLesson extends LinkedLesson {
  readonly title: string;
  readonly summary: string;
  readonly objectives: readonly string[];
  readonly entry: LessonEntry;
}

function toCourseLesson(entry: LessonEntry): CourseLesson {
  const { week, order, title, summary, objectives, prerequisites } = entry.data;
  return { id: entry.id, week, order, title, summary, objectives, prerequisiteLessons: prerequisites.lessons, entry };
}

export async function getCourseLessons(): Promise<CourseLesson[]> {
  const entries = await getCollection('lessons', (entry) => import.meta.env.DEV || !entry.data.draft);
  const lessons = sortLessons(entries.map(toCourseLesson));
  const problems = courseProblems(lessons, WEEKS);
  if (problems.length > 0) throw new Error(`The course is inconsistent:\n  - ${problems.join('\n  - ')}`);
  return lessons;
}
