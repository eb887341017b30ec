/**
 * Test files longest first, from the durations a CI run measured (test/durations.json).
 *
 * The browser project runs two files at a time. Vitest's own order on a fresh clone (no cache of earlier runs)
 * is largest file first, which left the axe run over every page (a short file, six minutes) to start last and
 * run alone for four minutes. Longest first keeps both workers busy to the end (the classic LPT schedule).
 * Files not in the list (new ones) go first, as Vitest does with unknown files. Projects and their group
 * order are kept as Vitest sorts them.
 *
 * Refresh the list after a CI run, from its JSON report: `node scripts/test-durations.mjs`.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

type Durations = Record<string, number>;

function readDurations(root: string): Durations {
  try {
    return JSON.parse(readFileSync(join(root, 'test', 'durations.json'), 'utf8')) as Durations;
  } catch {
    return {};
  }
}

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const durations = readDurations(root);
    const seconds = (file: TestSpecification) => durations[relative(root, file.moduleId)] ?? Number.POSITIVE_INFINITY;
    // Vitest's order of the projects (group order, then name), kept: the rank of each project's first file.
    const projectRank = new Map<string, number>();
    for (const file of sorted) if (!projectRank.has(file.project.name)) projectRank.set(file.project.name, projectRank.size);
    const rank = (file: TestSpecification) => projectRank.get(file.project.name)!;
    // Array.prototype.sort is stable: equal durations keep Vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b) || seconds(b) - seconds(a));
  }
}
