import { existsSync } from 'node:fs';
import type { OpContext } from '../context.js';
import { CRAWLER_LOG_GROUP, crawlerLogStreams, readCrawlerLog } from '../glue/crawlers/crawl-log.js';
import { type LogEvent, type LogKind, logFile, readLogEvents } from '../glue/jobs/run-files.js';
import { allRuns, findRun } from '../glue/jobs/store.js';
import { logsErrors } from './errors.js';

/**
 * The log groups lakebox has, each a source of streams and events:
 * - Glue's job-run groups, one stream per run named by its JobRunId (`/aws-glue/jobs/output` = stdout,
 *   `/aws-glue/jobs/error` = stderr), read from the run's log files;
 * - Glue's crawler group `/aws-glue/crawlers`, one stream per crawler name, every crawl appending to it.
 */
export interface LogSource {
  /** Names of the streams that have events, sorted by name. */
  streams(ctx: OpContext): string[];
  /** The events of one stream, oldest first; throws ResourceNotFoundException when there is no such stream. */
  events(ctx: OpContext, stream: string): LogEvent[];
  /** When the group came to exist in the account and region (epoch ms); undefined while it does not. */
  createdAt(ctx: OpContext): number | undefined;
}

const scopeOf = (ctx: OpContext) => ({ account: ctx.account, region: ctx.region });

function jobSource(kind: LogKind): LogSource {
  return {
    streams: (ctx) =>
      allRuns(ctx.db, scopeOf(ctx))
        .map((r) => r.Id ?? '')
        .filter((id) => existsSync(logFile(ctx.lakebox, scopeOf(ctx), id, kind))),
    events: (ctx, stream) => {
      if (!findRun(ctx.db, scopeOf(ctx), stream)) throw logsErrors.streamNotFound();
      return readLogEvents(ctx.lakebox, scopeOf(ctx), stream, kind);
    },
    // The job groups exist once the account and region has a job run, as on AWS.
    createdAt: (ctx) => {
      const runs = allRuns(ctx.db, scopeOf(ctx));
      if (runs.length === 0) return undefined;
      return Math.min(...runs.map((r) => r.StartedOn?.getTime() ?? Date.now()));
    },
  };
}

const crawlerSource: LogSource = {
  streams: (ctx) => crawlerLogStreams(ctx.lakebox, scopeOf(ctx)),
  events: (ctx, stream) => {
    const events = readCrawlerLog(ctx.lakebox, scopeOf(ctx), stream);
    if (events === undefined) throw logsErrors.streamNotFound();
    return events;
  },
  // The crawler group exists from the first crawl's first line.
  createdAt: (ctx) => {
    const firsts = crawlerLogStreams(ctx.lakebox, scopeOf(ctx)).map(
      (s) => readCrawlerLog(ctx.lakebox, scopeOf(ctx), s)?.[0]?.timestamp ?? Date.now(),
    );
    return firsts.length === 0 ? undefined : Math.min(...firsts);
  },
};

export const LOG_GROUPS: Readonly<Record<string, LogSource>> = {
  [CRAWLER_LOG_GROUP]: crawlerSource,
  '/aws-glue/jobs/error': jobSource('error'),
  '/aws-glue/jobs/output': jobSource('output'),
};

export interface StreamRef {
  group: string;
  name: string;
}

/** The group named by `logGroupName` or `logGroupIdentifier` (a name or an ARN); throws if there is none. */
export function resolveGroup(
  ctx: OpContext,
  input: { logGroupName?: string | undefined; logGroupIdentifier?: string | undefined },
): { group: string; source: LogSource } {
  if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined) {
    throw logsErrors.invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  let group = input.logGroupName ?? input.logGroupIdentifier;
  if (group === undefined) throw logsErrors.invalidParameter('Either logGroupName or logGroupIdentifier must be set.');
  const arn = /^arn:aws[\w-]*:logs:([^:]*):(\d*):log-group:(.+?)(?::\*)?$/.exec(group);
  if (arn) {
    if ((arn[1] && arn[1] !== ctx.region) || (arn[2] && arn[2] !== ctx.account)) throw logsErrors.groupNotFound();
    group = arn[3] ?? '';
  }
  const source = Object.hasOwn(LOG_GROUPS, group) ? LOG_GROUPS[group] : undefined;
  if (!source) throw logsErrors.groupNotFound();
  return { group, source };
}

export function groupArn(ctx: OpContext, group: string): string {
  return `arn:aws:logs:${ctx.region}:${ctx.account}:log-group:${group}:*`;
}

/** Streams of a group that have events (a run that wrote nothing to stderr has no error stream), by name. */
export function listStreams(ctx: OpContext, group: string, source: LogSource): StreamRef[] {
  return source.streams(ctx).map((name) => ({ group, name }));
}
