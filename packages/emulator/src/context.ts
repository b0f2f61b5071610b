import type { LakeboxEvents } from './events.js';
import type { Db } from './store/sqlite.js';

/** Emulator-wide settings and handles, built once at start. */
export interface Lakebox {
  db: Db;
  /** The data directory the user chose, or undefined when ephemeral. For display; use `rootDir` for files. */
  dataDir: string | undefined;
  /** Where object files and engine scratch live: the data directory, or a temporary one when ephemeral.
   *  Everything lakebox writes or lets DuckDB read stays under it. */
  rootDir: string;
  defaultAccountId: string;
  /** `http://host:port` this lakebox answers on, set once the server listens (for job processes it starts). */
  endpoint: string;
  /** State changes other parts react to (a trigger watching a job run, the console's live view). */
  events: LakeboxEvents;
  /** Run on stop, in reverse order of registration (e.g. closing the SQL engine). */
  onStop: Array<() => void | Promise<void>>;
  /** Run after a reset has emptied the database (e.g. deleting object files, dropping engine caches). */
  onReset: Array<() => void>;
  /** Milliseconds in one minute of a Glue job's `Timeout` (default 60000); a test knob, see `StartOptions`. */
  jobMinuteMs?: number;
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
