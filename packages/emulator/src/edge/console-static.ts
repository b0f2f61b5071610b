import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { EdgeEnv } from '../context.js';

/**
 * `/_lakebox/console/`: the built web console (`apps/console/dist`), as static files. Unknown paths without a
 * file extension get `index.html`, so a reload on any console page works. When the console is not built the
 * page says how to build it instead of a bare 404.
 */
export function consoleStaticRoutes(): Hono<EdgeEnv> {
  const app = new Hono<EdgeEnv>();
  app.get('/', (c) => serveConsoleFile(c.req.path));
  app.get('/*', (c) => serveConsoleFile(c.req.path));
  return app;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

const PREFIX = '/_lakebox/console/';

function serveConsoleFile(path: string): Response {
  if (!path.startsWith(PREFIX)) return new Response(null, { status: 308, headers: { location: PREFIX } });
  const dir = consoleDistDir();
  if (!dir) return notBuilt();
  let rel: string;
  try {
    rel = decodeURIComponent(path.slice(PREFIX.length));
  } catch {
    return new Response('Bad path', { status: 400 });
  }
  const file = resolve(dir, rel === '' ? 'index.html' : rel);
  if (file !== dir && !file.startsWith(dir + sep)) return new Response('Not found', { status: 404 });
  if (isFile(file)) {
    const hashed = file.includes(`${sep}assets${sep}`);
    return new Response(readFileSync(file), {
      headers: {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        // Vite names assets by content hash; index.html must always be fresh to point at the current ones.
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    });
  }
  if (extname(rel) !== '') return new Response('Not found', { status: 404 });
  const index = join(dir, 'index.html');
  return new Response(readFileSync(index), {
    headers: { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-cache' },
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The built console: `LAKEBOX_CONSOLE_DIR`, else `apps/console/dist` found by walking up from this module
 * (works from `src/edge/` and from the esbuild bundle in `packages/emulator/dist/`). Looked up on every request
 * (cheap), so a console built after the emulator started is served without a restart.
 */
export function consoleDistDir(): string | undefined {
  const fromEnv = process.env['LAKEBOX_CONSOLE_DIR'];
  if (fromEnv) return existsSync(join(fromEnv, 'index.html')) ? resolve(fromEnv) : undefined;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'apps', 'console', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function notBuilt(): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lakebox console</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2933}
code{background:#eef2f6;padding:.1rem .3rem;border-radius:4px}</style></head><body>
<h1>The lakebox console is not built</h1>
<p>lakebox is running, but <code>apps/console/dist</code> does not exist yet. Build it from the repository root:</p>
<p><code>npx pnpm@10 --filter @lakebox/console build</code></p>
<p>then reload this page. (<code>npm start</code> builds it for you.)</p>
</body></html>`;
  return new Response(html, {
    status: 503,
    headers: { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-cache' },
  });
}
