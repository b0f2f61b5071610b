import { Hono } from 'hono';
import type { EdgeEnv, Lakebox } from '../context.js';
import { crawlerRoutes } from '../glue/crawlers/routes.js';
import { jobRoutes } from '../glue/jobs/routes.js';
import { triggerRoutes } from '../glue/triggers/routes.js';
import { resetLakebox } from '../reset.js';
import { runtimeRoutes } from '../runtime/routes.js';
import { consoleRoutes } from './console.js';

/** `/_lakebox/*`: lakebox's own routes. Bucket names cannot start with `_`, so these never shadow S3. */
export function internalRoutes(lakebox: Lakebox): Hono<EdgeEnv> {
  const app = new Hono<EdgeEnv>();
  app.get('/health', (c) =>
    c.json({
      status: 'running',
      services: { glue: 'available', athena: 'available', s3: 'available', sts: 'available' },
      dataDir: lakebox.dataDir ?? null,
    }),
  );
  app.post('/reset', (c) => {
    resetLakebox(lakebox);
    return c.json({ reset: true });
  });
  app.route('/', consoleRoutes(lakebox));
  app.route('/runtime', runtimeRoutes(lakebox));
  app.route('/jobs', jobRoutes(lakebox));
  app.route('/crawlers', crawlerRoutes(lakebox));
  app.route('/triggers', triggerRoutes(lakebox));
  return app;
}
