/**
 * Setup file of the browser projects: each test file starts once the site is built. The global setup starts the
 * build and returns at once, so that it runs alongside the unit project (global-setup.ts); a test file is collected
 * only after this module has run, so `listPages()` at the top of a file already sees every page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';
import type { BuildStatus } from './global-setup.ts';

// A build takes 40–55 s on CI's machine; ten minutes means it hangs.
const LIMIT_MS = 600_000;

const file = inject('buildStatus');
const deadline = Date.now() + LIMIT_MS;
while (!existsSync(file)) {
  if (Date.now() > deadline) throw new Error(`astro build has not ended after ${LIMIT_MS / 60_000} minutes`);
  await new Promise((wait) => setTimeout(wait, 250));
}
const status = JSON.parse(readFileSync(file, 'utf8')) as BuildStatus;
if (!status.ok) throw new Error(status.message ?? 'astro build failed');
