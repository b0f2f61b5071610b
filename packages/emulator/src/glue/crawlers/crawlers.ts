import type { Crawler, CrawlerTargets, CreateCrawlerRequest, UpdateCrawlerRequest } from '@aws-sdk/client-glue';
import { glueArn } from '@lakebox/shared';
import type { OpContext } from '../../context.js';
import { AwsError, errors } from '../../protocol/errors.js';
import { type CatalogScope, catalogScope } from '../catalog/scope.js';
import { registerTaggableResource } from '../catalog/tags.js';
import { deleteTags, getTags, putTags } from '../catalog/tags-store.js';
import type { GlueOperations } from '../operations.js';
import { decodeToken, encodeToken } from '../pagination.js';
import { parseCrawlerConfiguration } from './configuration.js';
import { ensureCrawlerRuntime } from './runner.js';
import {
  crawlerNotFound,
  crawlersAfter,
  deleteCrawlerRows,
  EMPTY_METRICS,
  findCrawler,
  insertCrawler,
  requireCrawler,
  type StoredCrawler,
  saveCrawler,
} from './store.js';

/**
 * CreateCrawler, GetCrawler, GetCrawlers, ListCrawlers, BatchGetCrawlers, UpdateCrawler, DeleteCrawler and
 * the crawler schedule operations. GetCrawler answers what Glue answers for the same input, with Glue's
 * defaults filled in (SchemaChangePolicy, RecrawlPolicy, LineageConfiguration, LakeFormationConfiguration,
 * every target list) and nothing else: Terraform's `aws_glue_crawler` plans clean against it.
 *
 * LIMITATIONS: a crawler's Schedule is stored and reported (and Start/StopCrawlerSchedule switch its state)
 * but lakebox does not fire it; use a SCHEDULED trigger. Classifiers, connections and security
 * configurations are stored as names, never resolved.
 */

export const crawlerArn = (scope: CatalogScope, name: string) => glueArn({ ...scope, resource: `crawler/${name}` });

registerTaggableResource('crawler', {
  names: 1,
  foldsNames: false,
  requireExists: (db, scope, [name = '']) => {
    requireCrawler(db, scope, name);
  },
});

/** Glue reports an IAM role given as an ARN by its name (with its path): `arn:aws:iam::1:role/a/b` → `a/b`. */
export function roleName(role: string): string {
  const m = /^arn:[^:]+:iam::[^:]*:role\/(.+)$/.exec(role);
  return m?.[1] ?? role;
}

/** Every target list, as GetCrawler shows them (empty lists for the kinds not given). */
function withTargetDefaults(targets: CrawlerTargets | undefined): CrawlerTargets {
  return {
    S3Targets: (targets?.S3Targets ?? []).map((t) => ({ ...t, Exclusions: t.Exclusions ?? [] })),
    JdbcTargets: (targets?.JdbcTargets ?? []).map((t) => ({ ...t, Exclusions: t.Exclusions ?? [] })),
    MongoDBTargets: targets?.MongoDBTargets ?? [],
    DynamoDBTargets: targets?.DynamoDBTargets ?? [],
    CatalogTargets: targets?.CatalogTargets ?? [],
    DeltaTargets: targets?.DeltaTargets ?? [],
    IcebergTargets: targets?.IcebergTargets ?? [],
    HudiTargets: targets?.HudiTargets ?? [],
  };
}

function targetCount(t: CrawlerTargets): number {
  return Object.values(t).reduce((n, list: unknown[] | undefined) => n + (list?.length ?? 0), 0);
}

/** AWS's cron: `cron(Minutes Hours Day-of-month Month Day-of-week Year)`. */
function checkSchedule(expression: string): void {
  const m = /^cron\((.*)\)$/.exec(expression.trim());
  if (!m || (m[1] ?? '').trim().split(/\s+/).length !== 6) {
    throw errors.invalidInput(`Invalid schedule expression: ${expression}`);
  }
}

type CrawlerInput = Omit<CreateCrawlerRequest, 'Tags'> | UpdateCrawlerRequest;

/** Apply a Create/UpdateCrawler request to a crawler (a new one when `base` is undefined). */
function applyInput(base: Crawler | undefined, input: CrawlerInput, now: Date): Crawler {
  const next: Crawler = { ...base };
  next.Name = input.Name;
  if (input.Role !== undefined) next.Role = roleName(input.Role);
  if (input.DatabaseName !== undefined) next.DatabaseName = input.DatabaseName;
  if (input.Description !== undefined) next.Description = input.Description;
  if (input.Targets !== undefined || !base) next.Targets = withTargetDefaults(input.Targets);
  if (input.Classifiers !== undefined || !base) next.Classifiers = input.Classifiers ?? [];
  if (input.TablePrefix !== undefined) {
    if (input.TablePrefix === '') delete next.TablePrefix;
    else next.TablePrefix = input.TablePrefix;
  }
  if (input.Schedule !== undefined) {
    if (input.Schedule === '') delete next.Schedule;
    else {
      checkSchedule(input.Schedule);
      next.Schedule = { ScheduleExpression: input.Schedule, State: 'SCHEDULED' };
    }
  }
  next.SchemaChangePolicy = {
    UpdateBehavior:
      input.SchemaChangePolicy?.UpdateBehavior ?? base?.SchemaChangePolicy?.UpdateBehavior ?? 'UPDATE_IN_DATABASE',
    DeleteBehavior:
      input.SchemaChangePolicy?.DeleteBehavior ?? base?.SchemaChangePolicy?.DeleteBehavior ?? 'DEPRECATE_IN_DATABASE',
  };
  next.RecrawlPolicy = {
    RecrawlBehavior: input.RecrawlPolicy?.RecrawlBehavior ?? base?.RecrawlPolicy?.RecrawlBehavior ?? 'CRAWL_EVERYTHING',
  };
  next.LineageConfiguration = {
    CrawlerLineageSettings:
      input.LineageConfiguration?.CrawlerLineageSettings ??
      base?.LineageConfiguration?.CrawlerLineageSettings ??
      'DISABLE',
  };
  next.LakeFormationConfiguration = {
    UseLakeFormationCredentials:
      input.LakeFormationConfiguration?.UseLakeFormationCredentials ??
      base?.LakeFormationConfiguration?.UseLakeFormationCredentials ??
      false,
    AccountId: input.LakeFormationConfiguration?.AccountId ?? base?.LakeFormationConfiguration?.AccountId ?? '',
  };
  if (input.Configuration !== undefined) {
    if (input.Configuration === '') delete next.Configuration;
    else {
      parseCrawlerConfiguration(input.Configuration);
      next.Configuration = input.Configuration;
    }
  }
  if (input.CrawlerSecurityConfiguration !== undefined) {
    next.CrawlerSecurityConfiguration = input.CrawlerSecurityConfiguration;
  }
  next.State = base?.State ?? 'READY';
  next.CrawlElapsedTime = 0;
  next.CreationTime = base?.CreationTime ?? now;
  next.LastUpdated = now;
  next.Version = base ? (base.Version ?? 1) + 1 : 1;
  checkCrawler(next);
  return next;
}

function checkCrawler(c: Crawler): void {
  if (!c.Role) throw errors.invalidInput('Role is required.');
  if (!c.Targets || targetCount(c.Targets) === 0) {
    throw errors.invalidInput('Crawler targets must contain at least one target.');
  }
  const recrawl = c.RecrawlPolicy?.RecrawlBehavior;
  const policy = c.SchemaChangePolicy;
  if (recrawl === 'CRAWL_NEW_FOLDERS_ONLY' && (policy?.UpdateBehavior !== 'LOG' || policy?.DeleteBehavior !== 'LOG')) {
    throw errors.invalidInput(
      'The SchemaChangePolicy for "Crawl new folders only" Amazon S3 target can have only LOG DeleteBehavior value and LOG UpdateBehavior value.',
    );
  }
}

/** The Crawler GetCrawler answers: while a crawl runs, CrawlElapsedTime is how long it has been running. */
export function presentCrawler(stored: StoredCrawler, now: Date): Crawler {
  const crawler = { ...stored.crawler };
  crawler.CrawlElapsedTime = stored.current && crawler.State !== 'READY' ? now.getTime() - stored.current.startMs : 0;
  return crawler;
}

export function crawlerRunning(name: string) {
  return new AwsError('CrawlerRunningException', `Crawler with name ${name} has already started`);
}

export const createCrawler: GlueOperations['CreateCrawler'] = (ctx, input) => {
  const scope = catalogScope(ctx, undefined);
  const name = input.Name ?? '';
  const { Tags, ...rest } = input;
  const crawler = applyInput(undefined, rest, ctx.now);
  ctx.db.transaction(() => {
    if (!insertCrawler(ctx.db, scope, { crawler, metrics: EMPTY_METRICS })) {
      throw errors.alreadyExists(`${name} already exists.`);
    }
    if (Tags) putTags(ctx.db, scope, crawlerArn(scope, name), Tags);
  })();
  return {};
};

export const getCrawler: GlueOperations['GetCrawler'] = (ctx, input) => {
  ensureCrawlerRuntime(ctx.lakebox);
  const stored = requireCrawler(ctx.db, catalogScope(ctx, undefined), input.Name ?? '');
  return { Crawler: presentCrawler(stored, ctx.now) };
};

const PAGE = { default: 100, max: 1000 };

function pageOf(maxResults: number | undefined): number {
  return Math.min(maxResults ?? PAGE.default, PAGE.max);
}

/** Crawlers in name order from a token, filtered; one page and the next token. */
function crawlerPage(
  ctx: OpContext,
  op: string,
  maxResults: number | undefined,
  token: string | undefined,
  keep: (s: StoredCrawler) => boolean = () => true,
): { page: StoredCrawler[]; next: string | undefined } {
  const size = pageOf(maxResults);
  const page: StoredCrawler[] = [];
  let more = false;
  for (const s of crawlersAfter(ctx.db, catalogScope(ctx, undefined), decodeToken(op, token) ?? '')) {
    if (!keep(s)) continue;
    if (page.length === size) {
      more = true;
      break;
    }
    page.push(s);
  }
  const last = page[page.length - 1];
  return { page, next: more && last ? encodeToken({ op, after: last.crawler.Name ?? '' }) : undefined };
}

export const getCrawlers: GlueOperations['GetCrawlers'] = (ctx, input) => {
  ensureCrawlerRuntime(ctx.lakebox);
  const { page, next } = crawlerPage(ctx, 'GetCrawlers', input.MaxResults, input.NextToken);
  return { Crawlers: page.map((s) => presentCrawler(s, ctx.now)), ...(next ? { NextToken: next } : {}) };
};

/** With `Tags`, only crawlers carrying every one of those tags with that value. */
export const listCrawlers: GlueOperations['ListCrawlers'] = (ctx, input) => {
  ensureCrawlerRuntime(ctx.lakebox);
  const scope = catalogScope(ctx, undefined);
  const wanted = Object.entries(input.Tags ?? {});
  const keep = (s: StoredCrawler) => {
    if (wanted.length === 0) return true;
    const tags = getTags(ctx.db, scope, crawlerArn(scope, s.crawler.Name ?? ''));
    return wanted.every(([k, v]) => tags[k] === v);
  };
  const { page, next } = crawlerPage(ctx, 'ListCrawlers', input.MaxResults, input.NextToken, keep);
  return { CrawlerNames: page.map((s) => s.crawler.Name ?? ''), ...(next ? { NextToken: next } : {}) };
};

export const batchGetCrawlers: GlueOperations['BatchGetCrawlers'] = (ctx, input) => {
  ensureCrawlerRuntime(ctx.lakebox);
  const scope = catalogScope(ctx, undefined);
  const Crawlers: Crawler[] = [];
  const CrawlersNotFound: string[] = [];
  for (const name of input.CrawlerNames ?? []) {
    const stored = findCrawler(ctx.db, scope, name);
    if (stored) Crawlers.push(presentCrawler(stored, ctx.now));
    else CrawlersNotFound.push(name);
  }
  return { Crawlers, CrawlersNotFound };
};

export const updateCrawler: GlueOperations['UpdateCrawler'] = (ctx, input) => {
  ensureCrawlerRuntime(ctx.lakebox);
  const scope = catalogScope(ctx, undefined);
  ctx.db.transaction(() => {
    const stored = requireCrawler(ctx.db, scope, input.Name ?? '');
    if (stored.crawler.State !== 'READY') throw crawlerRunning(input.Name ?? '');
    saveCrawler(ctx.db, scope, { ...stored, crawler: applyInput(stored.crawler, input, ctx.now) });
  })();
  return {};
};

export const deleteCrawler: GlueOperations['DeleteCrawler'] = (ctx, input) => {
  ensureCrawlerRuntime(ctx.lakebox);
  const scope = catalogScope(ctx, undefined);
  const name = input.Name ?? '';
  ctx.db.transaction(() => {
    const stored = requireCrawler(ctx.db, scope, name);
    if (stored.crawler.State !== 'READY') throw crawlerRunning(name);
    deleteCrawlerRows(ctx.db, scope, name);
    deleteTags(ctx.db, scope, crawlerArn(scope, name));
  })();
  return {};
};

/** A new schedule (or none, with an empty expression); the schedule's state is kept. */
export const updateCrawlerSchedule: GlueOperations['UpdateCrawlerSchedule'] = (ctx, input) => {
  ensureCrawlerRuntime(ctx.lakebox);
  const scope = catalogScope(ctx, undefined);
  ctx.db.transaction(() => {
    const stored = requireCrawler(ctx.db, scope, input.CrawlerName ?? '');
    const crawler = { ...stored.crawler, LastUpdated: ctx.now };
    const expression = input.Schedule ?? '';
    if (expression === '') delete crawler.Schedule;
    else {
      checkSchedule(expression);
      crawler.Schedule = { ScheduleExpression: expression, State: stored.crawler.Schedule?.State ?? 'SCHEDULED' };
    }
    saveCrawler(ctx.db, scope, { ...stored, crawler });
  })();
  return {};
};

function switchSchedule(ctx: OpContext, name: string, to: 'SCHEDULED' | 'NOT_SCHEDULED'): void {
  ensureCrawlerRuntime(ctx.lakebox);
  const scope = catalogScope(ctx, undefined);
  ctx.db.transaction(() => {
    const stored = findCrawler(ctx.db, scope, name);
    if (!stored) throw crawlerNotFound(name);
    const schedule = stored.crawler.Schedule;
    if (!schedule?.ScheduleExpression) {
      if (to === 'NOT_SCHEDULED')
        throw new AwsError('SchedulerNotRunningException', `Schedule of ${name} is not running.`);
      throw new AwsError('NoScheduleException', `Crawler ${name} has no schedule.`);
    }
    if (schedule.State === to) {
      throw to === 'SCHEDULED'
        ? new AwsError('SchedulerRunningException', `Schedule of ${name} is already running.`)
        : new AwsError('SchedulerNotRunningException', `Schedule of ${name} is not running.`);
    }
    saveCrawler(ctx.db, scope, { ...stored, crawler: { ...stored.crawler, Schedule: { ...schedule, State: to } } });
  })();
}

export const startCrawlerSchedule: GlueOperations['StartCrawlerSchedule'] = (ctx, input) => {
  switchSchedule(ctx, input.CrawlerName ?? '', 'SCHEDULED');
  return {};
};

export const stopCrawlerSchedule: GlueOperations['StopCrawlerSchedule'] = (ctx, input) => {
  switchSchedule(ctx, input.CrawlerName ?? '', 'NOT_SCHEDULED');
  return {};
};
