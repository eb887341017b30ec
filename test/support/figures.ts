/**
 * Measured figures (page weight, redraw times, Lighthouse scores, axe results, fuzz runs) that tests
 * record for the reader of the CI log and for closing notes:
 *
 *   recordFigure('page-weight', '/lessons/01-integrate-and-fire/', { initialKb: 11.8, allWidgetsKb: 52.1 });
 *
 * Each call prints one `[figure] …` line and appends to `test-results/figures/<group>.jsonl` (one JSON object a line), which the CI
 * script prints as a table at the end. Recording never changes a test's outcome.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type FigureValues = Record<string, number | string | boolean>;

const DIRECTORY = join(process.cwd(), 'test-results', 'figures');

export function recordFigure(group: string, subject: string, values: FigureValues): void {
  console.log(`[figure] ${group} ${subject}: ${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  mkdirSync(DIRECTORY, { recursive: true });
  appendFileSync(join(DIRECTORY, `${group}.jsonl`), `${JSON.stringify({ subject, ...values })}\n`);
}
