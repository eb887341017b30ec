/**
 * Global setup of the browser projects: build the site afresh, serve it on an ephemeral loopback
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
 * The build runs while the unit project does (Vitest runs every global setup before the first test), and the
 * browser files wait for it in their setup file (wait-for-build.ts), which reads the outcome this setup writes to
 * `inject('buildStatus')`. In sequence the two took 42–53 s and 55–72 s of CI; the build leaves about a third of
 * the two cores idle, and the unit tests fill it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { chromiumPath } from './browser.ts';
import { startStaticServer } from './static-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    distDir: string;
    buildStatus: string;
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
  /** Written once the build has ended: `{ "ok": true }`, or `{ "ok": false, "message": … }` with the build's log. */
  readonly status: string;
  users: number;
  close(): Promise<void>;
}

/** The outcome of the build, written whole (a reader polling for the file never sees half of it). */
export interface BuildStatus {
  ok: boolean;
  message?: string;
}

function writeStatus(file: string, status: BuildStatus): void {
  writeFileSync(`${file}.part`, JSON.stringify(status));
  renameSync(`${file}.part`, file);
}

/** Serves the (still empty) output directory at once and starts the build into it; does not wait for the build. */
async function buildAndServe(root: string): Promise<Site> {
  const directory = mkdtempSync(join(tmpdir(), 'membrane-site-'));
  const dist = join(directory, 'dist');
  const status = join(directory, 'build.json');
  mkdirSync(dist);
  const server = await startStaticServer(dist);
  const started = performance.now();
  const built = runBuild(root, dist).then(
    () => {
      console.log(`[browser setup] astro build: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      writeStatus(status, { ok: true });
    },
    (error: unknown) => writeStatus(status, { ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
  return {
    url: server.url,
    dist,
    status,
    users: 0,
    async close() {
      // A run stopped early must not remove the directory under a build still writing to it.
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
  project.provide('buildStatus', site.status);
  return async () => {
    site.users -= 1;
    if (site.users > 0) return;
    if (shared[SHARED] === pending) delete shared[SHARED];
    await site.close();
  };
}
