import { Hono } from 'hono';
import type { EdgeEnv, Lakebox } from '../../context.js';
import { readCrawlerLog } from './crawl-log.js';

/**
 * `/_lakebox/crawlers`: what the console calls.
 * - `GET /logs?account=&region=&crawler=` → `{"events": [{timestamp, message}]}`: the crawler's log stream
 *   (group `/aws-glue/crawlers`), every crawl's lines, oldest first; empty when it never crawled.
 */
export function crawlerRoutes(lakebox: Lakebox): Hono<EdgeEnv> {
  const app = new Hono<EdgeEnv>();
  app.get('/logs', (c) => {
    const scope = {
      account: c.req.query('account') || lakebox.defaultAccountId,
      region: c.req.query('region') || 'us-east-1',
    };
    return c.json({ events: readCrawlerLog(lakebox, scope, c.req.query('crawler') ?? '') ?? [] });
  });
  return app;
}
