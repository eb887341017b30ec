import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStaticServer, type StaticServer } from '../browser/support/static-server.ts';

interface Reply {
  status: number;
  type: string | undefined;
  location: string | undefined;
  body: string;
}

/** node:http sends the path exactly as given; fetch would normalise away the `..` we want to send. */
function get(base: string, rawPath: string): Promise<Reply> {
  const { hostname, port } = new URL(base);
  return new Promise((done, fail) => {
    const req = request({ hostname, port, path: rawPath, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        done({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'],
          location: res.headers.location,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

let root: string;
let server: StaticServer;

beforeAll(async () => {
  // A secret beside the served directory, which traversal attempts try to reach.
  const sandbox = mkdtempSync(join(tmpdir(), 'membrane-static-'));
  writeFileSync(join(sandbox, 'secret.txt'), 'secret');
  root = join(sandbox, 'dist');
  mkdirSync(join(root, 'lessons', 'one'), { recursive: true });
  mkdirSync(join(root, '_astro'));
  writeFileSync(join(root, 'index.html'), '<h1>home</h1>');
  writeFileSync(join(root, '404.html'), '<h1>not found</h1>');
  writeFileSync(join(root, 'lessons', 'one', 'index.html'), '<h1>one</h1>');
  for (const name of ['a.js', 'a.mjs', 'a.css', 'a.svg', 'a.woff2', 'a.json', 'a.wasm']) {
    writeFileSync(join(root, '_astro', name), 'x');
  }
  server = await startStaticServer(root);
});

afterAll(async () => {
  await server.close();
  rmSync(join(root, '..'), { recursive: true, force: true });
});

describe('static server', () => {
  test('serves index.html for directory URLs', async () => {
    expect(await get(server.url, '/')).toMatchObject({ status: 200, body: '<h1>home</h1>' });
    expect(await get(server.url, '/lessons/one/')).toMatchObject({ status: 200, body: '<h1>one</h1>' });
  });

  test('redirects a directory URL without its slash, as static hosts do', async () => {
    expect(await get(server.url, '/lessons/one?x=1')).toMatchObject({ status: 301, location: '/lessons/one/?x=1' });
  });

  test.each([
    ['/_astro/a.js', 'text/javascript; charset=utf-8'],
    ['/_astro/a.mjs', 'text/javascript; charset=utf-8'],
    ['/_astro/a.css', 'text/css; charset=utf-8'],
    ['/_astro/a.svg', 'image/svg+xml'],
    ['/_astro/a.woff2', 'font/woff2'],
    ['/_astro/a.json', 'application/json; charset=utf-8'],
    // Streaming WebAssembly compilation refuses any other type.
    ['/_astro/a.wasm', 'application/wasm'],
    ['/index.html', 'text/html; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    expect(await get(server.url, path)).toMatchObject({ status: 200, type });
  });

  test.each([
    // A missing page and a missing asset.
    '/nowhere/',
    '/_astro/missing.js',
    // A directory without index.html is not listed.
    '/lessons/',
    // Traversal, plain and percent-encoded, towards ../secret.txt.
    '/../secret.txt',
    '/lessons/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/lessons/%2e%2e%2f%2e%2e%2fsecret.txt',
    // Malformed percent-encoding and a NUL byte.
    '/%E0%A4%A',
    '/index.html%00',
  ])('answers %s with the 404 page and status 404', async (path) => {
    const reply = await get(server.url, path);
    expect(reply).toMatchObject({ status: 404, body: '<h1>not found</h1>' });
  });

  test('never answers a protocol-relative redirect', async () => {
    // URL parsing turns `/.//lessons/one` into the pathname `//lessons/one`.
    expect(await get(server.url, '/.//lessons/one')).toMatchObject({ status: 301, location: '/lessons/one/' });
  });
});
