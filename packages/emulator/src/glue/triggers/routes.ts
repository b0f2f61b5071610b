import { Hono } from 'hono';
import type { EdgeEnv, Lakebox } from '../../context.js';
import { triggerEngine } from './engine.js';

/**
 * `/_lakebox/triggers/*`.
 *
 * `POST /_lakebox/triggers/scheduler/tick` with `{"at": "<ISO time>"}` (test knob): run the scheduler as if
 * the clock read `at` (default: now), firing every ACTIVATED SCHEDULED trigger with a fire time since its
 * last check. Answers `{"fired": [trigger names]}`. Lets a test see a cron fire without waiting for it.
 */
export function triggerRoutes(lakebox: Lakebox): Hono<EdgeEnv> {
  const engine = triggerEngine(lakebox);
  const app = new Hono<EdgeEnv>();
  app.post('/scheduler/tick', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { at?: unknown };
    const at = typeof body.at === 'string' ? new Date(body.at) : new Date();
    if (Number.isNaN(at.getTime())) return c.json({ message: `"at" is not a time: ${String(body.at)}` }, 400);
    return c.json({ fired: engine.tick(at) });
  });
  return app;
}
