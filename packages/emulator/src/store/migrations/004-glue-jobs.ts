/**
 * Migration 004: Glue jobs, job runs and job bookmarks. Tags of jobs live in `resource_tags` (migration 1),
 * keyed by the job's ARN. Job names keep their case (unlike catalog names).
 */
export const glueJobsSchema = `
  CREATE TABLE glue_jobs (
    account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, name)
  ) WITHOUT ROWID;

  -- seq orders a job's runs (GetJobRuns is newest first); state is the JobRunState, also inside doc, kept as a
  -- column so the concurrency check and the restart recovery can filter on it.
  CREATE TABLE glue_job_runs (
    account TEXT NOT NULL, region TEXT NOT NULL, run_id TEXT NOT NULL,
    job_name TEXT NOT NULL,
    seq INTEGER NOT NULL,
    state TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, run_id)
  ) WITHOUT ROWID;
  CREATE INDEX glue_job_runs_by_job ON glue_job_runs (account, region, job_name, seq);
  CREATE INDEX glue_job_runs_by_state ON glue_job_runs (state);

  -- One bookmark per job (the runtime's Job.commit() writes it; its content is opaque here).
  CREATE TABLE glue_job_bookmarks (
    account TEXT NOT NULL, region TEXT NOT NULL, job_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    run INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    run_id TEXT,
    previous_run_id TEXT,
    bookmark TEXT NOT NULL,
    PRIMARY KEY (account, region, job_name)
  ) WITHOUT ROWID;
`;
