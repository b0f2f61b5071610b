import type { Job, JobRun } from '@aws-sdk/client-glue';
import { glueArn } from '@lakebox/shared';
import { errors } from '../../protocol/errors.js';
import { fromDoc, toDoc } from '../../store/documents.js';
import type { Db } from '../../store/sqlite.js';

/** Which account and region a job lives in. */
export interface JobScope {
  account: string;
  region: string;
}

export const jobArn = (scope: JobScope, name: string) => glueArn({ ...scope, resource: `job/${name}` });

export function jobNotFound(name: string) {
  return errors.entityNotFound(`Job with name: ${name} not found`);
}

export function findJob(db: Db, scope: JobScope, name: string): Job | undefined {
  const doc = db
    .prepare('SELECT doc FROM glue_jobs WHERE account = ? AND region = ? AND name = ?')
    .pluck()
    .get(scope.account, scope.region, name) as string | undefined;
  return doc === undefined ? undefined : fromDoc<Job>(doc);
}

export function requireJob(db: Db, scope: JobScope, name: string): Job {
  const job = findJob(db, scope, name);
  if (!job) throw jobNotFound(name);
  return job;
}

/** Insert a job; false when the name is taken. */
export function insertJob(db: Db, scope: JobScope, job: Job): boolean {
  return (
    db
      .prepare('INSERT OR IGNORE INTO glue_jobs (account, region, name, doc) VALUES (?, ?, ?, ?)')
      .run(scope.account, scope.region, job.Name, toDoc(job)).changes > 0
  );
}

export function replaceJob(db: Db, scope: JobScope, job: Job): void {
  db.prepare('UPDATE glue_jobs SET doc = ? WHERE account = ? AND region = ? AND name = ?').run(
    toDoc(job),
    scope.account,
    scope.region,
    job.Name,
  );
}

export function deleteJobRows(db: Db, scope: JobScope, name: string): boolean {
  const key = [scope.account, scope.region, name] as const;
  db.prepare('DELETE FROM glue_job_runs WHERE account = ? AND region = ? AND job_name = ?').run(...key);
  db.prepare('DELETE FROM glue_job_bookmarks WHERE account = ? AND region = ? AND job_name = ?').run(...key);
  return db.prepare('DELETE FROM glue_jobs WHERE account = ? AND region = ? AND name = ?').run(...key).changes > 0;
}

/** Jobs with name > `after`, in name order, at most `limit`. */
export function listJobRows(db: Db, scope: JobScope, after: string, limit: number): { name: string; doc: string }[] {
  return db
    .prepare('SELECT name, doc FROM glue_jobs WHERE account = ? AND region = ? AND name > ? ORDER BY name LIMIT ?')
    .all(scope.account, scope.region, after, limit) as { name: string; doc: string }[];
}

// --- runs --------------------------------------------------------------------------------------------------------

/** A run row: the run as the API shows it, and where it lives. */
export interface StoredRun {
  scope: JobScope;
  run: JobRun;
  seq: number;
}

interface RunRow {
  account: string;
  region: string;
  seq: number;
  doc: string;
}

export function insertRun(db: Db, scope: JobScope, run: JobRun): number {
  const seq =
    ((db
      .prepare('SELECT max(seq) FROM glue_job_runs WHERE account = ? AND region = ? AND job_name = ?')
      .pluck()
      .get(scope.account, scope.region, run.JobName) as number | null) ?? 0) + 1;
  db.prepare(
    'INSERT INTO glue_job_runs (account, region, run_id, job_name, seq, state, doc) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(scope.account, scope.region, run.Id, run.JobName, seq, run.JobRunState, toDoc(run));
  return seq;
}

export function saveRun(db: Db, scope: JobScope, run: JobRun): void {
  db.prepare('UPDATE glue_job_runs SET state = ?, doc = ? WHERE account = ? AND region = ? AND run_id = ?').run(
    run.JobRunState,
    toDoc(run),
    scope.account,
    scope.region,
    run.Id,
  );
}

export function findRun(db: Db, scope: JobScope, runId: string): JobRun | undefined {
  const doc = db
    .prepare('SELECT doc FROM glue_job_runs WHERE account = ? AND region = ? AND run_id = ?')
    .pluck()
    .get(scope.account, scope.region, runId) as string | undefined;
  return doc === undefined ? undefined : fromDoc<JobRun>(doc);
}

/** Runs of a job with seq < `before`, newest first, at most `limit`. */
export function listRunRows(
  db: Db,
  scope: JobScope,
  jobName: string,
  before: number,
  limit: number,
): { seq: number; run: JobRun }[] {
  const rows = db
    .prepare(
      'SELECT seq, doc FROM glue_job_runs WHERE account = ? AND region = ? AND job_name = ? AND seq < ? ' +
        'ORDER BY seq DESC LIMIT ?',
    )
    .all(scope.account, scope.region, jobName, before, limit) as { seq: number; doc: string }[];
  return rows.map((r) => ({ seq: r.seq, run: fromDoc<JobRun>(r.doc) }));
}

/** How many runs of a job are in one of `states`. */
export function countRunsIn(db: Db, scope: JobScope, jobName: string, states: readonly string[]): number {
  const marks = states.map(() => '?').join(', ');
  return db
    .prepare(
      `SELECT count(*) FROM glue_job_runs WHERE account = ? AND region = ? AND job_name = ? AND state IN (${marks})`,
    )
    .pluck()
    .get(scope.account, scope.region, jobName, ...states) as number;
}

/** Every run, in any account and region, in one of `states` (restart recovery). */
export function runsIn(db: Db, states: readonly string[]): StoredRun[] {
  const marks = states.map(() => '?').join(', ');
  const rows = db
    .prepare(`SELECT account, region, seq, doc FROM glue_job_runs WHERE state IN (${marks})`)
    .all(...states) as RunRow[];
  return rows.map((r) => ({
    scope: { account: r.account, region: r.region },
    seq: r.seq,
    run: fromDoc<JobRun>(r.doc),
  }));
}

/** Every run of an account and region (any job), in run-id order: the streams of the job log groups. */
export function allRuns(db: Db, scope: JobScope): JobRun[] {
  const docs = db
    .prepare('SELECT doc FROM glue_job_runs WHERE account = ? AND region = ? ORDER BY run_id')
    .pluck()
    .all(scope.account, scope.region) as string[];
  return docs.map((d) => fromDoc<JobRun>(d));
}

/** The oldest WAITING (queued) runs of a job, at most `limit`. */
export function oldestWaiting(db: Db, scope: JobScope, jobName: string, limit: number): JobRun[] {
  const docs = db
    .prepare(
      "SELECT doc FROM glue_job_runs WHERE account = ? AND region = ? AND job_name = ? AND state = 'WAITING' " +
        'ORDER BY seq LIMIT ?',
    )
    .pluck()
    .all(scope.account, scope.region, jobName, limit) as string[];
  return docs.map((d) => fromDoc<JobRun>(d));
}
