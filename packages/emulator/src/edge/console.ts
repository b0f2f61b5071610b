import { Hono } from 'hono';
import type { EdgeEnv, Lakebox } from '../context.js';
import { consoleEvents } from './console-events.js';
import { consoleReconciler } from './console-reconciler.js';
import { consoleStaticRoutes } from './console-static.js';

/**
 * What the web console needs beyond the public AWS APIs, under `/_lakebox`:
 * - `/console/`: the built console app;
 * - `/events`: run-state changes (jobs, crawls, queries) as server-sent events, for live pages;
 * - `/reconciler`: a reconciler state file read-only (what it manages, when it was applied, drift).
 */
export function consoleRoutes(lakebox: Lakebox): Hono<EdgeEnv> {
  const app = new Hono<EdgeEnv>();
  app.route('/console', consoleStaticRoutes());
  app.route('/events', consoleEvents(lakebox));
  app.route('/reconciler', consoleReconciler(lakebox));
  return app;
}
