import type { Workflow } from '@aws-sdk/client-glue';
import { glueArn } from '@lakebox/shared';
import { errors } from '../../protocol/errors.js';
import { fromDoc, toDoc } from '../../store/documents.js';
import type { Db } from '../../store/sqlite.js';
import type { CatalogScope } from '../catalog/scope.js';

/** Workflow rows: the SDK's `Workflow` without its computed members (LastRun, Graph) as `doc`. */

export function workflowNotFound(name: string) {
  return errors.entityNotFound(`Workflow ${name} not found.`);
}

export function workflowArn(scope: CatalogScope, name: string): string {
  return glueArn({ ...scope, resource: `workflow/${name}` });
}

export function findWorkflow(db: Db, scope: CatalogScope, name: string): Workflow | undefined {
  const row = db
    .prepare('SELECT doc FROM glue_workflows WHERE account = ? AND region = ? AND name = ?')
    .get(scope.account, scope.region, name) as { doc: string } | undefined;
  return row ? fromDoc<Workflow>(row.doc) : undefined;
}

export function requireWorkflow(db: Db, scope: CatalogScope, name: string): Workflow {
  const workflow = findWorkflow(db, scope, name);
  if (!workflow) throw workflowNotFound(name);
  return workflow;
}

export function insertWorkflow(db: Db, scope: CatalogScope, workflow: Workflow): boolean {
  return (
    db
      .prepare('INSERT OR IGNORE INTO glue_workflows (account, region, name, doc) VALUES (?, ?, ?, ?)')
      .run(scope.account, scope.region, workflow.Name, toDoc(workflow)).changes > 0
  );
}

export function saveWorkflow(db: Db, scope: CatalogScope, workflow: Workflow): void {
  db.prepare('UPDATE glue_workflows SET doc = ? WHERE account = ? AND region = ? AND name = ?').run(
    toDoc(workflow),
    scope.account,
    scope.region,
    workflow.Name,
  );
}

export function deleteWorkflowRow(db: Db, scope: CatalogScope, name: string): void {
  db.prepare('DELETE FROM glue_workflows WHERE account = ? AND region = ? AND name = ?').run(
    scope.account,
    scope.region,
    name,
  );
}

export function workflowNames(db: Db, scope: CatalogScope): string[] {
  return db
    .prepare('SELECT name FROM glue_workflows WHERE account = ? AND region = ? ORDER BY name')
    .pluck()
    .all(scope.account, scope.region) as string[];
}
