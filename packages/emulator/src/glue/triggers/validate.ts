import type { Action, Condition, Predicate, TriggerType } from '@aws-sdk/client-glue';
import type { OpContext } from '../../context.js';
import { errors } from '../../protocol/errors.js';
import { CronError, parseCron } from './cron.js';
import { peers } from './peers.js';

/**
 * What CreateTrigger/UpdateTrigger check beyond the request shape (the validator checks lengths and enums).
 * The states a condition may wait for are the ones the Glue API reference lists for `Condition.State` and
 * `Condition.CrawlState`.
 */
export const JOB_CONDITION_STATES = ['SUCCEEDED', 'STOPPED', 'FAILED', 'TIMEOUT'] as const;
export const CRAWL_CONDITION_STATES = ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const;

/** Most actions one trigger may start, and most conditions one predicate may hold. */
export const MAX_ACTIONS = 50;
export const MAX_CONDITIONS = 50;

export function checkSchedule(type: TriggerType | string, schedule: string | undefined): void {
  if (type === 'SCHEDULED') {
    if (schedule === undefined || schedule.trim() === '') {
      throw errors.invalidInput('Schedule is required for a SCHEDULED trigger.');
    }
    try {
      parseCron(schedule);
    } catch (e) {
      if (e instanceof CronError) throw errors.invalidInput(`Invalid schedule expression ${schedule}: ${e.message}.`);
      throw e;
    }
  } else if (schedule !== undefined && schedule !== '') {
    throw errors.invalidInput(`Schedule is only allowed for SCHEDULED triggers, not ${type}.`);
  }
}

function checkCondition(c: Condition, i: number): void {
  const where = `Predicate condition ${i + 1}`;
  if (c.LogicalOperator !== undefined && c.LogicalOperator !== 'EQUALS') {
    throw errors.invalidInput(`${where}: LogicalOperator must be EQUALS.`);
  }
  const job = c.JobName !== undefined;
  const crawler = c.CrawlerName !== undefined;
  if (job === crawler) throw errors.invalidInput(`${where} must name exactly one of JobName or CrawlerName.`);
  if (job) {
    if (c.CrawlState !== undefined)
      throw errors.invalidInput(`${where}: CrawlState goes with CrawlerName, not JobName.`);
    if (!(JOB_CONDITION_STATES as readonly string[]).includes(c.State ?? '')) {
      throw errors.invalidInput(
        `${where}: State must be one of ${JOB_CONDITION_STATES.join(', ')} for job ${c.JobName}, got ${c.State ?? 'none'}.`,
      );
    }
  } else {
    if (c.State !== undefined) throw errors.invalidInput(`${where}: State goes with JobName, not CrawlerName.`);
    if (!(CRAWL_CONDITION_STATES as readonly string[]).includes(c.CrawlState ?? '')) {
      throw errors.invalidInput(
        `${where}: CrawlState must be one of ${CRAWL_CONDITION_STATES.join(', ')} for crawler ${c.CrawlerName}, got ${c.CrawlState ?? 'none'}.`,
      );
    }
  }
}

export function checkPredicate(type: TriggerType | string, predicate: Predicate | undefined): void {
  if (type !== 'CONDITIONAL') {
    if (predicate?.Conditions?.length) {
      throw errors.invalidInput(`Predicate is only allowed for CONDITIONAL triggers, not ${type}.`);
    }
    return;
  }
  const conditions = predicate?.Conditions ?? [];
  if (conditions.length === 0)
    throw errors.invalidInput('A CONDITIONAL trigger needs a Predicate with at least one condition.');
  if (conditions.length > MAX_CONDITIONS) {
    throw errors.invalidInput(`A predicate may have at most ${MAX_CONDITIONS} conditions, got ${conditions.length}.`);
  }
  if (conditions.length > 1 && predicate?.Logical === undefined) {
    throw errors.invalidInput('Logical (AND or ANY) is required when a predicate has more than one condition.');
  }
  conditions.forEach(checkCondition);
}

/** Each action names one job or one crawler, which must exist (checked where lakebox serves GetJob/GetCrawler). */
export async function checkActions(ctx: OpContext, actions: readonly Action[] | undefined): Promise<void> {
  if (!actions || actions.length === 0) throw errors.invalidInput('A trigger needs at least one action.');
  if (actions.length > MAX_ACTIONS) {
    throw errors.invalidInput(`A trigger may start at most ${MAX_ACTIONS} actions, got ${actions.length}.`);
  }
  const ops = peers();
  for (const [i, a] of actions.entries()) {
    const job = a.JobName !== undefined;
    const crawler = a.CrawlerName !== undefined;
    if (job === crawler) throw errors.invalidInput(`Action ${i + 1} must name exactly one of JobName or CrawlerName.`);
    if (crawler && (a.Arguments !== undefined || a.Timeout !== undefined)) {
      throw errors.invalidInput(`Action ${i + 1}: Arguments and Timeout apply to job actions only.`);
    }
    if (job && ops.GetJob) await ops.GetJob(ctx, { JobName: a.JobName });
    if (crawler && ops.GetCrawler) await ops.GetCrawler(ctx, { Name: a.CrawlerName });
  }
}
