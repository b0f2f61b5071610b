import type { ResultConfiguration, WorkGroup, WorkGroupConfiguration } from '@aws-sdk/client-athena';
import { deleteTags, putTags } from '../glue/catalog/tags-store.js';
import { athenaErrors } from './errors.js';
import type { AthenaOperations } from './operations.js';
import { athenaPage, athenaPageSize, decodeAthenaToken } from './pagination.js';
import {
  allWorkGroups,
  DEFAULT_ENGINE_VERSION,
  findWorkGroup,
  PRIMARY_WORKGROUP,
  putWorkGroup,
  requireWorkGroup,
  scopeOf,
  workGroupArn,
} from './workgroups-store.js';

/**
 * CreateWorkGroup, GetWorkGroup, ListWorkGroups, UpdateWorkGroup, DeleteWorkGroup.
 *
 * LIMITATIONS: capacity reservations, Spark (EngineConfiguration), managed query results and Identity Center
 * settings are stored and echoed but have no effect. The wording of "already exists", "cannot delete primary"
 * and "not empty" errors was not found in public Athena answers; they are lakebox's own.
 */

function withDefaults(config: WorkGroupConfiguration | undefined): WorkGroupConfiguration {
  const { EngineVersion, ...rest } = config ?? {};
  return {
    ResultConfiguration: {},
    EnforceWorkGroupConfiguration: false,
    PublishCloudWatchMetricsEnabled: false,
    RequesterPaysEnabled: false,
    ...rest,
    EngineVersion: effectiveEngineVersion(EngineVersion?.SelectedEngineVersion),
  };
}

/** lakebox runs one engine; whatever is selected, the effective version is Athena engine version 3. */
function effectiveEngineVersion(selected: string | undefined) {
  return {
    SelectedEngineVersion: selected ?? DEFAULT_ENGINE_VERSION.SelectedEngineVersion,
    EffectiveEngineVersion: DEFAULT_ENGINE_VERSION.EffectiveEngineVersion,
  };
}

export const createWorkGroup: AthenaOperations['CreateWorkGroup'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const name = input.Name ?? '';
  const wg: WorkGroup = {
    Name: name,
    State: 'ENABLED',
    Configuration: withDefaults(input.Configuration),
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    CreationTime: ctx.now,
  };
  ctx.db.transaction(() => {
    if (findWorkGroup(ctx.db, scope, name)) throw athenaErrors.invalidInput('WorkGroup is already created');
    putWorkGroup(ctx.db, scope, wg);
    const tags = Object.fromEntries((input.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    if (Object.keys(tags).length > 0) putTags(ctx.db, scope, workGroupArn(scope, name), tags);
  })();
  return {};
};

export const getWorkGroup: AthenaOperations['GetWorkGroup'] = (ctx, input) => ({
  WorkGroup: requireWorkGroup(ctx.db, scopeOf(ctx), input.WorkGroup ?? ''),
});

export const listWorkGroups: AthenaOperations['ListWorkGroups'] = (ctx, input) => {
  const size = athenaPageSize('ListWorkGroups', input.MaxResults);
  const after = decodeAthenaToken('ListWorkGroups', input.NextToken) ?? '';
  const rest = allWorkGroups(ctx.db, scopeOf(ctx)).filter((w) => (w.Name ?? '') > after);
  const { page, NextToken } = athenaPage('ListWorkGroups', rest, size, (w) => w.Name ?? '');
  return {
    WorkGroups: page.map((w) => ({
      Name: w.Name,
      State: w.State,
      Description: w.Description ?? '',
      CreationTime: w.CreationTime,
      EngineVersion: w.Configuration?.EngineVersion,
    })),
    ...(NextToken ? { NextToken } : {}),
  };
};

/** Apply `ResultConfigurationUpdates`: a value replaces, a `Remove...: true` clears. */
function updateResultConfiguration(
  current: ResultConfiguration | undefined,
  u: NonNullable<
    NonNullable<
      Parameters<AthenaOperations['UpdateWorkGroup']>[1]['ConfigurationUpdates']
    >['ResultConfigurationUpdates']
  >,
): ResultConfiguration {
  const next: ResultConfiguration = { ...current };
  if (u.OutputLocation !== undefined) next.OutputLocation = u.OutputLocation;
  if (u.RemoveOutputLocation) delete next.OutputLocation;
  if (u.EncryptionConfiguration !== undefined) next.EncryptionConfiguration = u.EncryptionConfiguration;
  if (u.RemoveEncryptionConfiguration) delete next.EncryptionConfiguration;
  if (u.ExpectedBucketOwner !== undefined) next.ExpectedBucketOwner = u.ExpectedBucketOwner;
  if (u.RemoveExpectedBucketOwner) delete next.ExpectedBucketOwner;
  if (u.AclConfiguration !== undefined) next.AclConfiguration = u.AclConfiguration;
  if (u.RemoveAclConfiguration) delete next.AclConfiguration;
  return next;
}

export const updateWorkGroup: AthenaOperations['UpdateWorkGroup'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  ctx.db.transaction(() => {
    const wg = requireWorkGroup(ctx.db, scope, input.WorkGroup ?? '');
    const config: WorkGroupConfiguration = { ...wg.Configuration };
    const u = input.ConfigurationUpdates;
    if (u) {
      const { ResultConfigurationUpdates, RemoveBytesScannedCutoffPerQuery, EngineVersion, ...plain } = u;
      const {
        RemoveCustomerContentEncryptionConfiguration,
        ManagedQueryResultsConfigurationUpdates: _m,
        ...settable
      } = plain;
      Object.assign(config, settable);
      if (ResultConfigurationUpdates) {
        config.ResultConfiguration = updateResultConfiguration(config.ResultConfiguration, ResultConfigurationUpdates);
      }
      if (RemoveBytesScannedCutoffPerQuery) delete config.BytesScannedCutoffPerQuery;
      if (RemoveCustomerContentEncryptionConfiguration) delete config.CustomerContentEncryptionConfiguration;
      if (EngineVersion) config.EngineVersion = effectiveEngineVersion(EngineVersion.SelectedEngineVersion);
    }
    putWorkGroup(ctx.db, scope, {
      ...wg,
      Configuration: config,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      ...(input.State !== undefined ? { State: input.State } : {}),
    });
  })();
  return {};
};

export const deleteWorkGroup: AthenaOperations['DeleteWorkGroup'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const name = input.WorkGroup ?? '';
  if (name === PRIMARY_WORKGROUP) throw athenaErrors.invalidInput('Cannot delete primary workgroup.');
  ctx.db.transaction(() => {
    requireWorkGroup(ctx.db, scope, name);
    const key = [scope.account, scope.region, name] as const;
    const held =
      (ctx.db
        .prepare('SELECT count(*) FROM athena_named_queries WHERE account = ? AND region = ? AND workgroup = ?')
        .pluck()
        .get(...key) as number) +
      (ctx.db
        .prepare('SELECT count(*) FROM athena_prepared_statements WHERE account = ? AND region = ? AND workgroup = ?')
        .pluck()
        .get(...key) as number);
    if (held > 0 && !input.RecursiveDeleteOption) {
      throw athenaErrors.invalidInput(
        `WorkGroup ${name} is not empty. Set RecursiveDeleteOption to delete it with its contents.`,
      );
    }
    for (const t of ['athena_named_queries', 'athena_prepared_statements', 'athena_workgroups']) {
      const column = t === 'athena_workgroups' ? 'name' : 'workgroup';
      ctx.db.prepare(`DELETE FROM ${t} WHERE account = ? AND region = ? AND ${column} = ?`).run(...key);
    }
    deleteTags(ctx.db, scope, workGroupArn(scope, name));
  })();
  return {};
};

export const workGroupOperations = {
  CreateWorkGroup: createWorkGroup,
  GetWorkGroup: getWorkGroup,
  ListWorkGroups: listWorkGroups,
  UpdateWorkGroup: updateWorkGroup,
  DeleteWorkGroup: deleteWorkGroup,
} satisfies Partial<AthenaOperations>;
