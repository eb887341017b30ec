/**
 * Global setup of the `browser` project: build the site afresh, serve it on an ephemeral loopback
 * port, and hand the URL and the directory to the tests:
 *
 *   inject('baseUrl')  // 'http://127.0.0.1:PORT'
 *   inject('distDir')  // absolute path of the built site
 *
 * Every run builds into a new empty temporary directory (removed afterwards) instead of dist/:
 * a test can never pass on an earlier build's output, and a developer running `astro build` or
 * `astro dev` in the same tree cannot empty the directory under a running suite. The search index
 * and the service worker need no step here: an integration (site/integrations/postbuild.ts) writes
 * them at the end of `astro build`, into whatever --outDir says.
 *
 * The setup does not wait for the build: Vitest runs every project's global setup before any test, so
 * waiting here kept the unit project (which needs no build) idle for the build's 45 s. The build runs
 * beside the unit tests instead, and each browser test file waits for it in its setup file
 * (wait-for-build.ts), which reads the outcome this setup writes next to the directory it serves.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD_OUTCOME, type BuildOutcome } from './build-outcome.ts';
import type { TestProject } from 'vitest/node';
import { chromiumPath } from './browser.ts';
import { startStaticServer } from './static-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    distDir: string;
  }
}

/**
 * The build's environment without Vitest's own: Vitest sets NODE_ENV=test and puts its import.meta.env (DEV=1,
 * PROD, MODE, BASE_URL, SSR) on process.env, and Astro hands process.env to the pages' import.meta.env. The site
 * would be built as in development (the development CSP with 'unsafe-inline', no service worker); the tests must
 * see the site readers get.
 */
function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  for (const name of ['DEV', 'PROD', 'MODE', 'BASE_URL', 'SSR']) delete env[name];
  return env;
}

function runBuild(root: string, outDir: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(join(root, 'node_modules', '.bin', 'astro'), ['build', '--outDir', outDir], {
      cwd: root,
      env: buildEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (code === 0) {
        done();
        return;
      }
      const log = Buffer.concat(output).toString('utf8').split('\n').slice(-80).join('\n');
      fail(new Error(`astro build failed (${signal ?? `exit ${code}`}); last lines:\n${log}`));
    });
  });
}

interface Site {
  readonly url: string;
  readonly dist: string;
  users: number;
  close(): Promise<void>;
}

async function buildAndServe(root: string): Promise<Site> {
  const directory = mkdtempSync(join(tmpdir(), 'membrane-site-'));
  const dist = join(directory, 'dist');
  mkdirSync(dist);
  // Written whole, then renamed into place: a test file polling for it never reads half of it.
  const record = (outcome: BuildOutcome) => {
    const partial = join(directory, `${BUILD_OUTCOME}.partial`);
    writeFileSync(partial, JSON.stringify(outcome));
    renameSync(partial, join(directory, BUILD_OUTCOME));
  };
  const started = performance.now();
  const built = runBuild(root, dist).then(
    () => {
      console.log(`[browser setup] astro build: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      record({ ok: true });
    },
    (error: unknown) => record({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
  // Nothing asks the server for a page before the build is done: the test files wait for the outcome first.
  const server = await startStaticServer(dist);
  return {
    url: server.url,
    dist,
    users: 0,
    async close() {
      // A run that ends early (a unit test failing with --bail) must not delete the directory under the build.
      await built;
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

// The two browser projects (vitest.config.ts) share one build and one server: global setups run in Vitest's
// main process, so a promise kept on globalThis reaches both. The last project to tear down closes it.
const SHARED = Symbol.for('membrane.browser-site');
type Shared = Record<symbol, Promise<Site> | undefined>;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Fail before the build, not after it, when the browser is missing.
  chromiumPath();

  const shared = globalThis as unknown as Shared;
  const pending = (shared[SHARED] ??= buildAndServe(project.config.root));
  const site = await pending;
  site.users += 1;
  project.provide('baseUrl', site.url);
  project.provide('distDir', site.dist);
  return async () => {
    site.users -= 1;
    if (site.users > 0) return;
    if (shared[SHARED] === pending) delete shared[SHARED];
    await site.close();
  };
}
