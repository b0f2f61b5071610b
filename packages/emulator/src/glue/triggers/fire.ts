import type { Action, Trigger } from '@aws-sdk/client-glue';
import type { OpContext } from '../../context.js';
import { errors } from '../../protocol/errors.js';
import { peers } from './peers.js';

/** What one action started: a job run id or a crawler name, or why it could not start. */
export type ActionOutcome =
  | { action: Action; started: true; runId?: string }
  | { action: Action; started: false; error: unknown };

export interface FireOptions {
  /** Added to every job action's Arguments (a workflow run passes `--WORKFLOW_NAME`, `--WORKFLOW_RUN_ID`). */
  extraArguments?: Record<string, string>;
  /** Called just before a crawler is started (its crawl may end before StartCrawler returns). */
  beforeCrawl?: (crawlerName: string) => void;
}

/**
 * Start every action of a trigger, in order: jobs through `StartJobRun` (with the action's Arguments,
 * Timeout, SecurityConfiguration and NotificationProperty), crawlers through `StartCrawler`.
 * One failing action does not stop the others (as in Glue, each action is its own run).
 */
export async function fireActions(
  ctx: OpContext,
  trigger: Trigger,
  options: FireOptions = {},
): Promise<ActionOutcome[]> {
  const ops = peers();
  const out: ActionOutcome[] = [];
  for (const action of trigger.Actions ?? []) {
    try {
      if (action.JobName !== undefined) {
        if (!ops.StartJobRun) throw errors.notImplemented('glue', 'StartJobRun');
        const args = options.extraArguments ? { ...action.Arguments, ...options.extraArguments } : action.Arguments;
        const r = await ops.StartJobRun(ctx, {
          JobName: action.JobName,
          ...(args ? { Arguments: args } : {}),
          ...(action.Timeout !== undefined ? { Timeout: action.Timeout } : {}),
          ...(action.SecurityConfiguration ? { SecurityConfiguration: action.SecurityConfiguration } : {}),
          ...(action.NotificationProperty ? { NotificationProperty: action.NotificationProperty } : {}),
        });
        out.push({ action, started: true, ...(r.JobRunId ? { runId: r.JobRunId } : {}) });
      } else if (action.CrawlerName !== undefined) {
        if (!ops.StartCrawler) throw errors.notImplemented('glue', 'StartCrawler');
        options.beforeCrawl?.(action.CrawlerName);
        await ops.StartCrawler(ctx, { Name: action.CrawlerName });
        out.push({ action, started: true });
      }
    } catch (error) {
      out.push({ action, started: false, error });
    }
  }
  return out;
}

/** Report actions a trigger could not start (a trigger firing in the background has no caller to tell). */
export function logFailures(trigger: Trigger, outcomes: readonly ActionOutcome[]): void {
  for (const o of outcomes) {
    if (o.started) continue;
    const target = o.action.JobName ? `job ${o.action.JobName}` : `crawler ${o.action.CrawlerName}`;
    const why = o.error instanceof Error ? `${o.error.name}: ${o.error.message}` : String(o.error);
    console.warn(`[lakebox] trigger ${trigger.Name} could not start ${target}: ${why}`);
  }
}
