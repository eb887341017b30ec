/**
 * The course's order: lessons sorted by (week, order), grouped by week, with previous/next
 * links and a consistency check. Pure functions over plain objects, so they are tested without
 * Astro; site/lib/lessons.ts adapts the content collection to these shapes.
 */
import type { Week } from './weeks';

/** Where a lesson sits in the course. `id` is the MDX file name without extension. */
export interface LessonPosition {
  readonly id: string;
  readonly week: number;
  /** Order within the week, from 1. */
  readonly order: number;
}

export interface WeekGroup<T extends LessonPosition> {
  readonly week: Week;
  /** Sorted by order; empty for a week whose lessons are still to come. */
  readonly lessons: readonly T[];
}

export interface Neighbours<T extends LessonPosition> {
  readonly previous: T | undefined;
  readonly next: T | undefined;
}

/** The URL of a lesson page (the site uses trailing slashes). */
export function lessonHref(id: string): string {
  return `/lessons/${id}/`;
}

/** By week, then order; the id breaks ties so the order never depends on file-system order. */
export function compareLessons(a: LessonPosition, b: LessonPosition): number {
  return a.week - b.week || a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function sortLessons<T extends LessonPosition>(lessons: readonly T[]): T[] {
  return [...lessons].sort(compareLessons);
}

/**
 * Every week of `weeks`, in the table's order, with its lessons sorted. A lesson whose week is
 * not in the table would silently vanish from the outline, so it throws instead.
 */
export function groupByWeek<T extends LessonPosition>(lessons: readonly T[], weeks: readonly Week[]): WeekGroup<T>[] {
  const orphan = lessons.find((lesson) => !weeks.some((week) => week.number === lesson.week));
  if (orphan !== undefined) throw new Error(`Lesson "${orphan.id}" is in week ${orphan.week}, which has no entry in the week table`);
  const sorted = sortLessons(lessons);
  return [...weeks]
    .sort((a, b) => a.number - b.number)
    .map((week) => ({ week, lessons: sorted.filter((lesson) => lesson.week === week.number) }));
}

/** The lessons before and after `id` in course order, across week boundaries. */
export function neighbours<T extends LessonPosition>(lessons: readonly T[], id: string): Neighbours<T> {
  const sorted = sortLessons(lessons);
  const index = sorted.findIndex((lesson) => lesson.id === id);
  if (index === -1) throw new Error(`No lesson "${id}"`);
  return { previous: sorted[index - 1], next: sorted[index + 1] };
}

/** A lesson with the ids of the lessons it builds on. */
export interface LinkedLesson extends LessonPosition {
  readonly prerequisiteLessons: readonly string[];
}

/**
 * Inconsistencies the schema cannot see because they span lessons: two lessons in one slot, a
 * prerequisite that does not exist, is the lesson itself, or comes later in the course.
 * Empty when the course is sound; the site build fails on any entry.
 */
export function courseProblems(lessons: readonly LinkedLesson[], weeks: readonly Week[]): string[] {
  const problems: string[] = [];
  const byId = new Map(lessons.map((lesson) => [lesson.id, lesson]));
  const slots = new Map<string, string>();
  for (const lesson of sortLessons(lessons)) {
    if (!weeks.some((week) => week.number === lesson.week)) {
      problems.push(`${lesson.id}: week ${lesson.week} is not in the week table`);
    }
    const slot = `${lesson.week}.${lesson.order}`;
    const taken = slots.get(slot);
    if (taken !== undefined) problems.push(`${lesson.id}: week ${lesson.week}, order ${lesson.order} is already taken by ${taken}`);
    else slots.set(slot, lesson.id);
    for (const prerequisite of lesson.prerequisiteLessons) {
      const target = byId.get(prerequisite);
      if (prerequisite === lesson.id) problems.push(`${lesson.id}: lists itself as a prerequisite`);
      else if (target === undefined) problems.push(`${lesson.id}: prerequisite "${prerequisite}" is not a lesson`);
      else if (compareLessons(target, lesson) > 0) problems.push(`${lesson.id}: prerequisite "${prerequisite}" comes later in the course`);
    }
  }
  return problems;
}
