import type { WorkGroup, WorkGroupConfigurationUpdates, WorkGroupSummary } from '@aws-sdk/client-athena';
import type { Attrs, Change } from '../diff/model.js';
import { mapLimit } from '../live/glue-context.js';
import { athenaSdk } from '../live/sdk.js';
import { bool, int, map, obj, opt, req, resourceOptionFields, str } from '../spec/schema.js';
import type { WorkgroupSpec } from '../spec/types.js';
import { applyAthenaTagChanges, readAthenaTags, workgroupArn } from './athena-tags.js';
import {
  addressOf,
  boolAttr,
  flattenMap,
  type LiveObject,
  numAttr,
  put,
  type ResourceKind,
  strAttr,
  withoutDefaults,
} from './kind.js';

/**
 * Athena workgroups. Attributes: `description`, `state`, `outputLocation`, `encryption`, `kmsKey`,
 * `enforceConfiguration`, `publishCloudWatchMetrics`, `bytesScannedCutoffPerQuery`, `requesterPays`,
 * `engineVersion` (the selected one; the effective one is the service's business), `tags.<k>`.
 * Defaults (ENABLED, enforced configuration, no requester pays, engine AUTO) equal their absence.
 * UpdateWorkGroup changes only what it is given, so apply sends only the changed attributes.
 */
const DEFAULTS: Attrs = { state: 'ENABLED', enforceConfiguration: true, requesterPays: false, engineVersion: 'AUTO' };

export function flattenWorkgroupSpec(spec: WorkgroupSpec): Attrs {
  const out: Attrs = {};
  put(out, 'description', spec.description);
  put(out, 'state', spec.state);
  put(out, 'outputLocation', spec.outputLocation);
  put(out, 'encryption', spec.encryption);
  put(out, 'kmsKey', spec.kmsKey);
  put(out, 'enforceConfiguration', spec.enforceConfiguration);
  put(out, 'publishCloudWatchMetrics', spec.publishCloudWatchMetrics);
  put(out, 'bytesScannedCutoffPerQuery', spec.bytesScannedCutoffPerQuery);
  put(out, 'requesterPays', spec.requesterPays);
  put(out, 'engineVersion', spec.engineVersion);
  return withoutDefaults({ ...out, ...flattenMap('tags.', spec.tags) }, DEFAULTS);
}

/** A live workgroup as attributes. */
export function flattenWorkgroup(w: WorkGroup): Attrs {
  const c = w.Configuration;
  const out: Attrs = {};
  put(out, 'description', w.Description || undefined);
  put(out, 'state', w.State);
  put(out, 'outputLocation', c?.ResultConfiguration?.OutputLocation || undefined);
  put(out, 'encryption', c?.ResultConfiguration?.EncryptionConfiguration?.EncryptionOption);
  put(out, 'kmsKey', c?.ResultConfiguration?.EncryptionConfiguration?.KmsKey);
  put(out, 'enforceConfiguration', c?.EnforceWorkGroupConfiguration);
  put(out, 'publishCloudWatchMetrics', c?.PublishCloudWatchMetricsEnabled);
  put(out, 'bytesScannedCutoffPerQuery', c?.BytesScannedCutoffPerQuery);
  put(out, 'requesterPays', c?.RequesterPaysEnabled);
  put(out, 'engineVersion', c?.EngineVersion?.SelectedEngineVersion);
  return withoutDefaults(out, DEFAULTS);
}

/** Only what changed, as UpdateWorkGroup's ConfigurationUpdates (with its Remove* flags for unset values). */
function configurationUpdates(change: Change): WorkGroupConfigurationUpdates {
  const after = change.after ?? {};
  const has = (path: string) => change.changed.some((c) => c.path === path);
  const out: WorkGroupConfigurationUpdates = {};
  const result: NonNullable<WorkGroupConfigurationUpdates['ResultConfigurationUpdates']> = {};
  if (has('outputLocation')) {
    const v = strAttr(after['outputLocation']);
    if (v) result.OutputLocation = v;
    else result.RemoveOutputLocation = true;
  }
  if (has('encryption') || has('kmsKey')) {
    const option = strAttr(after['encryption']);
    if (option)
      result.EncryptionConfiguration = {
        EncryptionOption: option as 'SSE_S3',
        ...(strAttr(after['kmsKey']) ? { KmsKey: strAttr(after['kmsKey']) } : {}),
      };
    else result.RemoveEncryptionConfiguration = true;
  }
  if (Object.keys(result).length > 0) out.ResultConfigurationUpdates = result;
  if (has('enforceConfiguration')) out.EnforceWorkGroupConfiguration = boolAttr(after['enforceConfiguration']) ?? true;
  if (has('publishCloudWatchMetrics'))
    out.PublishCloudWatchMetricsEnabled = boolAttr(after['publishCloudWatchMetrics']) ?? false;
  if (has('requesterPays')) out.RequesterPaysEnabled = boolAttr(after['requesterPays']) ?? false;
  if (has('bytesScannedCutoffPerQuery')) {
    const v = numAttr(after['bytesScannedCutoffPerQuery']);
    if (v !== undefined) out.BytesScannedCutoffPerQuery = v;
    else out.RemoveBytesScannedCutoffPerQuery = true;
  }
  if (has('engineVersion')) out.EngineVersion = { SelectedEngineVersion: strAttr(after['engineVersion']) ?? 'AUTO' };
  return out;
}

export const workgroupKind: ResourceKind<WorkgroupSpec> = {
  kind: 'workgroup',
  group: 'athena',
  specKey: 'workgroups',
  schema: obj(
    {
      name: req(str('The workgroup name (case matters).')),
      description: opt(str()),
      state: opt(str('Default ENABLED.', { enum: ['ENABLED', 'DISABLED'] })),
      outputLocation: opt(str('s3://bucket/prefix/ for query results.')),
      encryption: opt(str('Result encryption.', { enum: ['SSE_S3', 'SSE_KMS', 'CSE_KMS'] })),
      kmsKey: opt(str()),
      enforceConfiguration: opt(bool('Default true: these settings override the client side ones.')),
      publishCloudWatchMetrics: opt(bool()),
      bytesScannedCutoffPerQuery: opt(int(10_000_000)),
      requesterPays: opt(bool()),
      engineVersion: opt(str('AUTO (default), "Athena engine version 3" ...')),
      tags: opt(map(str(), 'Managed tags; keys not written here are left alone.')),
      ...resourceOptionFields(),
    },
    'An Athena workgroup.',
  ),
  id: (spec) => [spec.name],
  dependencies: () => [],
  check(spec) {
    return spec.outputLocation !== undefined && !spec.outputLocation.startsWith('s3://')
      ? [{ path: ['outputLocation'], message: 'expected s3://bucket/prefix/' }]
      : [];
  },
  references: () => [],
  builtIn: (id) => id[0] === 'primary',
  immutable: [],
  owned: () => [],
  flattenSpec: flattenWorkgroupSpec,
  async read(ctx, wanted) {
    const summaries: WorkGroupSummary[] = [];
    let token: string | undefined;
    do {
      const page = await ctx.athena.send(new (await athenaSdk()).ListWorkGroupsCommand({ NextToken: token }));
      summaries.push(...(page.WorkGroups ?? []));
      token = page.NextToken;
    } while (token);
    const objects = new Map<string, LiveObject>();
    await mapLimit(
      summaries.filter((w) => wanted.has(addressOf('workgroup', [w.Name ?? '']))),
      8,
      async (w) => {
        const id = [w.Name ?? ''];
        const address = addressOf('workgroup', id);
        const [full, tags] = await Promise.all([
          ctx.athena.send(new (await athenaSdk()).GetWorkGroupCommand({ WorkGroup: id[0] })),
          wanted.get(address)?.has('tags') ? readAthenaTags(ctx, await workgroupArn(ctx, id[0]!)) : {},
        ]);
        objects.set(address, {
          address,
          id,
          attrs: { ...flattenWorkgroup(full.WorkGroup ?? { Name: id[0] }), ...tags },
        });
      },
    );
    return { addresses: summaries.map((w) => addressOf('workgroup', [w.Name ?? ''])), objects };
  },
  lint: (change: Change) => (change.action === 'delete' ? ['DS106'] : []),
  async create(ctx, change) {
    const spec = change.spec as WorkgroupSpec;
    const a = change.after ?? {};
    const option = strAttr(a['encryption']);
    const tags = Object.entries(a)
      .filter(([k, v]) => k.startsWith('tags.') && typeof v === 'string')
      .map(([k, v]) => ({ Key: k.slice(5), Value: v as string }));
    await ctx.athena.send(
      new (await athenaSdk()).CreateWorkGroupCommand({
        Name: spec.name,
        ...(strAttr(a['description']) ? { Description: strAttr(a['description']) } : {}),
        Configuration: {
          ResultConfiguration: {
            ...(strAttr(a['outputLocation']) ? { OutputLocation: strAttr(a['outputLocation']) } : {}),
            ...(option
              ? {
                  EncryptionConfiguration: {
                    EncryptionOption: option as 'SSE_S3',
                    ...(strAttr(a['kmsKey']) ? { KmsKey: strAttr(a['kmsKey']) } : {}),
                  },
                }
              : {}),
          },
          ...(boolAttr(a['enforceConfiguration']) !== undefined
            ? { EnforceWorkGroupConfiguration: boolAttr(a['enforceConfiguration']) }
            : {}),
          ...(boolAttr(a['publishCloudWatchMetrics']) !== undefined
            ? { PublishCloudWatchMetricsEnabled: boolAttr(a['publishCloudWatchMetrics']) }
            : {}),
          ...(numAttr(a['bytesScannedCutoffPerQuery']) !== undefined
            ? { BytesScannedCutoffPerQuery: numAttr(a['bytesScannedCutoffPerQuery']) }
            : {}),
          ...(boolAttr(a['requesterPays']) !== undefined ? { RequesterPaysEnabled: boolAttr(a['requesterPays']) } : {}),
          ...(strAttr(a['engineVersion'])
            ? { EngineVersion: { SelectedEngineVersion: strAttr(a['engineVersion']) } }
            : {}),
        },
        ...(tags.length > 0 ? { Tags: tags } : {}),
      }),
    );
    // CreateWorkGroup has no State: a workgroup starts ENABLED.
    if (strAttr(a['state']) === 'DISABLED')
      await ctx.athena.send(
        new (await athenaSdk()).UpdateWorkGroupCommand({ WorkGroup: spec.name, State: 'DISABLED' }),
      );
  },
  async update(ctx, change) {
    const name = change.id[0]!;
    const nonTag = change.changed.filter((c) => !c.path.startsWith('tags.'));
    if (nonTag.length > 0) {
      const after = change.after ?? {};
      const has = (path: string) => nonTag.some((c) => c.path === path);
      const updates = configurationUpdates(change);
      await ctx.athena.send(
        new (await athenaSdk()).UpdateWorkGroupCommand({
          WorkGroup: name,
          ...(has('description') ? { Description: strAttr(after['description']) ?? '' } : {}),
          ...(has('state') ? { State: (strAttr(after['state']) ?? 'ENABLED') as 'ENABLED' } : {}),
          ...(Object.keys(updates).length > 0 ? { ConfigurationUpdates: updates } : {}),
        }),
      );
    }
    await applyAthenaTagChanges(ctx, await workgroupArn(ctx, name), change.changed);
  },
  async delete(ctx, change) {
    const name = change.id[0]!;
    // Deleting a workgroup deletes its named queries: refuse while some this state does not manage remain.
    const left = await ctx.athena.send(
      new (await athenaSdk()).ListNamedQueriesCommand({ WorkGroup: name, MaxResults: 10 }),
    );
    if ((left.NamedQueryIds ?? []).length > 0)
      throw new Error(
        `workgroup ${name} still has named queries this state does not manage: deleting it would delete them`,
      );
    await ctx.athena.send(
      new (await athenaSdk()).DeleteWorkGroupCommand({ WorkGroup: name, RecursiveDeleteOption: true }),
    );
  },
};
