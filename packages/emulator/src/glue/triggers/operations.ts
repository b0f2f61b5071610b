import { registerTaggableResource } from '../catalog/tags.js';
import type { GlueOperations } from '../operations.js';
import { workflowOperations } from '../workflows/operations.js';
import { requireTrigger } from './store.js';
import {
  batchGetTriggers,
  createTrigger,
  deleteTrigger,
  getTrigger,
  getTriggers,
  listTriggerNames,
  startTrigger,
  stopTrigger,
  updateTrigger,
} from './triggers.js';

registerTaggableResource('trigger', {
  names: 1,
  foldsNames: false,
  requireExists: (db, scope, [name = '']) => {
    requireTrigger(db, scope, name);
  },
});

/** Glue triggers (and workflows). */
export const triggerOperations = {
  CreateTrigger: createTrigger,
  GetTrigger: getTrigger,
  GetTriggers: getTriggers,
  ListTriggers: listTriggerNames,
  BatchGetTriggers: batchGetTriggers,
  UpdateTrigger: updateTrigger,
  DeleteTrigger: deleteTrigger,
  StartTrigger: startTrigger,
  StopTrigger: stopTrigger,
  ...workflowOperations,
} satisfies Partial<GlueOperations>;
