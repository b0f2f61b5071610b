import type { WorkflowRun, WorkflowRunStatistics } from '@aws-sdk/client-glue';
import type { RunStateEvent } from '../../events.js';
import { errors } from '../../protocol/errors.js';
import { fromDoc, toDoc } from '../../store/documents.js';
import type { Db } from '../../store/sqlite.js';
import type { CatalogScope } from '../catalog/scope.js';

/** One workflow run, as the engine and the run operations address it. */
export interface WorkflowRunRef {
  scope: CatalogScope;
  workflow: string;
  runId: string;
}

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMEOUT', 'STOPPED', 'ERROR', 'EXPIRED', 'CANCELLED']);

/** Whether a job run or crawl state is one it never leaves. */
export const isFinalActionState = (state: string) => FINAL.has(state);

export function workflowRunNotFound(runId: string) {
  return errors.entityNotFound(`Workflow run ${runId} not found.`);
}

export function insertRun(db: Db, ref: WorkflowRunRef, run: WorkflowRun): void {
  db.prepare(
    'INSERT INTO glue_workflow_runs (account, region, workflow_name, run_id, started_at, status, doc) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    ref.scope.account,
    ref.scope.region,
    ref.workflow,
    ref.runId,
    (run.StartedOn ?? new Date()).toISOString(),
    run.Status,
    toDoc(run),
  );
}

export function saveRun(db: Db, ref: WorkflowRunRef, run: WorkflowRun): void {
  db.prepare(
    'UPDATE glue_workflow_runs SET status = ?, doc = ? WHERE account = ? AND region = ? AND workflow_name = ? AND run_id = ?',
  ).run(run.Status, toDoc(run), ref.scope.account, ref.scope.region, ref.workflow, ref.runId);
}

/** The run as GetWorkflowRun shows it: the stored document with statistics counted from its actions. */
export function findRun(db: Db, ref: WorkflowRunRef): WorkflowRun | undefined {
  const row = db
    .prepare('SELECT doc FROM glue_workflow_runs WHERE account = ? AND region = ? AND workflow_name = ? AND run_id = ?')
    .get(ref.scope.account, ref.scope.region, ref.workflow, ref.runId) as { doc: string } | undefined;
  if (!row) return undefined;
  return { ...fromDoc<WorkflowRun>(row.doc), Statistics: statistics(db, ref) };
}

export function requireRun(db: Db, ref: WorkflowRunRef): WorkflowRun {
  const run = findRun(db, ref);
  if (!run) throw workflowRunNotFound(ref.runId);
  return run;
}

/** Run ids of a workflow, newest first. */
export function runIds(db: Db, scope: CatalogScope, workflow: string): string[] {
  return db
    .prepare(
      'SELECT run_id FROM glue_workflow_runs WHERE account = ? AND region = ? AND workflow_name = ? ORDER BY started_at DESC, run_id DESC',
    )
    .pluck()
    .all(scope.account, scope.region, workflow) as string[];
}

export function countRunning(db: Db, scope: CatalogScope, workflow: string): number {
  return db
    .prepare(
      "SELECT count(*) FROM glue_workflow_runs WHERE account = ? AND region = ? AND workflow_name = ? AND status = 'RUNNING'",
    )
    .pluck()
    .get(scope.account, scope.region, workflow) as number;
}

export function deleteRuns(db: Db, scope: CatalogScope, workflow: string): void {
  for (const t of ['glue_workflow_run_actions', 'glue_workflow_runs']) {
    db.prepare(`DELETE FROM ${t} WHERE account = ? AND region = ? AND workflow_name = ?`).run(
      scope.account,
      scope.region,
      workflow,
    );
  }
}

/** Record an action the run started: a job run (its id) or a crawl (`actionRunId` '' until its events name it). */
export function addAction(
  db: Db,
  ref: WorkflowRunRef,
  kind: 'job' | 'crawler',
  name: string,
  actionRunId: string,
  state: string,
): number {
  const seq =
    (db
      .prepare(
        'SELECT coalesce(max(seq), 0) FROM glue_workflow_run_actions WHERE account = ? AND region = ? AND workflow_name = ? AND run_id = ?',
      )
      .pluck()
      .get(ref.scope.account, ref.scope.region, ref.workflow, ref.runId) as number) + 1;
  db.prepare(
    'INSERT INTO glue_workflow_run_actions (account, region, workflow_name, run_id, seq, kind, name, action_run_id, state) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(ref.scope.account, ref.scope.region, ref.workflow, ref.runId, seq, kind, name, actionRunId, state);
  return seq;
}

export function setActionState(db: Db, ref: WorkflowRunRef, seq: number, state: string, actionRunId?: string): void {
  db.prepare(
    'UPDATE glue_workflow_run_actions SET state = ?, action_run_id = coalesce(?, action_run_id) ' +
      'WHERE account = ? AND region = ? AND workflow_name = ? AND run_id = ? AND seq = ?',
  ).run(state, actionRunId ?? null, ref.scope.account, ref.scope.region, ref.workflow, ref.runId, seq);
}

/**
 * Note a run-state event against the workflow run that started that job run or crawl, if any: the action's
 * state follows the event. A job run is known by its id; a crawl by its crawler, as the oldest unfinished
 * crawl of that crawler in a running workflow run.
 */
export function recordEvent(db: Db, e: RunStateEvent): WorkflowRunRef | undefined {
  const scope = { account: e.account, region: e.region };
  const row = (
    e.kind === 'job'
      ? db
          .prepare(
            "SELECT workflow_name, run_id, seq FROM glue_workflow_run_actions WHERE account = ? AND region = ? AND kind = 'job' AND action_run_id = ?",
          )
          .get(e.account, e.region, e.runId)
      : db
          .prepare(
            'SELECT a.workflow_name, a.run_id, a.seq FROM glue_workflow_run_actions a ' +
              'JOIN glue_workflow_runs r ON r.account = a.account AND r.region = a.region AND r.workflow_name = a.workflow_name AND r.run_id = a.run_id ' +
              "WHERE a.account = ? AND a.region = ? AND a.kind = 'crawler' AND a.name = ? AND r.status = 'RUNNING' " +
              "AND a.state NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'ERROR') AND (a.action_run_id = '' OR a.action_run_id = ?) " +
              'ORDER BY r.started_at, a.seq LIMIT 1',
          )
          .get(e.account, e.region, e.name, e.runId)
  ) as { workflow_name: string; run_id: string; seq: number } | undefined;
  if (!row) return undefined;
  const ref = { scope, workflow: row.workflow_name, runId: row.run_id };
  setActionState(db, ref, row.seq, e.state, e.runId);
  return ref;
}

/** Counts of the run's actions by state, as `WorkflowRunStatistics`. */
export function statistics(db: Db, ref: WorkflowRunRef): WorkflowRunStatistics {
  const rows = db
    .prepare(
      'SELECT state, count(*) AS n FROM glue_workflow_run_actions WHERE account = ? AND region = ? AND workflow_name = ? AND run_id = ? GROUP BY state',
    )
    .all(ref.scope.account, ref.scope.region, ref.workflow, ref.runId) as { state: string; n: number }[];
  const s: Required<
    Pick<
      WorkflowRunStatistics,
      | 'TotalActions'
      | 'TimeoutActions'
      | 'FailedActions'
      | 'StoppedActions'
      | 'SucceededActions'
      | 'RunningActions'
      | 'ErroredActions'
      | 'WaitingActions'
    >
  > = {
    TotalActions: 0,
    TimeoutActions: 0,
    FailedActions: 0,
    StoppedActions: 0,
    SucceededActions: 0,
    RunningActions: 0,
    ErroredActions: 0,
    WaitingActions: 0,
  };
  for (const { state, n } of rows) {
    s.TotalActions += n;
    if (state === 'SUCCEEDED') s.SucceededActions += n;
    else if (state === 'FAILED') s.FailedActions += n;
    else if (state === 'TIMEOUT') s.TimeoutActions += n;
    else if (state === 'STOPPED' || state === 'CANCELLED') s.StoppedActions += n;
    else if (state === 'ERROR' || state === 'EXPIRED') s.ErroredActions += n;
    else if (state === 'WAITING') s.WaitingActions += n;
    else s.RunningActions += n;
  }
  return s;
}
