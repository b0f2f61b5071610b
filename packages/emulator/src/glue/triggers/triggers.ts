import type { Trigger, TriggerUpdate } from '@aws-sdk/client-glue';
import type { OpContext } from '../../context.js';
import { errors } from '../../protocol/errors.js';
import type { CatalogScope } from '../catalog/scope.js';
import { deleteTags, getTags, putTags } from '../catalog/tags-store.js';
import type { GlueOperations } from '../operations.js';
import { requireWorkflow } from '../workflows/store.js';
import { triggerEngine } from './engine.js';
import { fireActions } from './fire.js';
import { pageOf } from './paging.js';
import {
  clearProgress,
  deleteTriggerRow,
  findTrigger,
  insertTrigger,
  listTriggers,
  requireTrigger,
  saveTrigger,
  triggerArn,
} from './store.js';
import { checkActions, checkPredicate, checkSchedule } from './validate.js';

/**
 * Glue triggers: ON_DEMAND (StartTrigger fires the actions), SCHEDULED (`cron(...)`, UTC, fired by lakebox's
 * scheduler while it runs), CONDITIONAL (fires when watched job runs or crawls reach the predicate's states).
 *
 * States as Glue shows them: a new SCHEDULED or CONDITIONAL trigger is CREATED, or ACTIVATED with
 * `StartOnCreation`; StartTrigger activates it and StopTrigger deactivates it. An ON_DEMAND trigger stays
 * CREATED: StartTrigger fires it once and it cannot be stopped or started on creation.
 *
 * In a workflow, a trigger belongs to the workflow's runs: firing its start trigger (StartTrigger, its
 * schedule) starts a workflow run, and its CONDITIONAL triggers (unless DEACTIVATED) watch only the job runs
 * and crawls of the same workflow run.
 *
 * LIMITATIONS: EVENT triggers (EventBridge events, only inside workflows) are stored and activated but never
 * fire; `EventBatchingCondition` is kept and ignored. Job runs a trigger starts do not carry `TriggerName`
 * (StartJobRun has no such member and triggers call it as any client would).
 */

/** Page sizes of the trigger listings (`MaxResults` is 1-200 in the model). */
export const TRIGGER_PAGE_SIZES = { GetTriggers: 100, ListTriggers: 100 } as const;

const scopeOf = (ctx: OpContext): CatalogScope => ({ account: ctx.account, region: ctx.region });

/** Triggers that start this job (one of their actions names it). */
function startsJob(trigger: Trigger, jobName: string | undefined): boolean {
  return jobName === undefined || (trigger.Actions ?? []).some((a) => a.JobName === jobName);
}

export const createTrigger: GlueOperations['CreateTrigger'] = async (ctx, input) => {
  const scope = scopeOf(ctx);
  const name = input.Name ?? '';
  const type = input.Type ?? 'ON_DEMAND';
  if (type === 'ON_DEMAND' && input.StartOnCreation) {
    throw errors.invalidInput('StartOnCreation is not supported for ON_DEMAND triggers.');
  }
  if (type === 'EVENT' && !input.WorkflowName) {
    throw errors.invalidInput('An EVENT trigger must belong to a workflow (WorkflowName).');
  }
  checkSchedule(type, input.Schedule);
  checkPredicate(type, input.Predicate);
  await checkActions(ctx, input.Actions);
  const activate = input.StartOnCreation === true && (type === 'SCHEDULED' || type === 'CONDITIONAL');
  const trigger: Trigger = {
    Name: name,
    ...(input.WorkflowName ? { WorkflowName: input.WorkflowName } : {}),
    Type: type,
    State: activate ? 'ACTIVATED' : 'CREATED',
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    ...(input.Schedule !== undefined ? { Schedule: input.Schedule } : {}),
    Actions: input.Actions ?? [],
    ...(input.Predicate !== undefined ? { Predicate: input.Predicate } : {}),
    ...(input.EventBatchingCondition ? { EventBatchingCondition: input.EventBatchingCondition } : {}),
  };
  ctx.db.transaction(() => {
    if (input.WorkflowName) requireWorkflow(ctx.db, scope, input.WorkflowName);
    if (!insertTrigger(ctx.db, scope, trigger)) throw errors.alreadyExists(`Trigger with name ${name} already exists.`);
    if (input.Tags) putTags(ctx.db, scope, triggerArn(scope, name), input.Tags);
  })();
  if (activate && type === 'SCHEDULED') triggerEngine(ctx.lakebox).reschedule(ctx.now);
  return { Name: name };
};

export const getTrigger: GlueOperations['GetTrigger'] = (ctx, input) => ({
  Trigger: requireTrigger(ctx.db, scopeOf(ctx), input.Name ?? ''),
});

export const getTriggers: GlueOperations['GetTriggers'] = (ctx, input) => {
  const all = listTriggers(ctx.db, scopeOf(ctx)).filter((t) => startsJob(t, input.DependentJobName));
  const { page, nextToken } = pageOf('GetTriggers', all, (t) => t.Name ?? '', input, TRIGGER_PAGE_SIZES.GetTriggers);
  return { Triggers: page, ...(nextToken ? { NextToken: nextToken } : {}) };
};

export const listTriggerNames: GlueOperations['ListTriggers'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const wanted = Object.entries(input.Tags ?? {});
  const all = listTriggers(ctx.db, scope).filter((t) => {
    if (!startsJob(t, input.DependentJobName)) return false;
    if (wanted.length === 0) return true;
    const tags = getTags(ctx.db, scope, triggerArn(scope, t.Name ?? ''));
    return wanted.every(([k, v]) => tags[k] === v);
  });
  const { page, nextToken } = pageOf('ListTriggers', all, (t) => t.Name ?? '', input, TRIGGER_PAGE_SIZES.ListTriggers);
  return { TriggerNames: page.map((t) => t.Name ?? ''), ...(nextToken ? { NextToken: nextToken } : {}) };
};

export const batchGetTriggers: GlueOperations['BatchGetTriggers'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const names = input.TriggerNames ?? [];
  if (names.length > 100) throw errors.invalidInput(`At most 100 trigger names per request, got ${names.length}.`);
  const Triggers: Trigger[] = [];
  const TriggersNotFound: string[] = [];
  for (const name of names) {
    const t = findTrigger(ctx.db, scope, name);
    if (t) Triggers.push(t);
    else TriggersNotFound.push(name);
  }
  return { Triggers, TriggersNotFound };
};

function applyUpdate(existing: Trigger, update: TriggerUpdate): Trigger {
  const next: Trigger = { ...existing };
  if (update.Description !== undefined) next.Description = update.Description;
  if (update.Schedule !== undefined) next.Schedule = update.Schedule;
  if (update.Actions !== undefined) next.Actions = update.Actions;
  if (update.Predicate !== undefined) next.Predicate = update.Predicate;
  if (update.EventBatchingCondition !== undefined) next.EventBatchingCondition = update.EventBatchingCondition;
  return next;
}

export const updateTrigger: GlueOperations['UpdateTrigger'] = async (ctx, input) => {
  const scope = scopeOf(ctx);
  const name = input.Name ?? '';
  const update = input.TriggerUpdate ?? {};
  const existing = requireTrigger(ctx.db, scope, name);
  const type = existing.Type ?? 'ON_DEMAND';
  if (update.Schedule !== undefined) checkSchedule(type, update.Schedule);
  if (update.Predicate !== undefined) checkPredicate(type, update.Predicate);
  if (update.Actions !== undefined) await checkActions(ctx, update.Actions);
  const next = applyUpdate(existing, update);
  ctx.db.transaction(() => {
    requireTrigger(ctx.db, scope, name);
    saveTrigger(ctx.db, scope, next);
    if (update.Predicate !== undefined) clearProgress(ctx.db, scope, name);
  })();
  if (type === 'SCHEDULED') triggerEngine(ctx.lakebox).reschedule(ctx.now);
  return { Trigger: next };
};

/** Deleting a trigger that does not exist succeeds (the model lists no EntityNotFoundException for it). */
export const deleteTrigger: GlueOperations['DeleteTrigger'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const name = input.Name ?? '';
  let scheduled = false;
  ctx.db.transaction(() => {
    scheduled = findTrigger(ctx.db, scope, name)?.Type === 'SCHEDULED';
    deleteTriggerRow(ctx.db, scope, name);
    deleteTags(ctx.db, scope, triggerArn(scope, name));
  })();
  if (scheduled) triggerEngine(ctx.lakebox).reschedule(ctx.now);
  return { Name: name };
};

export const startTrigger: GlueOperations['StartTrigger'] = async (ctx, input) => {
  const scope = scopeOf(ctx);
  const name = input.Name ?? '';
  const trigger = requireTrigger(ctx.db, scope, name);
  if (trigger.Type === 'ON_DEMAND' && trigger.WorkflowName) {
    // A workflow's start trigger starts a run of the workflow.
    await triggerEngine(ctx.lakebox).workflows.start(scope, trigger.WorkflowName, undefined, ctx.now, [trigger]);
    return { Name: name };
  }
  if (trigger.Type === 'ON_DEMAND') {
    // Fires now; the trigger itself stays CREATED. The first action that could not start is the error.
    const outcomes = await fireActions(ctx, trigger);
    const failed = outcomes.find((o) => !o.started);
    if (failed && !failed.started) throw failed.error;
    return { Name: name };
  }
  ctx.db.transaction(() => {
    const current = requireTrigger(ctx.db, scope, name);
    if (current.State !== 'ACTIVATED') saveTrigger(ctx.db, scope, { ...current, State: 'ACTIVATED' });
  })();
  if (trigger.Type === 'SCHEDULED') triggerEngine(ctx.lakebox).reschedule(ctx.now);
  return { Name: name };
};

export const stopTrigger: GlueOperations['StopTrigger'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const name = input.Name ?? '';
  const trigger = requireTrigger(ctx.db, scope, name);
  if (trigger.Type === 'ON_DEMAND') {
    throw errors.invalidInput(
      `Trigger ${name} is an ON_DEMAND trigger: it is never activated, so it cannot be stopped.`,
    );
  }
  ctx.db.transaction(() => {
    const current = requireTrigger(ctx.db, scope, name);
    saveTrigger(ctx.db, scope, { ...current, State: 'DEACTIVATED' });
    clearProgress(ctx.db, scope, name);
  })();
  if (trigger.Type === 'SCHEDULED') triggerEngine(ctx.lakebox).reschedule(ctx.now);
  return { Name: name };
};
