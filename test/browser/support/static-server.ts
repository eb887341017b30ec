/**
 * A small static file server for the built site, used by the browser tests' global setup.
 *
 *   const server = await startStaticServer('/abs/path/to/dist');
 *   server.url;          // 'http://127.0.0.1:PORT' (no trailing slash), ephemeral port on loopback
 *   await server.close();
 *
 * It behaves like the static hosts the site is meant for, so the tests see what readers will:
 * `/dir/` serves `dir/index.html`; `/dir` (no slash) redirects to `/dir/`; anything missing gets
 * `404.html` with status 404; nothing outside the root is ever served. Responses are not cached,
 * because a test run must never see a previous build.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  // Browsers refuse WebAssembly.instantiateStreaming unless the type is exactly this.
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

type Resolved =
  | { kind: 'file'; path: string; size: number }
  | { kind: 'redirect'; location: string }
  | { kind: 'missing' };

async function fileSize(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Maps a request path to what should be served; exported so it can be unit-tested without sockets. */
export async function resolveRequest(root: string, rawPathname: string): Promise<Resolved> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPathname);
  } catch {
    return { kind: 'missing' };
  }
  // A NUL byte or a backslash never names a real file here; rejecting them avoids any doubt about
  // how they would be interpreted on the way to the file system.
  if (pathname.includes('\0') || pathname.includes('\\') || !pathname.startsWith('/')) {
    return { kind: 'missing' };
  }
  const target = resolve(root, `.${pathname}`);
  if (target !== root && !target.startsWith(root + sep)) return { kind: 'missing' };

  if (pathname.endsWith('/')) {
    const index = join(target, 'index.html');
    const size = await fileSize(index);
    return size === undefined ? { kind: 'missing' } : { kind: 'file', path: index, size };
  }
  const size = await fileSize(target);
  if (size !== undefined) return { kind: 'file', path: target, size };
  if ((await isDirectory(target)) && (await fileSize(join(target, 'index.html'))) !== undefined) {
    // One leading slash only: `//host/` in a Location header would send the browser off-site.
    return { kind: 'redirect', location: `/${rawPathname.replace(/^\/+/, '')}/` };
  }
  return { kind: 'missing' };
}

// Static hosts compress text; serving it raw would make Lighthouse's load model see a 780 kB lesson page.
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|manifest\+json)|image\/svg\+xml)/;
const compressed = new Map<string, { mtimeMs: number; body: Buffer }>();

function gzipped(path: string): Buffer {
  const mtimeMs = statSync(path).mtimeMs;
  const cached = compressed.get(path);
  if (cached && cached.mtimeMs === mtimeMs) return cached.body;
  const body = gzipSync(readFileSync(path), { level: 6 });
  compressed.set(path, { mtimeMs, body });
  return body;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, path: string, size: number, head: boolean): void {
  const type = contentTypeFor(path);
  const headers: Record<string, string | number> = {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    Vary: 'Accept-Encoding',
  };
  if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    const body = gzipped(path);
    res.writeHead(status, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length });
    res.end(head ? undefined : body);
    return;
  }
  res.writeHead(status, { ...headers, 'Content-Length': size });
  if (head) {
    res.end();
    return;
  }
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}

async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const head = req.method === 'HEAD';
  const url = new URL(req.url ?? '/', 'http://localhost');
  const found = await resolveRequest(root, url.pathname);
  if (found.kind === 'file') {
    send(req, res, 200, found.path, found.size, head);
    return;
  }
  if (found.kind === 'redirect') {
    res.writeHead(301, { Location: found.location + url.search, 'Cache-Control': 'no-store' }).end();
    return;
  }
  const notFoundPage = join(root, '404.html');
  const size = await fileSize(notFoundPage);
  if (size === undefined) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  send(req, res, 404, notFoundPage, size, head);
}

export async function startStaticServer(directory: string): Promise<StaticServer> {
  const root = resolve(directory);
  const server = createServer((req, res) => {
    handle(root, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ready());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}
