import type { Workflow } from '@aws-sdk/client-glue';
import type { OpContext } from '../../context.js';
import { errors } from '../../protocol/errors.js';
import type { CatalogScope } from '../catalog/scope.js';
import { deleteTags, putTags } from '../catalog/tags-store.js';
import type { GlueOperations } from '../operations.js';
import { triggerEngine } from '../triggers/engine.js';
import { pageOf } from '../triggers/paging.js';
import { deleteTriggerRow, triggerArn, workflowTriggers } from '../triggers/store.js';
import { workflowGraph } from './graph.js';
import { deleteRuns, findRun, runIds } from './run-store.js';
import {
  deleteWorkflowRow,
  findWorkflow,
  insertWorkflow,
  requireWorkflow,
  saveWorkflow,
  workflowArn,
  workflowNames,
} from './store.js';

/**
 * Glue workflows: a named group of triggers (`CreateTrigger` with `WorkflowName`) and the jobs and crawlers
 * they start, run as one unit by StartWorkflowRun (see `runner.ts`).
 *
 * LIMITATIONS: blueprints are not supported (`BlueprintDetails` is never set); StopWorkflowRun and
 * ResumeWorkflowRun are not served.
 */

const scopeOf = (ctx: OpContext): CatalogScope => ({ account: ctx.account, region: ctx.region });

/** The workflow as GetWorkflow shows it: the stored definition, its latest run, and its graph if asked for. */
export function presentWorkflow(ctx: OpContext, stored: Workflow, includeGraph: boolean | undefined): Workflow {
  const scope = scopeOf(ctx);
  const name = stored.Name ?? '';
  const [latest] = runIds(ctx.db, scope, name);
  const lastRun = latest ? findRun(ctx.db, { scope, workflow: name, runId: latest }) : undefined;
  return {
    ...stored,
    ...(lastRun ? { LastRun: lastRun } : {}),
    ...(includeGraph ? { Graph: workflowGraph(workflowTriggers(ctx.db, scope, name)) } : {}),
  };
}

function checkMaxConcurrentRuns(n: number | undefined): void {
  if (n !== undefined && n < 1) throw errors.invalidInput(`MaxConcurrentRuns must be at least 1, got ${n}.`);
}

export const createWorkflow: GlueOperations['CreateWorkflow'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const name = input.Name ?? '';
  checkMaxConcurrentRuns(input.MaxConcurrentRuns);
  const workflow: Workflow = {
    Name: name,
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    ...(input.DefaultRunProperties ? { DefaultRunProperties: input.DefaultRunProperties } : {}),
    CreatedOn: ctx.now,
    LastModifiedOn: ctx.now,
    ...(input.MaxConcurrentRuns !== undefined ? { MaxConcurrentRuns: input.MaxConcurrentRuns } : {}),
  };
  ctx.db.transaction(() => {
    if (!insertWorkflow(ctx.db, scope, workflow))
      throw errors.alreadyExists(`Workflow with name ${name} already exists.`);
    if (input.Tags) putTags(ctx.db, scope, workflowArn(scope, name), input.Tags);
  })();
  return { Name: name };
};

export const getWorkflow: GlueOperations['GetWorkflow'] = (ctx, input) => {
  const stored = requireWorkflow(ctx.db, scopeOf(ctx), input.Name ?? '');
  return { Workflow: presentWorkflow(ctx, stored, input.IncludeGraph) };
};

export const listWorkflows: GlueOperations['ListWorkflows'] = (ctx, input) => {
  if (input.MaxResults !== undefined && input.MaxResults > 25) {
    throw errors.invalidInput(`MaxResults must be 1-25, got ${input.MaxResults}.`);
  }
  const { page, nextToken } = pageOf('ListWorkflows', workflowNames(ctx.db, scopeOf(ctx)), (n) => n, input, 25);
  return { Workflows: page, ...(nextToken ? { NextToken: nextToken } : {}) };
};

export const batchGetWorkflows: GlueOperations['BatchGetWorkflows'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const Workflows: Workflow[] = [];
  const MissingWorkflows: string[] = [];
  for (const name of input.Names ?? []) {
    const stored = findWorkflow(ctx.db, scope, name);
    if (stored) Workflows.push(presentWorkflow(ctx, stored, input.IncludeGraph));
    else MissingWorkflows.push(name);
  }
  return {
    ...(Workflows.length ? { Workflows } : {}),
    ...(MissingWorkflows.length ? { MissingWorkflows } : {}),
  };
};

export const updateWorkflow: GlueOperations['UpdateWorkflow'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const name = input.Name ?? '';
  checkMaxConcurrentRuns(input.MaxConcurrentRuns);
  ctx.db.transaction(() => {
    const existing = requireWorkflow(ctx.db, scope, name);
    const next: Workflow = { ...existing, LastModifiedOn: ctx.now };
    if (input.Description !== undefined) next.Description = input.Description;
    if (input.DefaultRunProperties !== undefined) next.DefaultRunProperties = input.DefaultRunProperties;
    if (input.MaxConcurrentRuns !== undefined) next.MaxConcurrentRuns = input.MaxConcurrentRuns;
    saveWorkflow(ctx.db, scope, next);
  })();
  return { Name: name };
};

/** Deletes the workflow with its triggers and runs (not the jobs and crawlers). Absent: succeeds. */
export const deleteWorkflow: GlueOperations['DeleteWorkflow'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const name = input.Name ?? '';
  ctx.db.transaction(() => {
    for (const t of workflowTriggers(ctx.db, scope, name)) {
      deleteTriggerRow(ctx.db, scope, t.Name ?? '');
      deleteTags(ctx.db, scope, triggerArn(scope, t.Name ?? ''));
    }
    deleteRuns(ctx.db, scope, name);
    deleteWorkflowRow(ctx.db, scope, name);
    deleteTags(ctx.db, scope, workflowArn(scope, name));
  })();
  triggerEngine(ctx.lakebox).reschedule(ctx.now);
  return { Name: name };
};
