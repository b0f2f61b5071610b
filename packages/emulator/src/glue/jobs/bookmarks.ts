import type { JobBookmarkEntry } from '@aws-sdk/client-glue';
import { errors } from '../../protocol/errors.js';
import type { Db } from '../../store/sqlite.js';
import type { GlueOperations } from '../operations.js';
import { jobScope } from './jobs.js';
import { findRun, type JobScope, requireJob } from './store.js';

/**
 * Job bookmarks (contract 4): one per job, written by the runtime's `Job.commit()` through
 * `POST /_lakebox/jobs/bookmark`; its JSON content belongs to the runtime. Version counts writes, Run counts
 * the runs that committed one. GetJobBookmark on a job that never committed one is EntityNotFoundException,
 * as Glue answers ("Continuation for job ... not found").
 */

interface BookmarkRow {
  version: number;
  run: number;
  attempt: number;
  run_id: string | null;
  previous_run_id: string | null;
  bookmark: string;
}

export function readBookmark(db: Db, scope: JobScope, jobName: string): JobBookmarkEntry | undefined {
  const row = db
    .prepare(
      'SELECT version, run, attempt, run_id, previous_run_id, bookmark FROM glue_job_bookmarks ' +
        'WHERE account = ? AND region = ? AND job_name = ?',
    )
    .get(scope.account, scope.region, jobName) as BookmarkRow | undefined;
  if (!row) return undefined;
  return {
    JobName: jobName,
    Version: row.version,
    Run: row.run,
    Attempt: row.attempt,
    ...(row.previous_run_id ? { PreviousRunId: row.previous_run_id } : {}),
    ...(row.run_id ? { RunId: row.run_id } : {}),
    JobBookmark: row.bookmark,
  };
}

/** Save what a run's `Job.commit()` sends. The job must exist; the run, if named, must be one of its runs. */
export function commitBookmark(
  db: Db,
  scope: JobScope,
  jobName: string,
  runId: string,
  bookmark: string,
): JobBookmarkEntry {
  return db.transaction(() => {
    requireJob(db, scope, jobName);
    const run = runId ? findRun(db, scope, runId) : undefined;
    const previous = readBookmark(db, scope, jobName);
    const next: JobBookmarkEntry = {
      JobName: jobName,
      Version: (previous?.Version ?? 0) + 1,
      Run: previous?.RunId === runId && previous?.RunId !== undefined ? (previous.Run ?? 1) : (previous?.Run ?? 0) + 1,
      Attempt: run?.Attempt ?? 0,
      ...(previous?.RunId && previous.RunId !== runId ? { PreviousRunId: previous.RunId } : {}),
      ...(runId ? { RunId: runId } : {}),
      JobBookmark: bookmark,
    };
    db.prepare(
      'INSERT INTO glue_job_bookmarks (account, region, job_name, version, run, attempt, run_id, previous_run_id, bookmark) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, region, job_name) DO UPDATE SET ' +
        'version = excluded.version, run = excluded.run, attempt = excluded.attempt, run_id = excluded.run_id, ' +
        'previous_run_id = excluded.previous_run_id, bookmark = excluded.bookmark',
    ).run(
      scope.account,
      scope.region,
      jobName,
      next.Version,
      next.Run,
      next.Attempt,
      next.RunId ?? null,
      next.PreviousRunId ?? null,
      bookmark,
    );
    return next;
  })();
}

export const getJobBookmark: GlueOperations['GetJobBookmark'] = (ctx, input) => {
  const scope = jobScope(ctx);
  const name = input.JobName ?? '';
  requireJob(ctx.db, scope, name);
  const entry = readBookmark(ctx.db, scope, name);
  if (!entry) throw errors.entityNotFound(`Continuation for job ${name} not found`);
  return { JobBookmarkEntry: entry };
};

/** ResetJobBookmark: the next run processes everything again. Answers with the entry as it was before. */
export const resetJobBookmark: GlueOperations['ResetJobBookmark'] = (ctx, input) => {
  const scope = jobScope(ctx);
  const name = input.JobName ?? '';
  return ctx.db.transaction(() => {
    requireJob(ctx.db, scope, name);
    const entry = readBookmark(ctx.db, scope, name) ?? { JobName: name, Version: 0, Run: 0, Attempt: 0 };
    ctx.db
      .prepare('DELETE FROM glue_job_bookmarks WHERE account = ? AND region = ? AND job_name = ?')
      .run(scope.account, scope.region, name);
    return { JobBookmarkEntry: entry };
  })();
};

export const bookmarkOperations = {
  GetJobBookmark: getJobBookmark,
  ResetJobBookmark: resetJobBookmark,
} satisfies Partial<GlueOperations>;
