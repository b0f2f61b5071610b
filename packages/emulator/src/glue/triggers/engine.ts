import type { Trigger } from '@aws-sdk/client-glue';
import type { Lakebox } from '../../context.js';
import type { RunStateEvent } from '../../events.js';
import type { CatalogScope } from '../catalog/scope.js';
import { recordEvent, type WorkflowRunRef } from '../workflows/run-store.js';
import { WorkflowRunner } from '../workflows/runner.js';
import { type CronSchedule, nextFireTime, parseCron } from './cron.js';
import { fireActions, logFailures } from './fire.js';
import { internalContext } from './peers.js';
import {
  clearProgress,
  markCondition,
  metConditions,
  type ProgressKey,
  triggersIn,
  unmarkCondition,
  workflowTriggers,
} from './store.js';

/** Job run states after which a run does not change again. */
const FINAL_JOB_STATES = new Set(['STOPPED', 'SUCCEEDED', 'FAILED', 'TIMEOUT', 'ERROR', 'EXPIRED']);
/** Crawl states after which a crawl does not change again. */
const FINAL_CRAWL_STATES = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'ERROR']);

/** Longest single sleep of the scheduler: it re-reads the clock at least this often (clock changes, sleep). */
const MAX_SLEEP_MS = 60 * 60 * 1000;

/**
 * What makes triggers fire while lakebox runs, one per lakebox:
 * - the watcher: on every job/crawler run-state event, ACTIVATED CONDITIONAL triggers of that account and
 *   region record which conditions are met; a trigger whose predicate holds (ANY: this event met a
 *   condition; AND: every condition met since it last fired) fires and starts over. Triggers in a workflow
 *   watch only the job runs and crawls of their own workflow run (progress is kept per workflow run);
 * - the scheduler: one timer, armed only while some SCHEDULED trigger is ACTIVATED, set for the earliest next
 *   fire time of them all (UTC cron). Stopped on stop; after a reset it finds nothing and disarms.
 *
 * LIMITATIONS: a schedule time missed while lakebox was not running is not made up for; a trigger that is
 * due is fired once even if the process slept through several of its fire times.
 */
export class TriggerEngine {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Per scheduled trigger (`account/region/name/schedule`): fire times up to here are done. */
  private readonly since = new Map<string, Date>();
  private readonly onRunState = (e: RunStateEvent) => this.watch(e);
  /** Work started in the background (firing actions), awaited on stop so nothing runs on a closed db. */
  private readonly pending = new Set<Promise<unknown>>();

  /** Workflow runs: started by StartWorkflowRun or a workflow's start trigger, advanced by the watcher. */
  readonly workflows: WorkflowRunner;

  constructor(private readonly lakebox: Lakebox) {
    this.workflows = new WorkflowRunner(lakebox, (work) => this.track(work));
    lakebox.events.on('runState', this.onRunState);
    lakebox.onStop.push(() => this.stop());
    lakebox.onReset.push(() => {
      this.since.clear();
      this.reschedule();
    });
  }

  /** Re-read the ACTIVATED SCHEDULED triggers and arm (or disarm) the timer. Call after any change to them. */
  reschedule(now = new Date()): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let earliest: number | undefined;
    const live = new Set<string>();
    for (const { schedule, key } of this.scheduled()) {
      live.add(key);
      const next = nextFireTime(schedule, this.sinceFor(key, now))?.getTime();
      if (next !== undefined && (earliest === undefined || next < earliest)) earliest = next;
    }
    for (const key of this.since.keys()) if (!live.has(key)) this.since.delete(key);
    if (earliest === undefined) return;
    const delay = Math.min(Math.max(earliest - now.getTime(), 0), MAX_SLEEP_MS);
    this.timer = setTimeout(() => this.tick(), delay);
    this.timer.unref();
  }

  /**
   * Fire every ACTIVATED SCHEDULED trigger that has a fire time in (its last check, `now`], then re-arm.
   * The timer calls it with the real clock; tests may call it with a clock of their own.
   */
  tick(now = new Date()): string[] {
    if (this.stopped) return [];
    const fired: string[] = [];
    for (const { scope, trigger, schedule, key } of this.scheduled()) {
      const since = this.sinceFor(key, now);
      const due = nextFireTime(schedule, since);
      if (due && due.getTime() <= now.getTime()) {
        fired.push(trigger.Name ?? '');
        this.fire(scope, trigger, now);
      }
      if (now.getTime() > since.getTime()) this.since.set(key, now);
    }
    this.reschedule(now);
    return fired;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lakebox.events.off('runState', this.onRunState);
    await Promise.allSettled([...this.pending]);
  }

  /**
   * Start a trigger's actions in the background; failures are logged (nobody waits for them). A trigger
   * that belongs to a workflow starts a run of its workflow instead.
   */
  fire(scope: CatalogScope, trigger: Trigger, now = new Date()): void {
    if (this.stopped) return;
    if (trigger.WorkflowName) {
      const name = trigger.WorkflowName;
      this.track(
        this.workflows
          .start(scope, name, undefined, now, [trigger])
          .catch((e: unknown) =>
            console.warn(`[lakebox] trigger ${trigger.Name} could not start workflow ${name}:`, e),
          ),
      );
      return;
    }
    const work = fireActions(internalContext(this.lakebox, scope, now), trigger).then(
      (outcomes) => logFailures(trigger, outcomes),
      (e: unknown) => console.warn(`[lakebox] trigger ${trigger.Name} failed to fire:`, e),
    );
    this.track(work);
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private sinceFor(key: string, now: Date): Date {
    let since = this.since.get(key);
    if (!since) {
      since = now;
      this.since.set(key, since);
    }
    return since;
  }

  private *scheduled(): Generator<{ scope: CatalogScope; trigger: Trigger; schedule: CronSchedule; key: string }> {
    for (const { scope, trigger } of triggersIn(this.lakebox.db, 'SCHEDULED', 'ACTIVATED')) {
      let schedule: CronSchedule;
      try {
        schedule = parseCron(trigger.Schedule ?? '');
      } catch {
        continue; // validated on create/update; a row that does not parse never fires
      }
      const key = `${scope.account}/${scope.region}/${trigger.Name}/${trigger.Schedule}`;
      yield { scope, trigger, schedule, key };
    }
  }

  /** The run-state listener: synchronous and never throwing, as `LakeboxEvents` asks. */
  private watch(e: RunStateEvent): void {
    if (this.stopped || (e.kind !== 'job' && e.kind !== 'crawler')) return;
    try {
      const db = this.lakebox.db;
      const scope = { account: e.account, region: e.region };
      const toFire: Trigger[] = [];
      const inRun: Trigger[] = [];
      let ref: WorkflowRunRef | undefined;
      db.transaction(() => {
        // Triggers outside workflows watch every run of their account and region.
        for (const { scope: s, trigger } of triggersIn(db, 'CONDITIONAL', 'ACTIVATED')) {
          if (s.account !== scope.account || s.region !== scope.region || trigger.WorkflowName) continue;
          if (this.advance({ scope, trigger: trigger.Name ?? '', workflowRunId: '' }, trigger, e)) toFire.push(trigger);
        }
        // Triggers inside a workflow watch only the runs of their workflow run.
        ref = recordEvent(db, e);
        if (ref) {
          for (const trigger of workflowTriggers(db, scope, ref.workflow)) {
            if (trigger.Type !== 'CONDITIONAL' || trigger.State === 'DEACTIVATED') continue;
            const key = { scope, trigger: trigger.Name ?? '', workflowRunId: ref.runId };
            if (this.advance(key, trigger, e)) inRun.push(trigger);
          }
        }
      })();
      for (const t of toFire) this.fire(scope, t, e.at);
      if (ref) {
        const run = ref;
        for (const t of inRun) void this.workflows.fireInRun(run, t);
        this.workflows.settle(run);
      }
    } catch (err) {
      console.warn('[lakebox] trigger watcher failed:', err);
    }
  }

  /** Record what the event means for one trigger's conditions; true when the trigger should fire now. */
  private advance(key: ProgressKey, trigger: Trigger, e: RunStateEvent): boolean {
    const db = this.lakebox.db;
    const conditions = trigger.Predicate?.Conditions ?? [];
    let metNow = false;
    conditions.forEach((c, i) => {
      const watched = e.kind === 'job' ? c.JobName : c.CrawlerName;
      if (watched === undefined || watched !== e.name) return;
      const wanted = e.kind === 'job' ? c.State : c.CrawlState;
      const final = e.kind === 'job' ? FINAL_JOB_STATES : FINAL_CRAWL_STATES;
      if (e.state === wanted) {
        markCondition(db, key, i, e.runId);
        metNow = true;
      } else if (final.has(e.state)) {
        // The watched job or crawler's latest outcome is not the one waited for.
        unmarkCondition(db, key, i);
      }
    });
    if (!metNow) return false;
    const any = trigger.Predicate?.Logical === 'ANY';
    const fires = any || metConditions(db, key).size >= conditions.length;
    if (fires) clearProgress(db, key.scope, key.trigger, key.workflowRunId);
    return fires;
  }
}

const engines = new WeakMap<Lakebox, TriggerEngine>();

/** The trigger engine of a lakebox, made (and its listener installed) on first use. */
export function triggerEngine(lakebox: Lakebox): TriggerEngine {
  let engine = engines.get(lakebox);
  if (!engine) {
    engine = new TriggerEngine(lakebox);
    engines.set(lakebox, engine);
  }
  return engine;
}
