/** Migration 006: Glue triggers and workflows. */
export const glueTriggersSchema = `
  CREATE TABLE glue_triggers (
    account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
    -- Copies of doc.Type and doc.State: what the scheduler and the run-state watcher select on.
    type TEXT NOT NULL, state TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, name)
  ) WITHOUT ROWID;
  CREATE INDEX glue_triggers_by_state ON glue_triggers (type, state);

  -- A conditional trigger's progress since it last fired: which of its conditions the watched job runs or
  -- crawls have met. Removed when the trigger fires, changes its predicate, is deactivated or deleted.
  -- workflow_run_id is '' outside workflows; a trigger in a workflow keeps progress per workflow run.
  CREATE TABLE glue_trigger_conditions (
    account TEXT NOT NULL, region TEXT NOT NULL, trigger_name TEXT NOT NULL, workflow_run_id TEXT NOT NULL,
    condition_index INTEGER NOT NULL,
    run_id TEXT NOT NULL,
    PRIMARY KEY (account, region, trigger_name, workflow_run_id, condition_index)
  ) WITHOUT ROWID;

  CREATE TABLE glue_workflows (
    account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, name)
  ) WITHOUT ROWID;

  -- status copies doc.Status (what the concurrency check counts).
  CREATE TABLE glue_workflow_runs (
    account TEXT NOT NULL, region TEXT NOT NULL, workflow_name TEXT NOT NULL, run_id TEXT NOT NULL,
    started_at TEXT NOT NULL, status TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, workflow_name, run_id)
  ) WITHOUT ROWID;

  -- What a workflow run started: job runs (action_run_id = JobRunId) and crawls (action_run_id = '', the
  -- crawler's next final state is the crawl's), with the latest state seen.
  CREATE TABLE glue_workflow_run_actions (
    account TEXT NOT NULL, region TEXT NOT NULL, workflow_name TEXT NOT NULL, run_id TEXT NOT NULL,
    seq INTEGER NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, action_run_id TEXT NOT NULL, state TEXT NOT NULL,
    PRIMARY KEY (account, region, workflow_name, run_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX glue_workflow_run_actions_by_run ON glue_workflow_run_actions (account, region, kind, action_run_id);
`;
