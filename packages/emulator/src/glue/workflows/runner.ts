import { randomBytes } from 'node:crypto';
import type { Trigger, WorkflowRun } from '@aws-sdk/client-glue';
import type { Lakebox } from '../../context.js';
import { AwsError } from '../../protocol/errors.js';
import type { CatalogScope } from '../catalog/scope.js';
import { fireActions, logFailures } from '../triggers/fire.js';
import { internalContext } from '../triggers/peers.js';
import { workflowTriggers } from '../triggers/store.js';
import {
  addAction,
  countRunning,
  findRun,
  insertRun,
  saveRun,
  setActionState,
  statistics,
  type WorkflowRunRef,
} from './run-store.js';
import { requireWorkflow } from './store.js';

/**
 * Workflow runs: a run starts at the workflow's start triggers (its ON_DEMAND, SCHEDULED or EVENT triggers),
 * whose actions become the run's first job runs and crawls; the workflow's CONDITIONAL triggers then fire
 * within the run as those reach their states (the trigger engine calls `fireInRun`). A run is COMPLETED
 * when nothing it started is still running and no trigger is being fired for it.
 *
 * Jobs a workflow run starts get `--WORKFLOW_NAME` and `--WORKFLOW_RUN_ID` arguments, as in Glue (so
 * `getResolvedOptions` and `GetWorkflowRunProperties` work from the script).
 */
export class WorkflowRunner {
  /** Firings in progress per run id: a run with one pending is not complete. */
  private readonly firing = new Map<string, number>();

  constructor(
    private readonly lakebox: Lakebox,
    /** Keep background work where the engine's stop can wait for it. */
    private readonly track: (work: Promise<unknown>) => void,
  ) {}

  /**
   * Start a run: throws ConcurrentRunsExceededException when `MaxConcurrentRuns` runs are RUNNING.
   * `startTriggers` (default: every non-conditional trigger of the workflow) are fired in the run.
   */
  async start(
    scope: CatalogScope,
    workflowName: string,
    properties: Record<string, string> | undefined,
    now: Date,
    startTriggers?: readonly Trigger[],
  ): Promise<string> {
    const db = this.lakebox.db;
    const runId = `wr_${randomBytes(32).toString('hex')}`;
    const ref: WorkflowRunRef = { scope, workflow: workflowName, runId };
    db.transaction(() => {
      const workflow = requireWorkflow(db, scope, workflowName);
      const max = workflow.MaxConcurrentRuns;
      if (max !== undefined && countRunning(db, scope, workflowName) >= max) {
        throw new AwsError(
          'ConcurrentRunsExceededException',
          `Concurrent runs exceeded for workflow: ${workflowName}: at most ${max} may run at once.`,
        );
      }
      const run: WorkflowRun = {
        Name: workflowName,
        WorkflowRunId: runId,
        WorkflowRunProperties: { ...workflow.DefaultRunProperties, ...properties },
        StartedOn: now,
        Status: 'RUNNING',
      };
      insertRun(db, ref, run);
    })();
    const triggers = startTriggers ?? workflowTriggers(db, scope, workflowName).filter((t) => t.Type !== 'CONDITIONAL');
    await Promise.all(triggers.map((t) => this.fireInRun(ref, t)));
    return runId;
  }

  /** Fire one trigger's actions as part of a run, recording what each started. */
  fireInRun(ref: WorkflowRunRef, trigger: Trigger): Promise<void> {
    this.firing.set(ref.runId, (this.firing.get(ref.runId) ?? 0) + 1);
    const db = this.lakebox.db;
    const crawls = new Map<string, number>();
    const work = fireActions(internalContext(this.lakebox, ref.scope), trigger, {
      extraArguments: { '--WORKFLOW_NAME': ref.workflow, '--WORKFLOW_RUN_ID': ref.runId },
      beforeCrawl: (name) => crawls.set(name, addAction(db, ref, 'crawler', name, '', 'RUNNING')),
    })
      .then((outcomes) => {
        for (const o of outcomes) {
          if (o.action.JobName !== undefined) {
            if (o.started) addAction(db, ref, 'job', o.action.JobName, o.runId ?? '', 'RUNNING');
            else addAction(db, ref, 'job', o.action.JobName, '', 'ERROR');
          } else if (o.action.CrawlerName !== undefined && !o.started) {
            const seq = crawls.get(o.action.CrawlerName);
            if (seq !== undefined) setActionState(db, ref, seq, 'ERROR');
            else addAction(db, ref, 'crawler', o.action.CrawlerName, '', 'ERROR');
          }
        }
        logFailures(trigger, outcomes);
      })
      .catch((e: unknown) => console.warn(`[lakebox] workflow ${ref.workflow}: trigger ${trigger.Name} failed:`, e))
      .finally(() => {
        this.firing.set(ref.runId, (this.firing.get(ref.runId) ?? 1) - 1);
        this.settle(ref);
      });
    this.track(work);
    return work;
  }

  /** Mark the run COMPLETED once nothing it started is running and nothing is being fired for it. */
  settle(ref: WorkflowRunRef, now = new Date()): void {
    if ((this.firing.get(ref.runId) ?? 0) > 0) return;
    this.firing.delete(ref.runId);
    const db = this.lakebox.db;
    if (!db.open) return;
    const run = findRun(db, ref);
    if (run?.Status !== 'RUNNING') return;
    if ((statistics(db, ref).RunningActions ?? 0) > 0) return;
    const { Statistics: _computed, ...stored } = run;
    saveRun(db, ref, { ...stored, Status: 'COMPLETED', CompletedOn: now });
  }
}
