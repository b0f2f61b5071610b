import type { LogGroup, LogStream } from '@aws-sdk/client-cloudwatch-logs';
import { logsErrors } from './errors.js';
import { decodeOffset, encodeOffset } from './events.js';
import type { LogsOperations } from './operations.js';
import { groupArn, LOG_GROUPS, listStreams, resolveGroup } from './streams.js';

/**
 * DescribeLogGroups: the job log groups exist once the account and region has a job run, the crawler group
 * once a crawler has crawled, as on AWS.
 */
export const describeLogGroups: LogsOperations['DescribeLogGroups'] = (ctx, input) => {
  const prefix = input.logGroupNamePrefix ?? '';
  const pattern = input.logGroupNamePattern;
  const groups: LogGroup[] = Object.keys(LOG_GROUPS)
    .sort()
    .filter((g) => g.startsWith(prefix) && (pattern === undefined || g.includes(pattern)))
    .flatMap((g) => {
      const created = LOG_GROUPS[g]?.createdAt(ctx);
      return created === undefined ? [] : [{ group: g, created }];
    })
    .map(({ group: g, created }) => ({
      logGroupName: g,
      creationTime: created,
      metricFilterCount: 0,
      arn: groupArn(ctx, g),
      logGroupArn: groupArn(ctx, g).replace(/:\*$/, ''),
      storedBytes: 0,
      logGroupClass: 'STANDARD',
    }));
  return page(groups, input.limit, 50, input.nextToken, (items, nextToken) => ({
    logGroups: items,
    ...(nextToken ? { nextToken } : {}),
  }));
};

/**
 * DescribeLogStreams: one stream per job run that wrote to the group or per crawler that crawled, by name (default) or by last event time
 * (`orderBy: 'LastEventTime'`, which AWS does not allow with a prefix), `descending` reverses.
 */
export const describeLogStreams: LogsOperations['DescribeLogStreams'] = (ctx, input) => {
  const { group, source } = resolveGroup(ctx, input);
  const byTime = input.orderBy === 'LastEventTime';
  if (byTime && input.logStreamNamePrefix !== undefined) {
    throw logsErrors.invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const prefix = input.logStreamNamePrefix ?? '';
  const streams: LogStream[] = listStreams(ctx, group, source)
    .filter((s) => s.name.startsWith(prefix))
    .map((s) => {
      const events = source.events(ctx, s.name);
      const first = events[0]?.timestamp;
      const last = events[events.length - 1]?.timestamp;
      return {
        logStreamName: s.name,
        creationTime: first ?? Date.now(),
        ...(first !== undefined ? { firstEventTimestamp: first } : {}),
        ...(last !== undefined ? { lastEventTimestamp: last, lastIngestionTime: last } : {}),
        arn: `arn:aws:logs:${ctx.region}:${ctx.account}:log-group:${group}:log-stream:${s.name}`,
        storedBytes: 0,
      };
    });
  if (byTime) streams.sort((a, b) => (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0));
  if (input.descending) streams.reverse();
  return page(streams, input.limit, 50, input.nextToken, (items, nextToken) => ({
    logStreams: items,
    ...(nextToken ? { nextToken } : {}),
  }));
};

function page<T, O>(
  items: T[],
  limit: number | undefined,
  max: number,
  token: string | undefined,
  shape: (items: T[], nextToken: string | undefined) => O,
): O {
  const size = Math.min(limit ?? max, max);
  const offset = decodeOffset(token);
  const next = offset + size < items.length ? encodeOffset(offset + size) : undefined;
  return shape(items.slice(offset, offset + size), next);
}
