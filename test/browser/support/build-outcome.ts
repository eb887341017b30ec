/**
 * How the global setup (global-setup.ts) tells the browser test files that its build has finished: a JSON file of
 * this name beside the directory it serves, written once the build has succeeded or failed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const BUILD_OUTCOME = 'build-outcome.json';

export type BuildOutcome = { ok: true } | { ok: false; message: string };

/** Waits until the build into `dist` has finished; throws with the build's own message if it failed. */
export async function awaitBuild(dist: string, timeoutMs = 10 * 60_000): Promise<void> {
  const file = join(dirname(dist), BUILD_OUTCOME);
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the site's build did not finish within ${timeoutMs / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const outcome = JSON.parse(readFileSync(file, 'utf8')) as BuildOutcome;
  if (!outcome.ok) throw new Error(outcome.message);
}
