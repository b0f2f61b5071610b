import { EventEmitter } from 'node:events';

/** A job run, crawl or query reached a new state. `account`/`region` scope it as every row is scoped. */
export interface RunStateEvent {
  kind: 'job' | 'crawler' | 'query';
  account: string;
  region: string;
  /** Job or crawler name; the query execution id for queries. */
  name: string;
  /** Job run id; crawl id; query execution id. */
  runId: string;
  /** The AWS state value: JobRunState, CrawlState / crawler LastCrawl status, QueryExecutionState. */
  state: string;
  at: Date;
}

interface EventMap {
  runState: [RunStateEvent];
}

/**
 * In-process events of one lakebox. Listeners run synchronously inside `emit`, so they must not throw
 * and must not block: start async work and return.
 * @example
 * lakebox.events.on('runState', (e) => { if (e.kind === 'job' && e.state === 'SUCCEEDED') fire(e); });
 */
export class LakeboxEvents extends EventEmitter<EventMap> {
  constructor() {
    super({ captureRejections: false });
    this.setMaxListeners(0);
  }
}
