import type { WorkflowRun } from '@aws-sdk/client-glue';
import type { OpContext } from '../../context.js';
import type { CatalogScope } from '../catalog/scope.js';
import type { GlueOperations } from '../operations.js';
import { triggerEngine } from '../triggers/engine.js';
import { workflowTriggers } from '../triggers/store.js';
import { workflowGraph } from './graph.js';
import { findRun, requireRun, runIds, saveRun, type WorkflowRunRef } from './run-store.js';
import { requireWorkflow } from './store.js';

const scopeOf = (ctx: OpContext): CatalogScope => ({ account: ctx.account, region: ctx.region });

function refOf(ctx: OpContext, workflow: string, runId: string): WorkflowRunRef {
  return { scope: scopeOf(ctx), workflow, runId };
}

function withGraph(ctx: OpContext, run: WorkflowRun, includeGraph: boolean | undefined): WorkflowRun {
  if (!includeGraph) return run;
  return { ...run, Graph: workflowGraph(workflowTriggers(ctx.db, scopeOf(ctx), run.Name ?? '')) };
}

export const startWorkflowRun: GlueOperations['StartWorkflowRun'] = async (ctx, input) => {
  const RunId = await triggerEngine(ctx.lakebox).workflows.start(
    scopeOf(ctx),
    input.Name ?? '',
    input.RunProperties,
    ctx.now,
  );
  return { RunId };
};

export const getWorkflowRun: GlueOperations['GetWorkflowRun'] = (ctx, input) => {
  const name = input.Name ?? '';
  requireWorkflow(ctx.db, scopeOf(ctx), name);
  return { Run: withGraph(ctx, requireRun(ctx.db, refOf(ctx, name, input.RunId ?? '')), input.IncludeGraph) };
};

export const getWorkflowRuns: GlueOperations['GetWorkflowRuns'] = (ctx, input) => {
  const name = input.Name ?? '';
  requireWorkflow(ctx.db, scopeOf(ctx), name);
  const ids = runIds(ctx.db, scopeOf(ctx), name);
  const size = input.MaxResults ?? 100;
  const start = input.NextToken ? Math.max(ids.indexOf(input.NextToken), 0) : 0;
  const page = ids.slice(start, start + size);
  const next = ids[start + size];
  const Runs = page.flatMap((id) => {
    const run = findRun(ctx.db, refOf(ctx, name, id));
    return run ? [withGraph(ctx, run, input.IncludeGraph)] : [];
  });
  return { Runs, ...(next ? { NextToken: next } : {}) };
};

export const getWorkflowRunProperties: GlueOperations['GetWorkflowRunProperties'] = (ctx, input) => {
  const name = input.Name ?? '';
  requireWorkflow(ctx.db, scopeOf(ctx), name);
  const run = requireRun(ctx.db, refOf(ctx, name, input.RunId ?? ''));
  return { RunProperties: run.WorkflowRunProperties ?? {} };
};

/** Merges the given properties into the run's (a job of the run passes state on to the next this way). */
export const putWorkflowRunProperties: GlueOperations['PutWorkflowRunProperties'] = (ctx, input) => {
  const name = input.Name ?? '';
  ctx.db.transaction(() => {
    requireWorkflow(ctx.db, scopeOf(ctx), name);
    const ref = refOf(ctx, name, input.RunId ?? '');
    const { Statistics: _computed, ...run } = requireRun(ctx.db, ref);
    saveRun(ctx.db, ref, {
      ...run,
      WorkflowRunProperties: { ...run.WorkflowRunProperties, ...input.RunProperties },
    });
  })();
  return {};
};
