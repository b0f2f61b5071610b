/**
 * `/_lakebox/runtime/*`: what the Python compatibility layer (`runtime/python`) calls from inside a job.
 * Every body is JSON `{ account, region, plan, ... }` (see `plan.ts`); failures answer 400
 * `{ errorClass, message }`, which the Python side raises as the PySpark exception of that name.
 *
 * - POST /schema  `{plan}` -> `{columns: [{name, type}]}` (Spark types)
 * - POST /collect `{plan, limit?}` -> `{columns, rows}` (rows as JSON values)
 * - POST /write   `{plan, path, format, mode, partitionBy, options}` -> `{files, rows, skipped}`
 * - POST /files   `{paths}` -> `{files: [{uri, etag, size}]}` (what a read would read; for job bookmarks)
 * - POST /table   `{database, table}` -> `{location, format, sep?, partitionKeys}` (write_dynamic_frame.from_catalog)
 * - POST /register `{database, table, location, format, columns, partitionKeys, files, create, updateSchema}`
 *   -> `{created, partitions}` (Glue's enableUpdateCatalog, `catalog-update.ts`)
 * - POST /purge   `{path, retentionHours}` -> `{deleted}` (glueContext.purge_s3_path)
 *
 * Limits: these routes run SQL and read/write objects for whoever reaches the port (lakebox binds 127.0.0.1);
 * the SQL runs in the sandboxed DuckDB, so only files under the lakebox root are reachable.
 */
import { Hono } from 'hono';
import type { EdgeEnv, Lakebox } from '../context.js';
import { toRuntimeFailure } from './errors.js';

const load = () => import('./handlers.js');

export function runtimeRoutes(lakebox: Lakebox): Hono<EdgeEnv> {
  const app = new Hono<EdgeEnv>();
  app.onError((error, c) => {
    const failure = toRuntimeFailure(error);
    return c.json({ errorClass: failure.errorClass, message: failure.message }, 400);
  });
  // JSON only: a browser page cannot send that cross-origin without a CORS preflight (which gets no CORS answer).
  app.use('*', async (c, next) => {
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      return c.json({ errorClass: 'IllegalArgumentException', message: 'Content-Type must be application/json' }, 415);
    }
    return next();
  });
  app.post('/schema', async (c) => c.json(await (await load()).schema(lakebox, await c.req.json())));
  app.post('/collect', async (c) => c.json(await (await load()).collect(lakebox, await c.req.json())));
  app.post('/write', async (c) => c.json(await (await load()).write(lakebox, await c.req.json())));
  app.post('/files', async (c) => c.json((await load()).files(lakebox, await c.req.json())));
  app.post('/table', async (c) => c.json((await load()).table(lakebox, await c.req.json())));
  app.post('/purge', async (c) => c.json((await load()).purge(lakebox, await c.req.json())));
  app.post('/register', async (c) => c.json(await (await load()).register(lakebox, await c.req.json())));
  return app;
}
