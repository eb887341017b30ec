/**
 * The weeks of the course, in order (the course map is /work/shared/COURSE.md). A lesson's
 * `week` must be one of these numbers; the content schema checks it.
 */
export interface Week {
  readonly number: number;
  readonly title: string;
}

export const WEEKS: readonly Week[] = [
  { number: 1, title: 'Integrate-and-fire neurons' },
  { number: 2, title: 'Hodgkin–Huxley and synapses' },
  { number: 3, title: 'Two-dimensional reductions' },
  { number: 4, title: 'Hebbian learning' },
  { number: 5, title: 'Hopfield networks' },
  { number: 6, title: 'Attractor networks' },
  { number: 7, title: 'Populations' },
];

export function findWeek(number: number): Week | undefined {
  return WEEKS.find((week) => week.number === number);
}

/** "Week 2: Hodgkin–Huxley and synapses". */
export function weekLabel(number: number): string {
  const week = findWeek(number);
  return week === undefined ? `Week ${number}` : `Week ${number}: ${week.title}`;
}
