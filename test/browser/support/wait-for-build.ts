/**
 * Setup file of the browser projects: the site builds in the background while the unit tests run
 * (global-setup.ts), so every browser test file waits here until the build has ended, and fails with the
 * build's own message if it failed. Test files read the built pages when they are collected, after this.
 */
import { existsSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';

const BUILD_TIMEOUT_MS = 10 * 60_000;

const statusFile = inject('buildStatus');
const deadline = Date.now() + BUILD_TIMEOUT_MS;
while (!existsSync(statusFile)) {
  if (Date.now() > deadline) throw new Error(`the site's build did not end within ${BUILD_TIMEOUT_MS / 60_000} minutes`);
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const status = JSON.parse(readFileSync(statusFile, 'utf8')) as { ok: boolean; error?: string };
if (!status.ok) throw new Error(status.error ?? 'astro build failed');
