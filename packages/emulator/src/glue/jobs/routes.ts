import { Hono } from 'hono';
import type { EdgeEnv, Lakebox } from '../../context.js';
import { AwsError } from '../../protocol/errors.js';
import { commitBookmark, readBookmark } from './bookmarks.js';
import { type LogKind, readLogEvents } from './run-files.js';
import type { JobScope } from './store.js';

/**
 * `/_lakebox/jobs`: what job processes (the Python runtime) and the console call.
 * - `GET /bookmark?account=&region=&job=` → `{"JobBookmark": "<json or empty>", "Run": n}` (contract 4)
 * - `POST /bookmark` `{"account","region","job","runId","JobBookmark"}` → the saved JobBookmarkEntry
 * - `GET /logs?account=&region=&runId=&stream=output|error` → `{"events": [{timestamp, message}]}`
 * Errors answer `{"error": "<AWS code>", "message": "..."}` with status 400/404.
 */
export function jobRoutes(lakebox: Lakebox): Hono<EdgeEnv> {
  const app = new Hono<EdgeEnv>();
  const scopeOf = (account: string | undefined, region: string | undefined): JobScope => ({
    account: account || lakebox.defaultAccountId,
    region: region || 'us-east-1',
  });

  app.get('/bookmark', (c) => {
    const scope = scopeOf(c.req.query('account'), c.req.query('region'));
    const entry = readBookmark(lakebox.db, scope, c.req.query('job') ?? '');
    return c.json({ JobBookmark: entry?.JobBookmark ?? '', Run: entry?.Run ?? 0 });
  });

  app.post('/bookmark', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const bookmark = body['JobBookmark'];
    const text = typeof bookmark === 'string' ? bookmark : JSON.stringify(bookmark ?? {});
    const scope = scopeOf(str('account'), str('region'));
    return c.json(commitBookmark(lakebox.db, scope, str('job'), str('runId'), text));
  });

  app.get('/logs', (c) => {
    const scope = scopeOf(c.req.query('account'), c.req.query('region'));
    const stream: LogKind = c.req.query('stream') === 'error' ? 'error' : 'output';
    return c.json({ events: readLogEvents(lakebox, scope, c.req.query('runId') ?? '', stream) });
  });

  app.onError((e, c) => {
    if (e instanceof AwsError) {
      return c.json({ error: e.code, message: e.message }, e.code === 'EntityNotFoundException' ? 404 : 400);
    }
    console.error('[lakebox] /_lakebox/jobs failed:', e);
    return c.json({ error: 'InternalFailure', message: String(e) }, 500);
  });
  return app;
}
