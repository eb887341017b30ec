// Installs Lighthouse for the browser tests into .tools/lighthouse, outside package.json: Lighthouse's own
// dependency tree asks for `latest` of a package, which breaks installs from our lockfile (shared
// TOOLCHAIN.md). 12.8.2 is the last release that runs on Node 20. Runs before `npm test`; a no-op when the
// right version is there. Needs the npm registry on first run only.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LIGHTHOUSE_VERSION = '12.8.2';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prefix = join(root, '.tools', 'lighthouse');
const manifest = join(prefix, 'node_modules', 'lighthouse', 'package.json');

const installed = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
if (installed !== LIGHTHOUSE_VERSION) {
  console.log(`Installing lighthouse@${LIGHTHOUSE_VERSION} into .tools/lighthouse (was ${installed ?? 'absent'})`);
  mkdirSync(prefix, { recursive: true });
  execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `lighthouse@${LIGHTHOUSE_VERSION}`], { stdio: 'inherit' });
}
