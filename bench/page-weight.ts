/**
 * JavaScript each built page ships, gzip-compressed: `npm run build && npm run --silent weight`.
 * Follows each page's module scripts and their static imports, counting every file once per page.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = resolve(process.argv[2] ?? 'dist');

function pages(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return pages(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

function scriptsOf(html: string): string[] {
  return [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!);
}

function modulesFrom(file: string, seen: Set<string>): void {
  if (seen.has(file)) return;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(/(?:import|from)\s*["'](\.{1,2}\/[^"']+)["']/g)) modulesFrom(resolve(dirname(file), m[1]!), seen);
}

let worst = 0;
for (const page of pages(dist).sort()) {
  const seen = new Set<string>();
  for (const src of scriptsOf(readFileSync(page, 'utf8'))) modulesFrom(join(dist, src.replace(/^\//, '')), seen);
  let raw = 0;
  let gzip = 0;
  for (const file of seen) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  worst = Math.max(worst, gzip);
  console.log(`${relative(dist, page).padEnd(48)} ${String(seen.size).padStart(2)} files  ${(raw / 1000).toFixed(1).padStart(6)} kB  ${(gzip / 1000).toFixed(1).padStart(6)} kB gzip`);
}
console.log(`largest page: ${(worst / 1000).toFixed(1)} kB of JavaScript, gzip`);
