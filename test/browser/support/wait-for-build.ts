/**
 * Setup file of the browser projects (vitest.config.ts): a test file starts once the global setup's build is
 * complete, before the file itself reads the built pages (listPages, at collection) or opens one.
 */
import { inject } from 'vitest';
import { awaitBuild } from './build-outcome.ts';

await awaitBuild(inject('distDir'));
