import type { WorkGroup } from '@aws-sdk/client-athena';
import type { OpContext } from '../context.js';
import type { Db } from '../store/sqlite.js';
import { fromAthenaDoc, toAthenaDoc } from './documents.js';
import { athenaErrors } from './errors.js';

/** Every account and region has this workgroup, with no output location, until someone changes it. */
export const PRIMARY_WORKGROUP = 'primary';

/** What Athena reports for a workgroup that did not choose an engine version. */
export const DEFAULT_ENGINE_VERSION = {
  SelectedEngineVersion: 'AUTO',
  EffectiveEngineVersion: 'Athena engine version 3',
};

export interface Scope {
  account: string;
  region: string;
}

/** The `primary` workgroup as Athena creates it. Its CreationTime is fixed: lakebox never stored it. */
function defaultPrimary(): WorkGroup {
  return {
    Name: PRIMARY_WORKGROUP,
    State: 'ENABLED',
    Configuration: {
      ResultConfiguration: {},
      EnforceWorkGroupConfiguration: false,
      PublishCloudWatchMetricsEnabled: false,
      RequesterPaysEnabled: false,
      EngineVersion: { ...DEFAULT_ENGINE_VERSION },
    },
    CreationTime: new Date(0),
  };
}

export function findWorkGroup(db: Db, scope: Scope, name: string): WorkGroup | undefined {
  const row = db
    .prepare('SELECT doc FROM athena_workgroups WHERE account = ? AND region = ? AND name = ?')
    .get(scope.account, scope.region, name) as { doc: string } | undefined;
  if (row) return fromAthenaDoc<WorkGroup>(row.doc);
  return name === PRIMARY_WORKGROUP ? defaultPrimary() : undefined;
}

/** Read a workgroup or throw Athena's `WorkGroup is not found.` */
export function requireWorkGroup(db: Db, scope: Scope, name: string): WorkGroup {
  const found = findWorkGroup(db, scope, name);
  if (!found) throw athenaErrors.workGroupNotFound();
  return found;
}

export function putWorkGroup(db: Db, scope: Scope, wg: WorkGroup): void {
  db.prepare(
    'INSERT INTO athena_workgroups (account, region, name, doc) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (account, region, name) DO UPDATE SET doc = excluded.doc',
  ).run(scope.account, scope.region, wg.Name ?? '', toAthenaDoc(wg));
}

/** All workgroups of a scope, `primary` included, in name order. */
export function allWorkGroups(db: Db, scope: Scope): WorkGroup[] {
  const rows = db
    .prepare('SELECT doc FROM athena_workgroups WHERE account = ? AND region = ? ORDER BY name')
    .all(scope.account, scope.region) as { doc: string }[];
  const list = rows.map((r) => fromAthenaDoc<WorkGroup>(r.doc));
  if (!list.some((w) => w.Name === PRIMARY_WORKGROUP)) list.push(defaultPrimary());
  return list.sort((a, b) => ((a.Name ?? '') < (b.Name ?? '') ? -1 : 1));
}

export function scopeOf(ctx: OpContext): Scope {
  return { account: ctx.account, region: ctx.region };
}

export function workGroupArn(scope: Scope, name: string): string {
  return `arn:aws:athena:${scope.region}:${scope.account}:workgroup/${name}`;
}

export function dataCatalogArn(scope: Scope, name: string): string {
  return `arn:aws:athena:${scope.region}:${scope.account}:datacatalog/${name}`;
}
