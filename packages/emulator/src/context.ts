import type { Db } from './store/sqlite.js';

/** Emulator-wide settings and handles, built once at start. */
export interface Lakebox {
  db: Db;
  dataDir: string | undefined;
  defaultAccountId: string;
}

/** What a model function knows about the request it serves. Never HTTP, never JSON. */
export interface OpContext {
  lakebox: Lakebox;
  db: Db;
  account: string;
  region: string;
  requestId: string;
  /** Wall-clock time of the request, so one request stamps one time everywhere. */
  now: Date;
}

/** Per-request facts the edge puts on the Hono context (LocalStack's `RequestContext`). */
export interface EdgeVariables {
  requestId: string;
  account: string;
  region: string;
  /** Service named by `X-Amz-Target` or the SigV4 credential scope, if any. */
  service: string | undefined;
  /** Operation named by `X-Amz-Target`, e.g. `CreateTable`. */
  operation: string | undefined;
}

export interface EdgeEnv {
  Variables: EdgeVariables;
}
