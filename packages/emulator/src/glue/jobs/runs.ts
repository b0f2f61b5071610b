import { randomBytes } from 'node:crypto';
import type { BatchStopJobRunError, BatchStopJobRunSuccessfulSubmission, JobRun } from '@aws-sdk/client-glue';
import { AwsError, errors } from '../../protocol/errors.js';
import type { GlueOperations } from '../operations.js';
import { decodeToken, encodeToken } from '../pagination.js';
import { jobScope, pageSizeOf } from './jobs.js';
import { jobRunner } from './runner.js';
import { ACTIVE_STATES, RUNNING_STATES } from './states.js';
import { countRunsIn, findRun, insertRun, listRunRows, requireJob } from './store.js';

/** Where Glue says a run's logs go; lakebox serves `<group>/output` and `<group>/error` (see logs/). */
export const JOB_LOG_GROUP = '/aws-glue/jobs';

export function runNotFound(runId: string) {
  return errors.entityNotFound(`Job run ${runId} not found`);
}

/** Glue's run ids: `jr_` and 64 hex digits. */
export function newRunId(): string {
  return `jr_${randomBytes(32).toString('hex')}`;
}

/**
 * StartJobRun: checks MaxConcurrentRuns (STARTING, RUNNING and STOPPING runs count), saves the run in STARTING
 * and hands it to the runner. Past the limit: ConcurrentRunsExceededException, or with JobRunQueuingEnabled
 * (on the run or the job) the run waits in WAITING until a slot frees (runs start in the order they came). `JobRunId` names a previous run to retry: its Arguments are reused unless new ones
 * are given, and the new run's PreviousRunId points to it.
 */
export const startJobRun: GlueOperations['StartJobRun'] = (ctx, input) => {
  const scope = jobScope(ctx);
  const name = input.JobName ?? '';
  // Made before the run is saved: a runner made later would take the new STARTING run for an orphan.
  const runner = jobRunner(ctx.lakebox);
  const run = ctx.db.transaction((): JobRun => {
    const job = requireJob(ctx.db, scope, name);
    const previous = input.JobRunId ? findRun(ctx.db, scope, input.JobRunId) : undefined;
    if (input.JobRunId && previous?.JobName !== name) throw runNotFound(input.JobRunId);
    const max = job.ExecutionProperty?.MaxConcurrentRuns ?? 1;
    const queuing = input.JobRunQueuingEnabled ?? job.JobRunQueuingEnabled ?? false;
    const full =
      countRunsIn(ctx.db, scope, name, RUNNING_STATES) >= max ||
      (queuing && countRunsIn(ctx.db, scope, name, ['WAITING']) > 0);
    if (full && !queuing) {
      throw new AwsError('ConcurrentRunsExceededException', `Concurrent runs exceeded for ${name}`);
    }
    const args = input.Arguments ?? previous?.Arguments;
    const workers = input.WorkerType !== undefined ? input : job;
    const started: JobRun = {
      Id: newRunId(),
      Attempt: 0,
      ...(previous ? { PreviousRunId: previous.Id } : {}),
      JobName: name,
      StartedOn: ctx.now,
      LastModifiedOn: ctx.now,
      JobRunState: full ? 'WAITING' : 'STARTING',
      ...(input.JobRunQueuingEnabled !== undefined ? { JobRunQueuingEnabled: input.JobRunQueuingEnabled } : {}),
      ...(args ? { Arguments: args } : {}),
      PredecessorRuns: [],
      AllocatedCapacity: job.AllocatedCapacity,
      Timeout: input.Timeout ?? job.Timeout,
      MaxCapacity: input.MaxCapacity ?? job.MaxCapacity,
      ...(workers.WorkerType !== undefined
        ? { WorkerType: workers.WorkerType, NumberOfWorkers: workers.NumberOfWorkers }
        : {}),
      ...((input.SecurityConfiguration ?? job.SecurityConfiguration)
        ? { SecurityConfiguration: input.SecurityConfiguration ?? job.SecurityConfiguration }
        : {}),
      ...((input.NotificationProperty ?? job.NotificationProperty)
        ? { NotificationProperty: input.NotificationProperty ?? job.NotificationProperty }
        : {}),
      ...((input.ExecutionClass ?? job.ExecutionClass)
        ? { ExecutionClass: input.ExecutionClass ?? job.ExecutionClass }
        : {}),
      LogGroupName: JOB_LOG_GROUP,
      GlueVersion: job.GlueVersion,
    };
    insertRun(ctx.db, scope, started);
    return started;
  })();
  ctx.lakebox.events.emit('runState', {
    kind: 'job',
    account: scope.account,
    region: scope.region,
    name,
    runId: run.Id ?? '',
    state: run.JobRunState ?? 'STARTING',
    at: ctx.now,
  });
  if (run.JobRunState === 'STARTING') runner.launch(scope, run.Id ?? '');
  return { JobRunId: run.Id };
};

export const getJobRun: GlueOperations['GetJobRun'] = (ctx, input) => {
  const scope = jobScope(ctx);
  const run = findRun(ctx.db, scope, input.RunId ?? '');
  if (!run || run.JobName !== input.JobName) {
    requireJob(ctx.db, scope, input.JobName ?? '');
    throw runNotFound(input.RunId ?? '');
  }
  return { JobRun: run };
};

/** GetJobRuns: newest first. */
export const getJobRuns: GlueOperations['GetJobRuns'] = (ctx, input) => {
  const scope = jobScope(ctx);
  const name = input.JobName ?? '';
  requireJob(ctx.db, scope, name);
  const size = pageSizeOf('GetJobRuns', input.MaxResults);
  const after = decodeToken('GetJobRuns', input.NextToken);
  const before = after === undefined ? Number.MAX_SAFE_INTEGER : Number(after);
  const rows = listRunRows(ctx.db, scope, name, before, size + 1);
  const page = rows.slice(0, size);
  const last = page[page.length - 1];
  const nextToken = rows.length > size && last ? encodeToken({ op: 'GetJobRuns', after: String(last.seq) }) : undefined;
  return { JobRuns: page.map((r) => r.run), ...(nextToken ? { NextToken: nextToken } : {}) };
};

/** BatchStopJobRun: per-id results; a run that is not active (or not there) is an error entry, not a failure. */
export const batchStopJobRun: GlueOperations['BatchStopJobRun'] = (ctx, input) => {
  const scope = jobScope(ctx);
  const name = input.JobName ?? '';
  const runner = jobRunner(ctx.lakebox);
  const ok: BatchStopJobRunSuccessfulSubmission[] = [];
  const failed: BatchStopJobRunError[] = [];
  for (const id of input.JobRunIds ?? []) {
    const run = findRun(ctx.db, scope, id);
    if (!run || run.JobName !== name) {
      failed.push({
        JobName: name,
        JobRunId: id,
        ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: `Job run ${id} not found` },
      });
    } else if (!ACTIVE_STATES.includes(run.JobRunState ?? 'SUCCEEDED') || !runner.stop(scope, id)) {
      failed.push({
        JobName: name,
        JobRunId: id,
        ErrorDetail: {
          ErrorCode: 'InvalidInputException',
          ErrorMessage: `Job run ${id} cannot be stopped in its current state: ${run.JobRunState}`,
        },
      });
    } else {
      ok.push({ JobName: name, JobRunId: id });
    }
  }
  return { SuccessfulSubmissions: ok, Errors: failed };
};

export const jobRunOperations = {
  StartJobRun: startJobRun,
  GetJobRun: getJobRun,
  GetJobRuns: getJobRuns,
  BatchStopJobRun: batchStopJobRun,
} satisfies Partial<GlueOperations>;
