import { registerTaggableResource } from '../catalog/tags.js';
import type { GlueOperations } from '../operations.js';
import {
  getWorkflowRun,
  getWorkflowRunProperties,
  getWorkflowRuns,
  putWorkflowRunProperties,
  startWorkflowRun,
} from './runs.js';
import { requireWorkflow } from './store.js';
import {
  batchGetWorkflows,
  createWorkflow,
  deleteWorkflow,
  getWorkflow,
  listWorkflows,
  updateWorkflow,
} from './workflows.js';

registerTaggableResource('workflow', {
  names: 1,
  foldsNames: false,
  requireExists: (db, scope, [name = '']) => {
    requireWorkflow(db, scope, name);
  },
});

/** Glue workflows and workflow runs; served through `triggerOperations` (the Glue table spreads that one). */
export const workflowOperations = {
  CreateWorkflow: createWorkflow,
  GetWorkflow: getWorkflow,
  ListWorkflows: listWorkflows,
  BatchGetWorkflows: batchGetWorkflows,
  UpdateWorkflow: updateWorkflow,
  DeleteWorkflow: deleteWorkflow,
  StartWorkflowRun: startWorkflowRun,
  GetWorkflowRun: getWorkflowRun,
  GetWorkflowRuns: getWorkflowRuns,
  GetWorkflowRunProperties: getWorkflowRunProperties,
  PutWorkflowRunProperties: putWorkflowRunProperties,
} satisfies Partial<GlueOperations>;
