import { Hono } from 'hono';
import type { EdgeEnv, Lakebox } from '../context.js';
import type { RunStateEvent } from '../events.js';

/** Seconds between keep-alive comments, so proxies and the browser keep an idle stream open. */
const KEEPALIVE_MS = 15_000;

/**
 * `GET /_lakebox/events[?account=&region=]`: every `runState` event of this lakebox as server-sent events
 * (`event: runState`, `data: {kind, account, region, name, runId, state, at}`), optionally only one account's
 * (`account=default`: the default account) or region's. Read-only; the browser's EventSource reconnects by itself.
 *
 * @example
 * new EventSource('/_lakebox/events?region=us-east-1').addEventListener('runState', (m) => JSON.parse(m.data));
 */
export function consoleEvents(lakebox: Lakebox): Hono<EdgeEnv> {
  const app = new Hono<EdgeEnv>();
  const open = new Set<() => void>();
  lakebox.onStop.push(() => {
    for (const close of [...open]) close();
  });
  app.get('/', (c) => {
    // `default`: the account a request with a non-numeric access key gets (the console's own).
    const given = c.req.query('account');
    const account = given === 'default' ? lakebox.defaultAccountId : given;
    const region = c.req.query('region');
    const encoder = new TextEncoder();
    let close = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            close();
          }
        };
        const onRunState = (e: RunStateEvent) => {
          if ((account && e.account !== account) || (region && e.region !== region)) return;
          send(`event: runState\ndata: ${JSON.stringify({ ...e, at: e.at.toISOString() })}\n\n`);
        };
        const ping = setInterval(() => send(': keep-alive\n\n'), KEEPALIVE_MS);
        ping.unref();
        close = () => {
          lakebox.events.off('runState', onRunState);
          clearInterval(ping);
          open.delete(close);
          try {
            controller.close();
          } catch {
            // Already closed by the client.
          }
        };
        open.add(close);
        lakebox.events.on('runState', onRunState);
        send('retry: 2000\n: lakebox events\n\n');
      },
      cancel() {
        close();
      },
    });
    return new Response(body, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
      },
    });
  });
  return app;
}
