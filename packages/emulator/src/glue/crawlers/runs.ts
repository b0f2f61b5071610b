import type { CrawlerHistory, CrawlerMetrics, CrawlsFilter } from '@aws-sdk/client-glue';
import { AwsError, errors } from '../../protocol/errors.js';
import { catalogScope } from '../catalog/scope.js';
import type { GlueOperations } from '../operations.js';
import { decodeToken, encodeToken } from '../pagination.js';
import { crawlerRunning } from './crawlers.js';
import { beginCrawl, ensureCrawlerRuntime, requestStop } from './runner.js';
import { crawlersAfter, crawlsOf, findCrawler, requireCrawler, type StoredCrawler } from './store.js';

/** StartCrawler, StopCrawler, GetCrawlerMetrics and ListCrawls. */

export const startCrawler: GlueOperations['StartCrawler'] = (ctx, input) => {
  ensureCrawlerRuntime(ctx.lakebox);
  const scope = catalogScope(ctx, undefined);
  const name = input.Name ?? '';
  ctx.db.transaction(() => {
    const stored = requireCrawler(ctx.db, scope, name);
    if (stored.crawler.State !== 'READY') throw crawlerRunning(name);
    beginCrawl(ctx, scope, stored);
  })();
  return {};
};

export const stopCrawler: GlueOperations['StopCrawler'] = (ctx, input) => {
  ensureCrawlerRuntime(ctx.lakebox);
  const scope = catalogScope(ctx, undefined);
  const name = input.Name ?? '';
  ctx.db.transaction(() => {
    const stored = requireCrawler(ctx.db, scope, name);
    if (stored.crawler.State === 'READY') {
      throw new AwsError('CrawlerNotRunningException', `Crawler with name ${name} isn't running.`);
    }
    if (stored.crawler.State === 'STOPPING') {
      throw new AwsError('CrawlerStoppingException', `Crawler with name ${name} is stopping.`);
    }
    requestStop(ctx, scope, stored);
  })();
  return {};
};

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function metricsOf(stored: StoredCrawler, nowMs: number): CrawlerMetrics {
  const m = stored.metrics;
  const runtimes = m.runtimes;
  const medianSeconds = median(runtimes);
  const running = stored.crawler.State !== 'READY' && stored.current !== undefined;
  const elapsed = running ? (nowMs - (stored.current?.startMs ?? nowMs)) / 1000 : 0;
  return {
    CrawlerName: stored.crawler.Name,
    TimeLeftSeconds: running ? Math.max(0, medianSeconds - elapsed) : 0,
    StillEstimating: running && runtimes.length === 0,
    LastRuntimeSeconds: runtimes[runtimes.length - 1] ?? 0,
    MedianRuntimeSeconds: medianSeconds,
    TablesCreated: m.tablesCreated,
    TablesUpdated: m.tablesUpdated,
    TablesDeleted: m.tablesDeleted,
  };
}

/** Metrics of the named crawlers (names that do not exist are left out), or of every crawler. */
export const getCrawlerMetrics: GlueOperations['GetCrawlerMetrics'] = (ctx, input) => {
  ensureCrawlerRuntime(ctx.lakebox);
  const scope = catalogScope(ctx, undefined);
  const size = Math.min(input.MaxResults ?? 100, 1000);
  const names = input.CrawlerNameList ?? [];
  let crawlers: StoredCrawler[];
  if (names.length > 0) {
    crawlers = [...new Set(names)]
      .sort()
      .map((n) => findCrawler(ctx.db, scope, n))
      .filter((s): s is StoredCrawler => s !== undefined);
  } else crawlers = [...crawlersAfter(ctx.db, scope, '')];
  const after = decodeToken('GetCrawlerMetrics', input.NextToken);
  const from = after === undefined ? crawlers : crawlers.filter((s) => (s.crawler.Name ?? '') > after);
  const page = from.slice(0, size);
  const last = page[page.length - 1];
  const next =
    from.length > size && last ? encodeToken({ op: 'GetCrawlerMetrics', after: last.crawler.Name ?? '' }) : undefined;
  const nowMs = ctx.now.getTime();
  return { CrawlerMetricsList: page.map((s) => metricsOf(s, nowMs)), ...(next ? { NextToken: next } : {}) };
};

type FieldValue = string | number | undefined;

function fieldOf(crawl: CrawlerHistory, field: string): FieldValue {
  switch (field) {
    case 'CRAWL_ID':
      return crawl.CrawlId;
    case 'STATE':
      return crawl.State;
    case 'START_TIME':
      return crawl.StartTime?.getTime();
    case 'END_TIME':
      return crawl.EndTime?.getTime();
    case 'DPU_HOUR':
      return crawl.DPUHour ?? 0;
    default:
      throw errors.invalidInput(`Unknown crawl filter field ${field}.`);
  }
}

/** A filter's value in the field's terms: times as epoch milliseconds (epoch seconds and ISO text are read). */
function filterValue(filter: CrawlsFilter): string | number {
  const raw = filter.FieldValue ?? '';
  const field = filter.FieldName ?? '';
  if (field === 'START_TIME' || field === 'END_TIME') {
    const n = Number(raw);
    const ms = raw.trim() !== '' && Number.isFinite(n) ? (n < 1e11 ? n * 1000 : n) : Date.parse(raw);
    if (!Number.isFinite(ms)) throw errors.invalidInput(`Invalid time in crawl filter: ${raw}.`);
    return ms;
  }
  if (field === 'DPU_HOUR') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw errors.invalidInput(`Invalid number in crawl filter: ${raw}.`);
    return n;
  }
  return raw;
}

function matches(crawl: CrawlerHistory, filter: CrawlsFilter): boolean {
  const have = fieldOf(crawl, filter.FieldName ?? '');
  const want = filterValue(filter);
  if (have === undefined) return filter.FilterOperator === 'NE';
  switch (filter.FilterOperator ?? 'EQ') {
    case 'EQ':
      return have === want;
    case 'NE':
      return have !== want;
    case 'GT':
      return have > want;
    case 'GE':
      return have >= want;
    case 'LT':
      return have < want;
    case 'LE':
      return have <= want;
    default:
      throw errors.invalidInput(`Unknown filter operator ${filter.FilterOperator}.`);
  }
}

/** A crawler's crawls, newest first, filtered; the token is the position in that list. */
export const listCrawls: GlueOperations['ListCrawls'] = (ctx, input) => {
  ensureCrawlerRuntime(ctx.lakebox);
  const scope = catalogScope(ctx, undefined);
  const name = input.CrawlerName ?? '';
  requireCrawler(ctx.db, scope, name);
  const filters = input.Filters ?? [];
  const crawls = crawlsOf(ctx.db, scope, name).filter((c) => filters.every((f) => matches(c, f)));
  const size = Math.min(input.MaxResults ?? 100, 1000);
  const start = Number(decodeToken('ListCrawls', input.NextToken) ?? '0');
  const page = crawls.slice(start, start + size);
  const next =
    start + size < crawls.length ? encodeToken({ op: 'ListCrawls', after: String(start + size) }) : undefined;
  return { Crawls: page, ...(next ? { NextToken: next } : {}) };
};
