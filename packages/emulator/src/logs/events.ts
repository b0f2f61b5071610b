import type { FilteredLogEvent, OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { LogEvent } from '../glue/jobs/run-files.js';
import { logsErrors } from './errors.js';
import { compileFilterPattern } from './filter-pattern.js';
import type { LogsOperations } from './operations.js';
import { listStreams, resolveGroup } from './streams.js';

/** Most events one GetLogEvents / FilterLogEvents page holds (AWS: 10,000 or 1 MB). */
export const MAX_EVENTS_PER_PAGE = 10_000;

/** Events with startTime <= timestamp < endTime, as GetLogEvents and FilterLogEvents select them. */
function inWindow(events: LogEvent[], start: number | undefined, end: number | undefined): LogEvent[] {
  if (start === undefined && end === undefined) return events;
  return events.filter(
    (e) => (start === undefined || e.timestamp >= start) && (end === undefined || e.timestamp < end),
  );
}

/** GetLogEvents' tokens: `f/<index>` reads forward from index, `b/<index>` reads backward ending before it. */
function parseToken(token: string | undefined): { dir: 'f' | 'b'; at: number } | undefined {
  if (token === undefined) return undefined;
  const m = /^([fb])\/(\d{1,20})\/s$/.exec(token);
  if (!m) throw logsErrors.invalidParameter('The specified nextToken is invalid.');
  return { dir: m[1] as 'f' | 'b', at: Number(m[2]) };
}

const token = (dir: 'f' | 'b', at: number) => `${dir}/${String(at).padStart(20, '0')}/s`;

/**
 * GetLogEvents pages as AWS does: without a token, the newest `limit` events (or the oldest with
 * `startFromHead`); `nextForwardToken` continues forward and comes back unchanged at the end of the stream
 * (that is how callers know they are done); `nextBackwardToken` continues backward.
 */
export const getLogEvents: LogsOperations['GetLogEvents'] = (ctx, input) => {
  const { source } = resolveGroup(ctx, input);
  const all = inWindow(source.events(ctx, input.logStreamName ?? ''), input.startTime, input.endTime);
  const limit = Math.min(input.limit ?? MAX_EVENTS_PER_PAGE, MAX_EVENTS_PER_PAGE);
  const n = all.length;
  const t = parseToken(input.nextToken);
  let from: number;
  let to: number;
  if (t?.dir === 'f' || (t === undefined && input.startFromHead)) {
    from = Math.min(t?.at ?? 0, n);
    to = Math.min(from + limit, n);
  } else {
    to = Math.min(t?.at ?? n, n);
    from = Math.max(0, to - limit);
  }
  const events: OutputLogEvent[] = all
    .slice(from, to)
    .map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp }));
  return { events, nextForwardToken: token('f', to), nextBackwardToken: token('b', from) };
};

/**
 * FilterLogEvents: events of the group's streams (all, `logStreamNames`, or `logStreamNamePrefix`) that match
 * `filterPattern`, oldest first across streams, paged by `limit` with `nextToken`.
 */
export const filterLogEvents: LogsOperations['FilterLogEvents'] = (ctx, input) => {
  const { group, source } = resolveGroup(ctx, input);
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
    throw logsErrors.invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
  }
  const matches = compileFilterPattern(input.filterPattern);
  const names = new Set(input.logStreamNames ?? []);
  const streams = listStreams(ctx, group, source).filter(
    (s) =>
      (input.logStreamNames === undefined || names.has(s.name)) &&
      (input.logStreamNamePrefix === undefined || s.name.startsWith(input.logStreamNamePrefix)),
  );
  const found: FilteredLogEvent[] = [];
  for (const s of streams) {
    const events = inWindow(source.events(ctx, s.name), input.startTime, input.endTime);
    events.forEach((e, i) => {
      if (!matches(e.message)) return;
      found.push({
        logStreamName: s.name,
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.timestamp,
        eventId: `${String(e.timestamp).padStart(16, '0')}${String(i).padStart(20, '0')}`,
      });
    });
  }
  found.sort(
    (a, b) =>
      (a.timestamp ?? 0) - (b.timestamp ?? 0) ||
      (a.logStreamName ?? '').localeCompare(b.logStreamName ?? '') ||
      (a.eventId ?? '').localeCompare(b.eventId ?? ''),
  );
  const offset = decodeOffset(input.nextToken);
  const limit = Math.min(input.limit ?? MAX_EVENTS_PER_PAGE, MAX_EVENTS_PER_PAGE);
  const page = found.slice(offset, offset + limit);
  const next = offset + limit < found.length ? encodeOffset(offset + limit) : undefined;
  return {
    events: page,
    searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: true })),
    ...(next ? { nextToken: next } : {}),
  };
};

export function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64url');
}

export function decodeOffset(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  try {
    const o = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through
  }
  throw logsErrors.invalidParameter('The specified nextToken is invalid.');
}
