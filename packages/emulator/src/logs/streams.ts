import { existsSync } from 'node:fs';
import type { OpContext } from '../context.js';
import { type LogEvent, type LogKind, logFile, readLogEvents } from '../glue/jobs/run-files.js';
import { allRuns, findRun } from '../glue/jobs/store.js';
import { logsErrors } from './errors.js';

/**
 * The log groups lakebox has: Glue's job-run groups, one stream per run named by its JobRunId
 * (`/aws-glue/jobs/output` = stdout, `/aws-glue/jobs/error` = stderr), read from the run's log files.
 */
export const JOB_LOG_GROUPS: Readonly<Record<string, LogKind>> = {
  '/aws-glue/jobs/output': 'output',
  '/aws-glue/jobs/error': 'error',
};

export interface StreamRef {
  group: string;
  kind: LogKind;
  name: string;
}

/** The group named by `logGroupName` or `logGroupIdentifier` (a name or an ARN); throws if there is none. */
export function resolveGroup(
  ctx: OpContext,
  input: { logGroupName?: string | undefined; logGroupIdentifier?: string | undefined },
): { group: string; kind: LogKind } {
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
  const kind = JOB_LOG_GROUPS[group];
  if (!kind) throw logsErrors.groupNotFound();
  return { group, kind };
}

export function groupArn(ctx: OpContext, group: string): string {
  return `arn:aws:logs:${ctx.region}:${ctx.account}:log-group:${group}:*`;
}

/** Streams of a group that have events (a run that wrote nothing to stderr has no error stream), by name. */
export function listStreams(ctx: OpContext, group: string, kind: LogKind): StreamRef[] {
  const scope = { account: ctx.account, region: ctx.region };
  return allRuns(ctx.db, scope)
    .map((r) => r.Id ?? '')
    .filter((id) => existsSync(logFile(ctx.lakebox, scope, id, kind)))
    .map((name) => ({ group, kind, name }));
}

/** The events of one stream; a run that exists but wrote nothing has an empty stream. */
export function streamEvents(ctx: OpContext, kind: LogKind, stream: string): LogEvent[] {
  const scope = { account: ctx.account, region: ctx.region };
  if (!findRun(ctx.db, scope, stream)) throw logsErrors.streamNotFound();
  return readLogEvents(ctx.lakebox, scope, stream, kind);
}
