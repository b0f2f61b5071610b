import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { DEFAULT_ACCOUNT_ID, DEFAULT_HOST } from '@lakebox/shared';
import type { Lakebox } from './context.js';
import { LakeboxEvents } from './events.js';
import { glueService } from './glue/service.js';
import { resetLakebox } from './reset.js';
import { createApp } from './server.js';
import { openDb } from './store/sqlite.js';

export interface StartOptions {
  /** 0 picks a free port (the default, for tests). */
  port?: number;
  /** Defaults to 127.0.0.1: lakebox is never reachable from other machines unless asked. */
  host?: string;
  /** Where metadata.sqlite and object files live. Omitted: an ephemeral store removed on stop. */
  dataDir?: string;
  /** Account for requests whose access key id is not 12 digits. */
  defaultAccountId?: string;
  /**
   * Test knob: milliseconds lakebox counts as one minute of a Glue job's `Timeout` (default 60000), so a test
   * can watch a run reach TIMEOUT without waiting minutes. Not for production use.
   */
  jobMinuteMs?: number;
}

export interface RunningLakebox extends AsyncDisposable {
  /** e.g. `http://127.0.0.1:53817`: give it to an SDK client as `endpoint`. */
  endpoint: string;
  port: number;
  host: string;
  /** The data directory, or undefined when ephemeral. */
  dataDir: string | undefined;
  /** Delete all state; the server keeps running. */
  reset(): void;
  stop(): Promise<void>;
}

/**
 * Start an emulator in this process.
 *
 * @example
 * await using lakebox = await startLakebox();
 * const glue = new GlueClient({ endpoint: lakebox.endpoint, region: 'us-east-1',
 *   credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
 */
export async function startLakebox(options: StartOptions = {}): Promise<RunningLakebox> {
  const host = options.host ?? DEFAULT_HOST;
  const ephemeral = options.dataDir === undefined;
  const dataDir = ephemeral ? mkdtempSync(join(tmpdir(), 'lakebox-')) : resolve(options.dataDir as string);
  const db = openDb(ephemeral ? ':memory:' : join(dataDir, 'metadata.sqlite'));
  const lakebox: Lakebox = {
    db,
    dataDir: ephemeral ? undefined : dataDir,
    rootDir: dataDir,
    onStop: [],
    onReset: [],
    defaultAccountId: options.defaultAccountId ?? DEFAULT_ACCOUNT_ID,
    endpoint: '',
    events: new LakeboxEvents(),
    ...(options.jobMinuteMs !== undefined ? { jobMinuteMs: options.jobMinuteMs } : {}),
  };
  const app = createApp(lakebox);
  let server: ServerType;
  try {
    server = await listen(app.fetch, options.port ?? 0, host);
  } catch (e) {
    db.close();
    if (ephemeral) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  // Load the Glue service model (the SDK's schemas) now rather than on the first request.
  setImmediate(() => glueService.model());
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  lakebox.endpoint = `http://${urlHost}:${port}`;

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= new Promise<void>((done) => {
      server.close(async () => {
        for (const hook of lakebox.onStop.reverse()) {
          try {
            await hook();
          } catch (e) {
            console.error('[lakebox] error while stopping:', e);
          }
        }
        db.close();
        if (ephemeral) rmSync(dataDir, { recursive: true, force: true });
        done();
      });
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
    return stopped;
  };

  return {
    endpoint: lakebox.endpoint,
    port,
    host,
    dataDir: lakebox.dataDir,
    reset: () => resetLakebox(lakebox),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function listen(fetch: (req: Request) => Response | Promise<Response>, port: number, hostname: string) {
  return new Promise<ServerType>((ok, fail) => {
    const server = serve({ fetch, port, hostname }, () => ok(server));
    server.once('error', fail);
  });
}

export type { Lakebox, OpContext } from './context.js';
export { AwsError } from './protocol/errors.js';
