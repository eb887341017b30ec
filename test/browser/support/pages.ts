/**
 * Every page of the built site, read from the build output rather than from a hand-kept list,
 * so a new lesson is tested the moment it exists.
 *
 *   import { listPages } from './support/pages.ts';
 *   const pages = listPages(); // ['/', '/404.html', '/lessons/01-integrate-and-fire/', ...]
 *
 * A page is a directory holding index.html (URL `/dir/`, as `build.format: 'directory'` writes
 * them) or the root 404.html (URL `/404.html`). Paths are sorted and start with `/`. Nothing is
 * excluded. `distDir()` is the (temporary) directory the global setup built into and serves.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { inject } from 'vitest';

export function distDir(): string {
  return inject('distDir');
}

export function listPages(root: string = distDir()): string[] {
  const pages: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.isFile() && entry.name === 'index.html') {
        const parts = relative(root, directory).split(sep).filter(Boolean);
        pages.push(`/${parts.map(encodeURIComponent).map((p) => `${p}/`).join('')}`);
      } else if (entry.isFile() && entry.name === '404.html' && directory === root) {
        pages.push('/404.html');
      }
    }
  };
  walk(root);
  return pages.sort();
}
