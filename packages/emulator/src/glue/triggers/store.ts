import type { Trigger } from '@aws-sdk/client-glue';
import { glueArn } from '@lakebox/shared';
import { errors } from '../../protocol/errors.js';
import { fromDoc, toDoc } from '../../store/documents.js';
import type { Db } from '../../store/sqlite.js';
import type { CatalogScope } from '../catalog/scope.js';

/** Trigger rows: the SDK's `Trigger` as `doc`, with its type and state copied out for the scheduler. */

export function triggerNotFound(name: string) {
  return errors.entityNotFound(`Trigger ${name} not found.`);
}

export function triggerArn(scope: CatalogScope, name: string): string {
  return glueArn({ ...scope, resource: `trigger/${name}` });
}

export function findTrigger(db: Db, scope: CatalogScope, name: string): Trigger | undefined {
  const row = db
    .prepare('SELECT doc FROM glue_triggers WHERE account = ? AND region = ? AND name = ?')
    .get(scope.account, scope.region, name) as { doc: string } | undefined;
  return row ? fromDoc<Trigger>(row.doc) : undefined;
}

export function requireTrigger(db: Db, scope: CatalogScope, name: string): Trigger {
  const trigger = findTrigger(db, scope, name);
  if (!trigger) throw triggerNotFound(name);
  return trigger;
}

/** Insert; false when a trigger of that name exists. */
export function insertTrigger(db: Db, scope: CatalogScope, trigger: Trigger): boolean {
  const r = db
    .prepare('INSERT OR IGNORE INTO glue_triggers (account, region, name, type, state, doc) VALUES (?, ?, ?, ?, ?, ?)')
    .run(scope.account, scope.region, trigger.Name, trigger.Type, trigger.State, toDoc(trigger));
  return r.changes > 0;
}

export function saveTrigger(db: Db, scope: CatalogScope, trigger: Trigger): void {
  db.prepare('UPDATE glue_triggers SET type = ?, state = ?, doc = ? WHERE account = ? AND region = ? AND name = ?').run(
    trigger.Type,
    trigger.State,
    toDoc(trigger),
    scope.account,
    scope.region,
    trigger.Name,
  );
}

export function deleteTriggerRow(db: Db, scope: CatalogScope, name: string): boolean {
  clearProgress(db, scope, name);
  return (
    db
      .prepare('DELETE FROM glue_triggers WHERE account = ? AND region = ? AND name = ?')
      .run(scope.account, scope.region, name).changes > 0
  );
}

/** Every trigger of one account and region, by name. */
export function listTriggers(db: Db, scope: CatalogScope): Trigger[] {
  const rows = db
    .prepare('SELECT doc FROM glue_triggers WHERE account = ? AND region = ? ORDER BY name')
    .all(scope.account, scope.region) as { doc: string }[];
  return rows.map((r) => fromDoc<Trigger>(r.doc));
}

/** A trigger with the scope it lives in: what the scheduler and the watcher work through. */
export interface ScopedTrigger {
  scope: CatalogScope;
  trigger: Trigger;
}

/** Triggers of one type in one state, every account and region. */
export function triggersIn(db: Db, type: string, state: string): ScopedTrigger[] {
  const rows = db
    .prepare(
      'SELECT account, region, doc FROM glue_triggers WHERE type = ? AND state = ? ORDER BY account, region, name',
    )
    .all(type, state) as { account: string; region: string; doc: string }[];
  return rows.map((r) => ({ scope: { account: r.account, region: r.region }, trigger: fromDoc<Trigger>(r.doc) }));
}

/**
 * A conditional trigger's progress: which conditions are met since it last fired. `workflowRunId` is ''
 * for a trigger outside workflows; a trigger in a workflow keeps one progress per workflow run.
 */
export interface ProgressKey {
  scope: CatalogScope;
  trigger: string;
  workflowRunId: string;
}

/** Indexes of the conditions met since the trigger last fired. */
export function metConditions(db: Db, key: ProgressKey): Set<number> {
  const rows = db
    .prepare(
      'SELECT condition_index FROM glue_trigger_conditions ' +
        'WHERE account = ? AND region = ? AND trigger_name = ? AND workflow_run_id = ?',
    )
    .pluck()
    .all(key.scope.account, key.scope.region, key.trigger, key.workflowRunId) as number[];
  return new Set(rows);
}

export function markCondition(db: Db, key: ProgressKey, index: number, runId: string): void {
  db.prepare(
    'INSERT INTO glue_trigger_conditions (account, region, trigger_name, workflow_run_id, condition_index, run_id) ' +
      'VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account, region, trigger_name, workflow_run_id, condition_index) ' +
      'DO UPDATE SET run_id = excluded.run_id',
  ).run(key.scope.account, key.scope.region, key.trigger, key.workflowRunId, index, runId);
}

export function unmarkCondition(db: Db, key: ProgressKey, index: number): void {
  db.prepare(
    'DELETE FROM glue_trigger_conditions ' +
      'WHERE account = ? AND region = ? AND trigger_name = ? AND workflow_run_id = ? AND condition_index = ?',
  ).run(key.scope.account, key.scope.region, key.trigger, key.workflowRunId, index);
}

/** Forget progress: of one workflow run's, or with `workflowRunId` undefined every progress of the trigger. */
export function clearProgress(db: Db, scope: CatalogScope, trigger: string, workflowRunId?: string): void {
  if (workflowRunId === undefined) {
    db.prepare('DELETE FROM glue_trigger_conditions WHERE account = ? AND region = ? AND trigger_name = ?').run(
      scope.account,
      scope.region,
      trigger,
    );
  } else {
    db.prepare(
      'DELETE FROM glue_trigger_conditions WHERE account = ? AND region = ? AND trigger_name = ? AND workflow_run_id = ?',
    ).run(scope.account, scope.region, trigger, workflowRunId);
  }
}

/** Triggers of one workflow, by name. */
export function workflowTriggers(db: Db, scope: CatalogScope, workflow: string): Trigger[] {
  return listTriggers(db, scope).filter((t) => t.WorkflowName === workflow);
}
