import { randomUUID } from 'node:crypto';
import type { Crawler, CrawlerHistory, LastCrawlInfo } from '@aws-sdk/client-glue';
import type { Lakebox, OpContext } from '../../context.js';
import { isAwsError } from '../../protocol/errors.js';
import { requireDatabase } from '../catalog/databases.js';
import type { CatalogScope } from '../catalog/scope.js';
import { applyToCatalog, type CatalogChanges, tablesOfCrawler } from './apply.js';
import { parseCrawlerConfiguration } from './configuration.js';
import { appendCrawlLog, CRAWLER_LOG_GROUP, type CrawlLogLevel, initCrawlLogs } from './crawl-log.js';
import { CrawlError, planTables, scanTarget, type TargetScan } from './plan.js';
import { findCrawl, findCrawler, putCrawl, type StoredCrawler, saveCrawler, unfinishedCrawlers } from './store.js';

/**
 * Crawls run in this process, asynchronously: StartCrawler records the crawl and returns; the crawl lists
 * and classifies the target files, then writes the catalog in one transaction, then the crawler goes
 * RUNNING → STOPPING → READY with its LastCrawl. A run-state event (`kind: 'crawler'`) marks the start
 * (RUNNING) and the end (SUCCEEDED | FAILED | CANCELLED).
 *
 * A crawl found RUNNING or STOPPING in the database with no crawl under way in this process (lakebox
 * stopped during it) is recorded as FAILED the first time crawlers are looked at.
 *
 * Each crawl writes its log lines to CloudWatch Logs group `/aws-glue/crawlers`, stream = crawler name, every
 * line prefixed with the crawl's MessagePrefix (see crawl-log.ts).
 */

export const LOG_GROUP = CRAWLER_LOG_GROUP;

interface ActiveCrawl {
  crawlId: string;
  cancelled: boolean;
  done: Promise<void>;
}

const activeByLakebox = new WeakMap<Lakebox, Map<string, ActiveCrawl>>();

function activeOf(lakebox: Lakebox): Map<string, ActiveCrawl> {
  let active = activeByLakebox.get(lakebox);
  if (!active) {
    active = new Map();
    activeByLakebox.set(lakebox, active);
    initCrawlLogs(lakebox);
    const map = active;
    lakebox.onStop.push(async () => {
      for (const a of map.values()) a.cancelled = true;
      await Promise.all([...map.values()].map((a) => a.done));
    });
    lakebox.onReset.push(() => {
      for (const a of map.values()) a.cancelled = true;
      map.clear();
    });
    recoverInterrupted(lakebox);
  }
  return active;
}

const keyOf = (scope: CatalogScope, name: string) => `${scope.account}\u0000${scope.region}\u0000${name}`;

/** Make sure crawls interrupted by a stop are closed; call before reading crawler state. */
export function ensureCrawlerRuntime(lakebox: Lakebox): void {
  activeOf(lakebox);
}

function recoverInterrupted(lakebox: Lakebox): void {
  const now = new Date();
  for (const { scope, stored } of unfinishedCrawlers(lakebox.db)) {
    finish(lakebox, scope, stored, stored.current?.crawlId ?? '', {
      status: 'FAILED',
      error: 'The crawl was interrupted: lakebox stopped while it ran.',
      changes: undefined,
      now,
    });
  }
}

export function isStopRequested(lakebox: Lakebox, scope: CatalogScope, name: string): boolean {
  return activeOf(lakebox).get(keyOf(scope, name))?.cancelled ?? false;
}

/** Record a new crawl (the crawler is READY: the caller checked) and start it in the background. */
export function beginCrawl(ctx: OpContext, scope: CatalogScope, stored: StoredCrawler): void {
  const active = activeOf(ctx.lakebox);
  const name = stored.crawler.Name ?? '';
  const crawlId = randomUUID();
  const startMs = ctx.now.getTime();
  saveCrawler(ctx.db, scope, {
    ...stored,
    crawler: { ...stored.crawler, State: 'RUNNING' },
    current: { crawlId, startMs },
  });
  putCrawl(ctx.db, scope, name, {
    CrawlId: crawlId,
    State: 'RUNNING',
    StartTime: ctx.now,
    LogGroup: LOG_GROUP,
    LogStream: name,
    MessagePrefix: crawlId,
    DPUHour: 0,
  });
  const entry: ActiveCrawl = { crawlId, cancelled: false, done: Promise.resolve() };
  active.set(keyOf(scope, name), entry);
  appendCrawlLog(ctx.lakebox, scope, name, crawlId, [['BENCHMARK', `Running Start Crawl for Crawler ${name}`]]);
  ctx.lakebox.events.emit('runState', {
    kind: 'crawler',
    account: scope.account,
    region: scope.region,
    name,
    runId: crawlId,
    state: 'RUNNING',
    at: ctx.now,
  });
  entry.done = execute(ctx.lakebox, scope, name, entry).finally(() => {
    if (active.get(keyOf(scope, name)) === entry) active.delete(keyOf(scope, name));
  });
}

/** Ask the crawl under way to stop; the crawler shows STOPPING until it does. */
export function requestStop(ctx: OpContext, scope: CatalogScope, stored: StoredCrawler): void {
  const entry = activeOf(ctx.lakebox).get(keyOf(scope, stored.crawler.Name ?? ''));
  if (entry) entry.cancelled = true;
  saveCrawler(ctx.db, scope, { ...stored, crawler: { ...stored.crawler, State: 'STOPPING' } });
}

interface Outcome {
  status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  error: string | undefined;
  changes: CatalogChanges | undefined;
  now: Date;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function execute(lakebox: Lakebox, scope: CatalogScope, name: string, entry: ActiveCrawl): Promise<void> {
  await tick();
  let outcome: Omit<Outcome, 'now'>;
  try {
    const changes = await crawl(lakebox, scope, name, entry);
    outcome = entry.cancelled
      ? { status: 'CANCELLED', error: undefined, changes: undefined }
      : { status: 'SUCCEEDED', error: undefined, changes };
  } catch (e) {
    const message = e instanceof CrawlError || isAwsError(e) ? e.message : `Internal error: ${String(e)}`;
    outcome = entry.cancelled
      ? { status: 'CANCELLED', error: undefined, changes: undefined }
      : { status: 'FAILED', error: message, changes: undefined };
  }
  if (!activeByLakebox.get(lakebox)?.has(keyOf(scope, name))) return; // reset while crawling
  // STOPPING while the crawl is wrapped up, as Glue shows it, then READY.
  const stopping = findCrawler(lakebox.db, scope, name);
  if (stopping?.current?.crawlId !== entry.crawlId) return;
  saveCrawler(lakebox.db, scope, { ...stopping, crawler: { ...stopping.crawler, State: 'STOPPING' } });
  await tick();
  const stored = findCrawler(lakebox.db, scope, name);
  if (!stored) return;
  const now = new Date();
  finish(lakebox, scope, stored, entry.crawlId, { ...outcome, now });
  lakebox.events.emit('runState', {
    kind: 'crawler',
    account: scope.account,
    region: scope.region,
    name,
    runId: entry.crawlId,
    state: outcome.status,
    at: now,
  });
}

/** Write lines of a crawl under way, unless a reset ended it (its log is gone with everything else). */
function logActive(
  lakebox: Lakebox,
  scope: CatalogScope,
  name: string,
  entry: ActiveCrawl,
  lines: readonly (readonly [CrawlLogLevel, string])[],
): void {
  if (activeByLakebox.get(lakebox)?.get(keyOf(scope, name)) !== entry) return;
  appendCrawlLog(lakebox, scope, name, entry.crawlId, lines);
}

/** Glue's line about the policies a crawl applies. */
function configuredLine(crawler: Crawler): string {
  const policy = {
    UpdateBehavior: crawler.SchemaChangePolicy?.UpdateBehavior ?? 'UPDATE_IN_DATABASE',
    DeleteBehavior: crawler.SchemaChangePolicy?.DeleteBehavior ?? 'DEPRECATE_IN_DATABASE',
  };
  if (!crawler.Configuration) return `Crawler configured with SchemaChangePolicy ${JSON.stringify(policy)}.`;
  let configuration = crawler.Configuration;
  try {
    configuration = JSON.stringify(JSON.parse(crawler.Configuration), null, 4);
  } catch {
    // shown as given
  }
  return (
    `Crawler configured with Configuration\n${configuration}\n and SchemaChangePolicy\n` +
    `${JSON.stringify(policy, null, 4)}\n. Note that values in the Configuration override values in the ` +
    'SchemaChangePolicy for S3 Targets.'
  );
}

/** The work of one crawl; returns what changed in the catalog (nothing is written once a stop is asked). */
async function crawl(lakebox: Lakebox, scope: CatalogScope, name: string, entry: ActiveCrawl) {
  const stored = findCrawler(lakebox.db, scope, name);
  if (!stored) throw new CrawlError(`Crawler ${name} was deleted.`);
  const crawler = stored.crawler;
  const settings = parseCrawlerConfiguration(crawler.Configuration);
  const ctx: OpContext = {
    lakebox,
    db: lakebox.db,
    account: scope.account,
    region: scope.region,
    requestId: randomUUID(),
    now: new Date(),
  };
  requireDatabase(ctx.db, scope, crawler.DatabaseName ?? '');
  const targets = crawler.Targets ?? {};
  const unsupported = Object.entries(targets).find(([kind, list]) => kind !== 'S3Targets' && list?.length);
  if (unsupported) throw new CrawlError(`not supported locally: ${unsupported[0]} (lakebox crawls S3 targets)`);
  const scans: TargetScan[] = [];
  for (const target of targets.S3Targets ?? []) {
    scans.push(await scanTarget(lakebox, target, () => entry.cancelled));
    if (entry.cancelled) return undefined;
  }
  const known = tablesOfCrawler(ctx, crawler.DatabaseName ?? '', name).map((t) => t.StorageDescriptor?.Location ?? '');
  const planned = planTables(scans, settings, crawler.TablePrefix ?? '', known);
  if (entry.cancelled) return undefined;
  logActive(lakebox, scope, name, entry, [
    ['BENCHMARK', `Classification complete, writing results to database ${crawler.DatabaseName ?? ''}`],
    ['INFO', configuredLine(crawler)],
  ]);
  ctx.now = new Date();
  const roots = scans.map((s) => `s3://${s.bucket}/${s.prefix}`);
  const changes = applyToCatalog(ctx, crawler, settings, planned, roots);
  logActive(lakebox, scope, name, entry, [...changes.log, ['BENCHMARK', 'Finished writing to Catalog']]);
  return changes;
}

const MAX_RUNTIMES = 20;

/** Close a crawl: LastCrawl, the crawl's history row, metrics; the crawler is READY again. */
function finish(lakebox: Lakebox, scope: CatalogScope, stored: StoredCrawler, crawlId: string, o: Outcome): void {
  const name = stored.crawler.Name ?? '';
  const startMs = stored.current?.startMs ?? o.now.getTime();
  const LastCrawl: LastCrawlInfo = {
    Status: o.status,
    ...(o.error ? { ErrorMessage: o.error } : {}),
    LogGroup: LOG_GROUP,
    LogStream: name,
    MessagePrefix: crawlId,
    StartTime: new Date(startMs),
  };
  const seconds = Math.max(0, (o.now.getTime() - startMs) / 1000);
  const c = o.changes;
  const metrics = c
    ? {
        runtimes: [...stored.metrics.runtimes, seconds].slice(-MAX_RUNTIMES),
        tablesCreated: c.tablesCreated,
        tablesUpdated: c.tablesUpdated,
        tablesDeleted: c.tablesDeleted,
      }
    : { ...stored.metrics, runtimes: [...stored.metrics.runtimes, seconds].slice(-MAX_RUNTIMES) };
  lakebox.db.transaction(() => {
    const { current: _done, ...rest } = stored;
    saveCrawler(lakebox.db, scope, { ...rest, crawler: { ...stored.crawler, State: 'READY', LastCrawl }, metrics });
    const history: CrawlerHistory = findCrawl(lakebox.db, scope, name, crawlId) ?? {
      CrawlId: crawlId,
      StartTime: new Date(startMs),
      LogGroup: LOG_GROUP,
      LogStream: name,
      MessagePrefix: crawlId,
      DPUHour: 0,
    };
    if (!crawlId) return;
    putCrawl(lakebox.db, scope, name, {
      ...history,
      State: o.status === 'SUCCEEDED' ? 'COMPLETED' : o.status === 'CANCELLED' ? 'STOPPED' : 'FAILED',
      EndTime: o.now,
      ...(c ? { Summary: summary(c) } : {}),
      ...(o.error ? { ErrorMessage: o.error } : {}),
    });
  })();
  if (crawlId) appendCrawlLog(lakebox, scope, name, crawlId, closingLines(o));
}

/** The end of a crawl's log: Glue's run summary (partitions, then tables), the error, the final state. */
function closingLines(o: Outcome): [CrawlLogLevel, string][] {
  const lines: [CrawlLogLevel, string][] = [];
  const c = o.changes;
  const part = (kind: string, add: number, update: number, del: number) => {
    if (!add && !update && !del) return;
    lines.push(['INFO', `Run Summary For ${kind}:`]);
    if (add) lines.push(['INFO', `ADD: ${add}`]);
    if (update) lines.push(['INFO', `UPDATE: ${update}`]);
    if (del) lines.push(['INFO', `DELETE: ${del}`]);
  };
  if (c) {
    part('PARTITION', c.partitionsCreated, c.partitionsUpdated, c.partitionsDeleted);
    part('TABLE', c.tablesCreated, c.tablesUpdated, c.tablesDeleted);
  }
  if (o.status === 'FAILED') lines.push(['ERROR', o.error ?? 'Internal Service Exception']);
  if (o.status === 'CANCELLED') lines.push(['INFO', 'Crawler was stopped (StopCrawler): the catalog was not changed.']);
  lines.push(['BENCHMARK', 'Crawler has finished running and is in state READY']);
  return lines;
}

/** The crawl summary ListCrawls shows: what was added, updated and deleted, by kind. */
function summary(c: CatalogChanges): string {
  const part = (add: number, update: number, del: number) => ({
    ...(add ? { ADD: { Count: add } } : {}),
    ...(update ? { UPDATE: { Count: update } } : {}),
    ...(del ? { DELETE: { Count: del } } : {}),
  });
  return JSON.stringify({
    TABLE: part(c.tablesCreated, c.tablesUpdated, c.tablesDeleted),
    PARTITION: part(c.partitionsCreated, c.partitionsUpdated, c.partitionsDeleted),
  });
}
