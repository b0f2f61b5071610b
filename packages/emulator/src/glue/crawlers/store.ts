import type { Crawler, CrawlerHistory } from '@aws-sdk/client-glue';
import { errors } from '../../protocol/errors.js';
import type { Db } from '../../store/sqlite.js';
import type { CatalogScope } from '../catalog/scope.js';

/**
 * Row access for crawlers and crawls; the operations in `crawlers.ts` and `runs.ts` add the API rules.
 * Crawler names keep their case. Callers run writes inside their own transaction where it matters.
 */

/** What the last crawls measured, for GetCrawlerMetrics. */
export interface CrawlMetrics {
  /** Seconds each finished crawl took, oldest first (the last 20, for the median). */
  runtimes: number[];
  tablesCreated: number;
  tablesUpdated: number;
  tablesDeleted: number;
}

/** A crawler as stored: the SDK's Crawler (with State, without CrawlElapsedTime) and lakebox's bookkeeping. */
export interface StoredCrawler {
  crawler: Crawler;
  metrics: CrawlMetrics;
  /** The crawl under way while State is RUNNING or STOPPING. */
  current?: { crawlId: string; startMs: number };
}

/** Members holding timestamps in crawler and crawl documents: revived as `Date`. */
const TIMESTAMPS = new Set(['CreationTime', 'LastUpdated', 'StartTime', 'EndTime']);

function revive(key: string, value: unknown): unknown {
  return typeof value === 'string' && TIMESTAMPS.has(key) ? new Date(value) : value;
}

function parse<T>(doc: string): T {
  return JSON.parse(doc, revive) as T;
}

export const EMPTY_METRICS: CrawlMetrics = { runtimes: [], tablesCreated: 0, tablesUpdated: 0, tablesDeleted: 0 };

export function crawlerNotFound(name: string) {
  return errors.entityNotFound(`Crawler entry with name ${name} does not exist`);
}

export function findCrawler(db: Db, scope: CatalogScope, name: string): StoredCrawler | undefined {
  const row = db
    .prepare('SELECT doc FROM glue_crawlers WHERE account = ? AND region = ? AND name = ?')
    .get(scope.account, scope.region, name) as { doc: string } | undefined;
  return row ? parse<StoredCrawler>(row.doc) : undefined;
}

export function requireCrawler(db: Db, scope: CatalogScope, name: string): StoredCrawler {
  const found = findCrawler(db, scope, name);
  if (!found) throw crawlerNotFound(name);
  return found;
}

/** Insert a new crawler; false when the name is taken. */
export function insertCrawler(db: Db, scope: CatalogScope, stored: StoredCrawler): boolean {
  const result = db
    .prepare('INSERT OR IGNORE INTO glue_crawlers (account, region, name, state, doc) VALUES (?, ?, ?, ?, ?)')
    .run(scope.account, scope.region, stored.crawler.Name, stored.crawler.State, JSON.stringify(stored));
  return result.changes > 0;
}

export function saveCrawler(db: Db, scope: CatalogScope, stored: StoredCrawler): void {
  db.prepare('UPDATE glue_crawlers SET state = ?, doc = ? WHERE account = ? AND region = ? AND name = ?').run(
    stored.crawler.State,
    JSON.stringify(stored),
    scope.account,
    scope.region,
    stored.crawler.Name,
  );
}

export function deleteCrawlerRows(db: Db, scope: CatalogScope, name: string): void {
  db.prepare('DELETE FROM glue_crawlers WHERE account = ? AND region = ? AND name = ?').run(
    scope.account,
    scope.region,
    name,
  );
  db.prepare('DELETE FROM glue_crawls WHERE account = ? AND region = ? AND crawler_name = ?').run(
    scope.account,
    scope.region,
    name,
  );
}

/** Crawlers of a scope with names after `after`, in name order. */
export function crawlersAfter(db: Db, scope: CatalogScope, after: string): Iterable<StoredCrawler> {
  const rows = db
    .prepare('SELECT doc FROM glue_crawlers WHERE account = ? AND region = ? AND name > ? ORDER BY name')
    .all(scope.account, scope.region, after) as { doc: string }[];
  return rows.map((r) => parse<StoredCrawler>(r.doc));
}

/** Every crawler left RUNNING or STOPPING in the database, any scope (restart recovery). */
export function unfinishedCrawlers(db: Db): { scope: CatalogScope; stored: StoredCrawler }[] {
  const rows = db.prepare("SELECT account, region, doc FROM glue_crawlers WHERE state <> 'READY'").all() as {
    account: string;
    region: string;
    doc: string;
  }[];
  return rows.map((r) => ({ scope: { account: r.account, region: r.region }, stored: parse<StoredCrawler>(r.doc) }));
}

export function putCrawl(db: Db, scope: CatalogScope, crawlerName: string, crawl: CrawlerHistory): void {
  db.prepare(
    'INSERT INTO glue_crawls (account, region, crawler_name, crawl_id, start_ms, doc) VALUES (?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT (account, region, crawler_name, crawl_id) DO UPDATE SET doc = excluded.doc',
  ).run(
    scope.account,
    scope.region,
    crawlerName,
    crawl.CrawlId,
    crawl.StartTime?.getTime() ?? 0,
    JSON.stringify(crawl),
  );
}

export function findCrawl(db: Db, scope: CatalogScope, crawlerName: string, crawlId: string) {
  const row = db
    .prepare('SELECT doc FROM glue_crawls WHERE account = ? AND region = ? AND crawler_name = ? AND crawl_id = ?')
    .get(scope.account, scope.region, crawlerName, crawlId) as { doc: string } | undefined;
  return row ? parse<CrawlerHistory>(row.doc) : undefined;
}

/** A crawler's crawls, newest first. */
export function crawlsOf(db: Db, scope: CatalogScope, crawlerName: string): CrawlerHistory[] {
  const rows = db
    .prepare(
      'SELECT doc FROM glue_crawls WHERE account = ? AND region = ? AND crawler_name = ? ORDER BY start_ms DESC, crawl_id DESC',
    )
    .all(scope.account, scope.region, crawlerName) as { doc: string }[];
  return rows.map((r) => parse<CrawlerHistory>(r.doc));
}
