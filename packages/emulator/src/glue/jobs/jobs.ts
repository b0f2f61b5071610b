import type { Job } from '@aws-sdk/client-glue';
import type { OpContext } from '../../context.js';
import { errors } from '../../protocol/errors.js';
import { fromDoc } from '../../store/documents.js';
import { registerTaggableResource } from '../catalog/tags.js';
import { deleteTags, getTags, putTags } from '../catalog/tags-store.js';
import type { GlueOperations } from '../operations.js';
import { decodeToken, encodeToken } from '../pagination.js';
import { toJob } from './definition.js';
import { jobRunner } from './runner.js';
import { ACTIVE_STATES } from './states.js';
import {
  deleteJobRows,
  findJob,
  insertJob,
  type JobScope,
  jobArn,
  listJobRows,
  listRunRows,
  replaceJob,
  requireJob,
} from './store.js';

/** Page sizes of the job listings: `max` is the largest MaxResults the model allows. */
export const JOB_PAGE_SIZES = {
  GetJobs: { default: 100, max: 1000 },
  ListJobs: { default: 100, max: 1000 },
  GetJobRuns: { default: 100, max: 200 },
} as const;

registerTaggableResource('job', {
  names: 1,
  foldsNames: false,
  requireExists: (db, scope, [name = '']) => void requireJob(db, scope, name),
});

export function jobScope(ctx: OpContext): JobScope {
  return { account: ctx.account, region: ctx.region };
}

export function pageSizeOf(op: keyof typeof JOB_PAGE_SIZES, maxResults: number | undefined): number {
  const policy = JOB_PAGE_SIZES[op];
  return Math.min(maxResults ?? policy.default, policy.max);
}

export const createJob: GlueOperations['CreateJob'] = (ctx, input) => {
  const scope = jobScope(ctx);
  const { Name = '', Tags, ...definition } = input;
  const job = toJob(Name, definition, ctx.now, ctx.now);
  ctx.db.transaction(() => {
    if (!insertJob(ctx.db, scope, job)) throw errors.alreadyExists(`${Name} already exists.`);
    if (Tags && Object.keys(Tags).length > 0) putTags(ctx.db, scope, jobArn(scope, Name), Tags);
  })();
  return { Name };
};

export const getJob: GlueOperations['GetJob'] = (ctx, input) => ({
  Job: requireJob(ctx.db, jobScope(ctx), input.JobName ?? ''),
});

export const getJobs: GlueOperations['GetJobs'] = (ctx, input) => {
  const { page, nextToken } = jobPage(ctx, 'GetJobs', input.MaxResults, input.NextToken, () => true);
  return { Jobs: page.map((r) => fromDoc<Job>(r.doc)), ...(nextToken ? { NextToken: nextToken } : {}) };
};

/** ListJobs with `Tags` lists only jobs carrying every given tag (key and value). */
export const listJobs: GlueOperations['ListJobs'] = (ctx, input) => {
  const scope = jobScope(ctx);
  const wanted = Object.entries(input.Tags ?? {});
  const matches = (name: string) => {
    if (wanted.length === 0) return true;
    const tags = getTags(ctx.db, scope, jobArn(scope, name));
    return wanted.every(([k, v]) => tags[k] === v);
  };
  const { page, nextToken } = jobPage(ctx, 'ListJobs', input.MaxResults, input.NextToken, matches);
  return { JobNames: page.map((r) => r.name), ...(nextToken ? { NextToken: nextToken } : {}) };
};

function jobPage(
  ctx: OpContext,
  op: 'GetJobs' | 'ListJobs',
  maxResults: number | undefined,
  token: string | undefined,
  keep: (name: string) => boolean,
): { page: { name: string; doc: string }[]; nextToken: string | undefined } {
  const size = pageSizeOf(op, maxResults);
  let after = decodeToken(op, token) ?? '';
  const page: { name: string; doc: string }[] = [];
  for (;;) {
    const rows = listJobRows(ctx.db, jobScope(ctx), after, 500);
    for (const row of rows) {
      if (!keep(row.name)) continue;
      if (page.length === size) return { page, nextToken: encodeToken({ op, after: page[size - 1]?.name ?? '' }) };
      page.push(row);
    }
    const last = rows[rows.length - 1];
    if (rows.length < 500 || !last) return { page, nextToken: undefined };
    after = last.name;
  }
}

export const batchGetJobs: GlueOperations['BatchGetJobs'] = (ctx, input) => {
  const scope = jobScope(ctx);
  const jobs: Job[] = [];
  const notFound: string[] = [];
  for (const name of input.JobNames ?? []) {
    const job = findJob(ctx.db, scope, name);
    if (job) jobs.push(job);
    else notFound.push(name);
  }
  return { Jobs: jobs, JobsNotFound: notFound };
};

/** UpdateJob replaces the definition with JobUpdate, as Glue does: members left out go back to their defaults. */
export const updateJob: GlueOperations['UpdateJob'] = (ctx, input) => {
  const scope = jobScope(ctx);
  const name = input.JobName ?? '';
  ctx.db.transaction(() => {
    const existing = requireJob(ctx.db, scope, name);
    const next = toJob(name, input.JobUpdate ?? {}, existing.CreatedOn ?? ctx.now, ctx.now);
    replaceJob(ctx.db, scope, next);
  })();
  return { JobName: name };
};

/** DeleteJob is idempotent (it answers with the name even when there is no such job); it stops active runs. */
export const deleteJob: GlueOperations['DeleteJob'] = (ctx, input) => {
  const scope = jobScope(ctx);
  const name = input.JobName ?? '';
  const runner = jobRunner(ctx.lakebox);
  for (const { run } of listRunRows(ctx.db, scope, name, Number.MAX_SAFE_INTEGER, 10_000)) {
    if (ACTIVE_STATES.includes(run.JobRunState ?? 'SUCCEEDED')) runner.stop(scope, run.Id ?? '');
  }
  ctx.db.transaction(() => {
    deleteJobRows(ctx.db, scope, name);
    deleteTags(ctx.db, scope, jobArn(scope, name));
  })();
  return { JobName: name };
};

export const jobDefinitionOperations = {
  CreateJob: createJob,
  GetJob: getJob,
  GetJobs: getJobs,
  ListJobs: listJobs,
  BatchGetJobs: batchGetJobs,
  UpdateJob: updateJob,
  DeleteJob: deleteJob,
} satisfies Partial<GlueOperations>;
