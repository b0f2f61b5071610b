import type { Json11Service } from '../edge/json11-dispatch.js';
import type { AnyHandler } from '../protocol/operations.js';
import { loadServiceModel } from '../protocol/validate/validator.js';
import { filterLogEvents, getLogEvents } from './events.js';
import { describeLogGroups, describeLogStreams } from './groups.js';
import type { LogsOperations } from './operations.js';

/**
 * CloudWatch Logs, as lakebox serves it: read-only access to Glue job-run output and crawler logs. Log groups
 * `/aws-glue/jobs/output` (stdout) and `/aws-glue/jobs/error` (stderr), one stream per JobRunId, and
 * `/aws-glue/crawlers`, one stream per crawler name (every crawl appends, lines prefixed `[<crawl id>]`).
 *
 * LIMITATIONS: no other log groups; nothing can be written (PutLogEvents, CreateLogGroup ... are not served);
 * ingestionTime equals timestamp (lakebox stamps a line when the job prints it); filter patterns are plain
 * terms only (see filter-pattern.ts); Logs Insights queries are not served.
 */
export const logsOperations = {
  DescribeLogGroups: describeLogGroups,
  DescribeLogStreams: describeLogStreams,
  GetLogEvents: getLogEvents,
  FilterLogEvents: filterLogEvents,
} satisfies Partial<LogsOperations>;

export const logsService: Json11Service = {
  name: 'logs',
  targetPrefix: 'Logs_20140328',
  model: () => loadServiceModel('logs'),
  operations: logsOperations as Readonly<Record<string, AnyHandler>>,
};
